package importers

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/iqa-cli/iqa/transcript"
)

// Intercom reads conversations as the Intercom Conversations API returns
// them (GET /conversations/{id}, or the list and search endpoints): one
// conversation object, an array of them, {"conversations": [...]} or JSON
// Lines.
//
// The conversation's source is its first message; each conversation part
// with a body is a message after it. Parts without a body are events
// (assignments, opening, closing, snoozing, attribute changes): they are
// skipped and not counted as rejects, because they are not messages.
// Author types: user, lead and contact are the customer, admin an agent,
// bot a bot (and so is an admin part the AI agent wrote), team the system.
// Notes are internal.
type Intercom struct{}

// Name implements Format.
func (Intercom) Name() string { return "intercom" }

// Expects implements Format.
func (Intercom) Expects() string {
	return `Intercom conversations {"type":"conversation","source":{...},"conversation_parts":{...}} (one, an array, {"conversations":[...]} or JSON Lines)`
}

var (
	intercomType     = regexp.MustCompile(`"type"\s*:\s*"conversation"`)
	intercomListType = regexp.MustCompile(`"type"\s*:\s*"conversation\.list"`)
)

// Detect implements Format: "conversation_parts", a "conversation.list"
// page, or an object of type "conversation" with a "source" (the first
// message; older API versions called it "conversation_message").
func (Intercom) Detect(head []byte, _ string) bool {
	if !looksLikeJSONObjects(head) || (Native{}).Detect(head, "") {
		return false
	}
	return hasKey(head, "conversation_parts") || intercomListType.Match(head) ||
		(intercomType.Match(head) && (hasKey(head, "source") || hasKey(head, "conversation_message")))
}

type intercomAuthor struct {
	Type        string     `json:"type"`
	ID          flexString `json:"id"`
	Name        string     `json:"name"`
	Email       string     `json:"email"`
	FromAIAgent bool       `json:"from_ai_agent"`
}

type intercomPart struct {
	ID        flexString     `json:"id"`
	PartType  string         `json:"part_type"`
	Body      *string        `json:"body"`
	CreatedAt flexString     `json:"created_at"`
	Author    intercomAuthor `json:"author"`
}

type intercomSource struct {
	Type        string         `json:"type"`
	DeliveredAs string         `json:"delivered_as"`
	Subject     string         `json:"subject"`
	Body        *string        `json:"body"`
	Author      intercomAuthor `json:"author"`
}

type intercomConversation struct {
	Type      string         `json:"type"`
	ID        flexString     `json:"id"`
	CreatedAt flexString     `json:"created_at"`
	State     string         `json:"state"`
	Title     string         `json:"title"`
	Source    intercomSource `json:"source"`
	// OldSource is what API versions before 2.0 called the source.
	OldSource      *intercomSource `json:"conversation_message"`
	TeamAssigneeID flexString      `json:"team_assignee_id"`
	Tags           json.RawMessage `json:"tags"`
	Rating         *struct {
		Rating flexString `json:"rating"`
	} `json:"conversation_rating"`
	Parts json.RawMessage `json:"conversation_parts"`
}

// Decode implements Format.
func (Intercom) Decode(src *Source) error {
	return EachJSONRecord(src, []string{"conversations"}, func(raw json.RawMessage, line int) error {
		// A line of JSON Lines may be a whole page of the list API.
		var page struct {
			Type          string            `json:"type"`
			Conversations []json.RawMessage `json:"conversations"`
		}
		if json.Unmarshal(raw, &page) == nil && page.Type == "conversation.list" {
			for _, c := range page.Conversations {
				if err := intercomConversationRecord(src, c, line); err != nil {
					return err
				}
			}
			return nil
		}
		return intercomConversationRecord(src, raw, line)
	})
}

func intercomConversationRecord(src *Source, raw json.RawMessage, line int) error {
	var ic intercomConversation
	if !DecodeRecord(src, raw, line, &ic) {
		return nil
	}
	if ic.Type != "" && ic.Type != "conversation" {
		src.Reject(line, "not a conversation: type %q", ic.Type)
		return nil
	}
	if ic.ID == "" {
		src.Reject(line, `conversation has no "id"`)
		return nil
	}
	if ic.Source.Body == nil && ic.OldSource != nil {
		ic.Source = *ic.OldSource
	}
	parts, err := intercomParts(ic.Parts)
	if err != nil {
		src.Reject(line, "conversation %s: conversation_parts: %v", ic.ID, err)
		return nil
	}
	c := &transcript.Conversation{
		ID:      string(ic.ID),
		Channel: intercomChannel(ic.Source.Type, ic.Source.DeliveredAs),
		Team:    string(ic.TeamAssigneeID),
		Source:  transcript.Location{File: src.Name, Line: line},
		Meta:    map[string]string{"platform": "intercom"},
	}
	if c.Team == "0" { // older API versions: 0 means no team
		c.Team = ""
	}
	setMeta(c, "state", ic.State)
	setMeta(c, "subject", HTMLToText(firstNonEmpty(ic.Source.Subject, ic.Title)))
	setMeta(c, "tags", strings.Join(intercomTags(ic.Tags), ","))
	if ic.Rating != nil {
		setMeta(c, "rating", string(ic.Rating.Rating))
	}
	first := intercomPart{PartType: "source", Body: ic.Source.Body, CreatedAt: ic.CreatedAt, Author: ic.Source.Author}
	for i, p := range append([]intercomPart{first}, parts...) {
		if p.Body == nil || strings.TrimSpace(HTMLToText(*p.Body)) == "" {
			continue // an event (assignment, close, ...), not a message
		}
		m, err := p.message(src)
		if err != nil {
			what := "part " + string(p.ID)
			if i == 0 {
				what = "source"
			}
			src.Reject(line, "conversation %s, %s: %v", ic.ID, what, err)
			continue
		}
		c.Messages = append(c.Messages, m)
	}
	return src.Emit(c)
}

// intercomParts reads conversation_parts: the API's
// {"type":"conversation_part.list","conversation_parts":[...]}, or a bare
// list.
func intercomParts(raw json.RawMessage) ([]intercomPart, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var parts []intercomPart
	if raw[0] == '[' {
		err := json.Unmarshal(raw, &parts)
		return parts, err
	}
	var list struct {
		Parts []intercomPart `json:"conversation_parts"`
	}
	err := json.Unmarshal(raw, &list)
	return list.Parts, err
}

// intercomTags reads tags: {"type":"tag.list","tags":[{"name":...}]}, or a
// bare list of tag objects or names.
func intercomTags(raw json.RawMessage) []string {
	var list struct {
		Tags json.RawMessage `json:"tags"`
	}
	if len(raw) > 0 && raw[0] == '{' && json.Unmarshal(raw, &list) == nil {
		raw = list.Tags
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		return nil
	}
	var names []string
	for _, item := range items {
		var tag struct {
			Name string `json:"name"`
		}
		var name string
		if json.Unmarshal(item, &tag) == nil && tag.Name != "" {
			names = append(names, tag.Name)
		} else if json.Unmarshal(item, &name) == nil && name != "" {
			names = append(names, name)
		}
	}
	return names
}

var intercomRoleTable = map[string]transcript.Role{
	"user":    transcript.Customer,
	"lead":    transcript.Customer,
	"contact": transcript.Customer,
	"admin":   transcript.Agent,
	"bot":     transcript.Bot,
	"team":    transcript.System,
}

func (p *intercomPart) message(src *Source) (transcript.Message, error) {
	m := transcript.Message{
		Text:     HTMLToText(*p.Body),
		Author:   firstNonEmpty(p.Author.Name, p.Author.Email, string(p.Author.ID)),
		Internal: strings.Contains(p.PartType, "note"),
	}
	var err error
	if m.At, err = src.Times.Parse(string(p.CreatedAt)); err != nil {
		return m, err
	}
	role, ok := helpdeskRole(src.Opts, p.Author.Type, intercomRoleTable)
	switch {
	case p.Author.Type == "":
		return m, fmt.Errorf(`no author "type"`)
	case !ok:
		return m, fmt.Errorf("unknown author type %q (map it with --role-map)", p.Author.Type)
	}
	if p.Author.FromAIAgent {
		role = transcript.Bot
	}
	m.Role = role
	return m, nil
}

// intercomChannel maps the source's type and delivered_as to a channel.
func intercomChannel(sourceType, deliveredAs string) transcript.Channel {
	for _, v := range []string{sourceType, deliveredAs} {
		switch strings.ToLower(v) {
		case "email":
			return transcript.Email
		case "twitter", "facebook", "instagram":
			return transcript.Social
		case "sms":
			return transcript.SMS
		case "phone_call", "call", "phone_switch":
			return transcript.Call
		}
	}
	return transcript.Chat
}
