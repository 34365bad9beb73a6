package importers

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/iqa-cli/iqa/transcript"
)

// LiveChat reads chats as the LiveChat Agent Chat API returns them: a chat
// from get_chat ({"id","users":[...],"thread":{...}}), the chats of
// list_archives ({"chats":[...]}), the threads of list_threads
// ({"threads":[...]}), and the incoming_chat webhook
// ({"action":"incoming_chat","payload":{"chat":{...}}}); one, an array, or
// JSON Lines of pages.
//
// Each thread is one conversation (a LiveChat chat is a long-lived
// container; a thread is one visit). Events become messages by type:
// "message" (visibility "agents" is internal), "rich_message" (its
// elements' titles and subtitles), and "filled_form" (the pre-chat form's
// questions and answers, from the customer). "system_message" (joins,
// transfers, closes), "file" and custom events are not turns. An author id
// is resolved through the chat's users[] (type customer or agent; a bot is
// an agent whose type is "bot"); without users, an id that is an e-mail
// address is an agent (LiveChat agents log in with their e-mail) and any
// other id the customer.
type LiveChat struct{}

// Name implements Format.
func (LiveChat) Name() string { return "livechat" }

// Expects implements Format.
func (LiveChat) Expects() string {
	return `LiveChat Agent API chats and threads with "events" (get_chat, list_archives, list_threads) and incoming_chat webhooks`
}

var liveChatWebhook = regexp.MustCompile(`"action"\s*:\s*"incoming_chat"`)

var liveChatEventType = regexp.MustCompile(`"type"\s*:\s*"(message|filled_form|system_message|rich_message)"`)

// Detect implements Format: a thread's "events" holding LiveChat event
// types next to an "author_id", or an incoming_chat webhook.
func (LiveChat) Detect(head []byte, _ string) bool {
	if !looksLikeJSONObjects(head) {
		return false
	}
	if liveChatWebhook.Match(head) {
		return true
	}
	return hasKey(head, "events") && hasKey(head, "author_id") && liveChatEventType.Match(head) &&
		(hasKey(head, "thread") || hasKey(head, "threads") || hasKey(head, "chat_id") || hasKey(head, "chats"))
}

type liveChatUser struct {
	ID    string `json:"id"`
	Type  string `json:"type"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

type liveChatFormField struct {
	Type    string          `json:"type"`
	Label   string          `json:"label"`
	Answer  json.RawMessage `json:"answer"`
	Answers json.RawMessage `json:"answers"`
}

type liveChatEvent struct {
	ID                string              `json:"id"`
	Type              string              `json:"type"`
	Text              string              `json:"text"`
	AuthorID          string              `json:"author_id"`
	CreatedAt         string              `json:"created_at"`
	Visibility        string              `json:"visibility"`
	Recipients        string              `json:"recipients"` // before API v3.3
	SystemMessageType string              `json:"system_message_type"`
	Fields            []liveChatFormField `json:"fields"`
	Elements          []struct {
		Title    string `json:"title"`
		Subtitle string `json:"subtitle"`
	} `json:"elements"`
}

type liveChatThread struct {
	ID        string          `json:"id"`
	ChatID    string          `json:"chat_id"`
	CreatedAt string          `json:"created_at"`
	Active    *bool           `json:"active"`
	Events    []liveChatEvent `json:"events"`
	Tags      []string        `json:"tags"`
}

type liveChatChat struct {
	ID      string           `json:"id"`
	Users   []liveChatUser   `json:"users"`
	Thread  *liveChatThread  `json:"thread"`
	Threads []liveChatThread `json:"threads"`
	// What a list_threads page or a thread on its own has instead.
	Events []liveChatEvent `json:"events"`
	ChatID string          `json:"chat_id"`
	// The incoming_chat webhook.
	Action  string `json:"action"`
	Payload *struct {
		Chat *liveChatChat `json:"chat"`
	} `json:"payload"`
	Chats []json.RawMessage `json:"chats"`
}

// Decode implements Format.
func (LiveChat) Decode(src *Source) error {
	d := &liveChatDecoder{src: src}
	err := EachJSONRecord(src, []string{"chats"}, func(raw json.RawMessage, line int) error {
		var ch liveChatChat
		if !DecodeRecord(src, raw, line, &ch) {
			return nil
		}
		return d.chat(&ch, line)
	})
	if d.eventsOnly > 0 {
		src.Warn("skipped %d thread(s) with no message, only events (system messages, files) or none", d.eventsOnly)
	}
	return err
}

type liveChatDecoder struct {
	src *Source
	// eventsOnly counts threads without a turn: said once, not rejected
	// one by one, since a chat that only ever had a system message is no
	// error.
	eventsOnly int
}

func (d *liveChatDecoder) chat(ch *liveChatChat, line int) error {
	src := d.src
	switch {
	case ch.Payload != nil && ch.Payload.Chat != nil:
		return d.chat(ch.Payload.Chat, line)
	case ch.Action != "":
		src.Reject(line, "webhook %q has no payload.chat (only incoming_chat carries a chat)", ch.Action)
		return nil
	case len(ch.Chats) > 0: // a page of list_archives inside JSON Lines
		for _, raw := range ch.Chats {
			var inner liveChatChat
			if !DecodeRecord(src, raw, line, &inner) {
				continue
			}
			if err := d.chat(&inner, line); err != nil {
				return err
			}
		}
		return nil
	}
	threads := ch.Threads
	if ch.Thread != nil {
		threads = append([]liveChatThread{*ch.Thread}, threads...)
	}
	if len(threads) == 0 && ch.Events != nil { // a thread on its own
		threads = []liveChatThread{{ID: ch.ID, ChatID: ch.ChatID, Events: ch.Events}}
		ch.ID = ch.ChatID
	}
	if len(threads) == 0 {
		src.Reject(line, "chat %q has no thread with events", ch.ID)
		return nil
	}
	users := map[string]liveChatUser{}
	for _, u := range ch.Users {
		users[u.ID] = u
	}
	for i := range threads {
		if err := d.thread(ch.ID, &threads[i], users, line); err != nil {
			return err
		}
	}
	return nil
}

var liveChatRoleTable = map[string]transcript.Role{
	"customer": transcript.Customer,
	"agent":    transcript.Agent,
	"bot":      transcript.Bot,
}

func (d *liveChatDecoder) thread(chatID string, t *liveChatThread, users map[string]liveChatUser, line int) error {
	src := d.src
	id := firstNonEmpty(t.ID, chatID)
	if id == "" {
		src.Reject(line, `thread has no "id"`)
		return nil
	}
	c := &transcript.Conversation{
		ID:      id,
		Channel: transcript.Chat,
		Source:  transcript.Location{File: src.Name, Line: line},
		Meta:    map[string]string{"platform": "livechat"},
	}
	setMeta(c, "chat_id", firstNonEmpty(chatID, t.ChatID))
	setMeta(c, "tags", strings.Join(t.Tags, ","))
	turns := 0 // events that are turns, kept or rejected
	for _, e := range t.Events {
		text, role, ok := e.turn(src, c, users)
		if !ok {
			continue
		}
		turns++
		if role == "" {
			src.Reject(line, "thread %s, event %s: unknown author type %q (map it with --role-map)", id, e.ID, users[e.AuthorID].Type)
			continue
		}
		at, err := src.Times.Parse(e.CreatedAt)
		if err != nil {
			src.Reject(line, "thread %s, event %s: %v", id, e.ID, err)
			continue
		}
		u := users[e.AuthorID]
		m := transcript.Message{
			Role:     role,
			Author:   firstNonEmpty(u.Name, u.Email, e.AuthorID),
			Text:     text,
			At:       at,
			Internal: e.Visibility == "agents" || e.Recipients == "agents",
		}
		switch {
		case role == transcript.Agent && c.Agent == "":
			c.Agent = m.Author
		case role == transcript.Customer && c.Customer == "":
			c.Customer = m.Author
		}
		c.Messages = append(c.Messages, m)
	}
	if len(c.Messages) == 0 && turns == 0 {
		d.eventsOnly++
		return nil
	}
	return src.Emit(c)
}

// turn returns an event's text and its author's role, or false for an
// event that is not a turn.
func (e *liveChatEvent) turn(src *Source, c *transcript.Conversation, users map[string]liveChatUser) (string, transcript.Role, bool) {
	var text string
	switch e.Type {
	case "message":
		text = strings.TrimSpace(e.Text)
	case "rich_message":
		var parts []string
		for _, el := range e.Elements {
			parts = append(parts, firstNonEmpty(el.Title), firstNonEmpty(el.Subtitle))
		}
		text = strings.TrimSpace(strings.Join(nonEmpty(parts), "\n"))
	case "filled_form":
		text = e.formText(c)
	default:
		return "", "", false // system_message, file, custom, ...
	}
	if text == "" {
		return "", "", false
	}
	u, known := users[e.AuthorID]
	if !known {
		// Agents' ids are their login e-mails; customers' are UUIDs.
		if strings.Contains(e.AuthorID, "@") {
			return text, transcript.Agent, true
		}
		return text, transcript.Customer, true
	}
	role, ok := helpdeskRole(src.Opts, u.Type, liveChatRoleTable)
	if !ok {
		return text, "", true
	}
	return text, role, true
}

// formText renders a filled form's answers as "Label: answer" lines. The
// customer's name and e-mail become metadata, not text: they say nothing
// the agent answers.
func (e *liveChatEvent) formText(c *transcript.Conversation) string {
	var lines []string
	for _, f := range e.Fields {
		answer := liveChatAnswer(f.Answer)
		if answer == "" {
			answer = liveChatAnswer(f.Answers)
		}
		if answer == "" {
			continue
		}
		switch f.Type {
		case "name":
			setMeta(c, "form_name", answer)
			continue
		case "email":
			setMeta(c, "form_email", answer)
			continue
		}
		switch label := strings.TrimSpace(f.Label); {
		case label == "":
		case strings.HasSuffix(label, ":") || strings.HasSuffix(label, "?"):
			answer = label + " " + answer
		default:
			answer = label + ": " + answer
		}
		lines = append(lines, answer)
	}
	return strings.Join(lines, "\n")
}

// liveChatAnswer reads a form answer: a string, an {"label":...} choice,
// or a list of either.
func liveChatAnswer(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var choice struct {
		Label string `json:"label"`
	}
	if raw[0] == '{' && json.Unmarshal(raw, &choice) == nil {
		return strings.TrimSpace(choice.Label)
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		var parts []string
		for _, item := range list {
			parts = append(parts, liveChatAnswer(item))
		}
		return strings.Join(nonEmpty(parts), ", ")
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return fmt.Sprint(n)
	}
	return ""
}

// nonEmpty drops blank strings.
func nonEmpty(values []string) []string {
	var out []string
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			out = append(out, v)
		}
	}
	return out
}
