package importers

import (
	"encoding/json"
	"regexp"
	"strings"

	"github.com/iqa-cli/iqa/transcript"
)

// Front reads Front conversation messages as GET
// /conversations/{id}/messages returns them ({"_results":[...]}, newest
// first), pages of them appended or as JSON Lines, and plain arrays of
// messages; and the conversation's comments (GET
// /conversations/{id}/comments) as internal notes when they are in the
// same file.
//
// is_inbound says who wrote a message: true is the customer (named by the
// "from" recipient), false a teammate (the author); an outbound message
// without an author was sent by a rule, an auto-reply or an integration
// and is a bot's. Drafts are
// not turns. The text is "text" when given, else the HTML body; quoted
// replies are stripped from e-mails. created_at is epoch seconds with a
// fraction. Messages are grouped by the conversation id in
// _links.related.conversation; each run of one conversation is one
// conversation.
type Front struct{}

// Name implements Format.
func (Front) Name() string { return "front" }

// Expects implements Format.
func (Front) Expects() string {
	return `Front conversation messages {"_results":[{"is_inbound":true,"author":...,"recipients":[...],"created_at":1453770984.123}]} (pages appended) and comments`
}

var frontConversationLink = regexp.MustCompile(`/conversations/([A-Za-z0-9_]+)`)

// Detect implements Format: messages with "is_inbound" and "recipients",
// or Front's "_results" list holding "is_inbound".
func (Front) Detect(head []byte, _ string) bool {
	if !looksLikeJSONObjects(head) || !hasKey(head, "is_inbound") || !hasKey(head, "created_at") {
		return false
	}
	return hasKey(head, "recipients") || hasKey(head, "_results")
}

type frontRecipient struct {
	Name   string `json:"name"`
	Handle string `json:"handle"`
	Role   string `json:"role"`
}

type frontTeammate struct {
	ID        string `json:"id"`
	Email     string `json:"email"`
	Username  string `json:"username"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
}

func (t *frontTeammate) name() string {
	if t == nil {
		return ""
	}
	return firstNonEmpty(strings.TrimSpace(t.FirstName+" "+t.LastName), t.Username, t.Email, t.ID)
}

type frontMessage struct {
	Links struct {
		Related struct {
			Conversation string `json:"conversation"`
		} `json:"related"`
	} `json:"_links"`
	ID         string           `json:"id"`
	Type       string           `json:"type"`
	IsInbound  *bool            `json:"is_inbound"`
	IsDraft    bool             `json:"is_draft"`
	CreatedAt  flexString       `json:"created_at"`
	PostedAt   flexString       `json:"posted_at"` // a comment
	Subject    string           `json:"subject"`
	Author     *frontTeammate   `json:"author"`
	Recipients []frontRecipient `json:"recipients"`
	Body       string           `json:"body"`
	Text       string           `json:"text"`
	// What a page line (JSON Lines) holds instead.
	Results []json.RawMessage `json:"_results"`
	// A conversation of a conversation list, which carries only its last
	// message.
	LastMessage json.RawMessage `json:"last_message"`
}

// Decode implements Format.
func (Front) Decode(src *Source) error {
	d := &frontDecoder{src: src, runs: platformRuns(src, "front", "")}
	err := EachJSONRecord(src, []string{"_results"}, d.record)
	if err == nil {
		err = d.runs.flush()
	}
	warnEmpty(src, d.empty, "message")
	if d.listed > 0 {
		src.Warn("skipped %s from a conversation list: it holds only each one's last message, not the transcript; export GET /conversations/{id}/messages instead", plural(d.listed, "conversation"))
	}
	return err
}

type frontDecoder struct {
	src    *Source
	runs   adjacentRuns
	empty  int
	listed int // conversation objects (with a last_message), not messages
}

func (d *frontDecoder) record(raw json.RawMessage, line int) error {
	var m frontMessage
	if !DecodeRecord(d.src, raw, line, &m) {
		return nil
	}
	if m.Results != nil {
		for _, r := range m.Results {
			if err := d.record(r, line); err != nil {
				return err
			}
		}
		return nil
	}
	if len(m.LastMessage) > 0 && m.IsInbound == nil {
		d.listed++
		return nil
	}
	return d.message(&m, line)
}

func (d *frontDecoder) message(m *frontMessage, line int) error {
	src := d.src
	id := fileConversationID(src.Name)
	if sub := frontConversationLink.FindStringSubmatch(m.Links.Related.Conversation); sub != nil {
		id = sub[1]
	}
	if m.IsDraft {
		return nil // never sent
	}
	comment := m.IsInbound == nil && m.PostedAt != ""
	if m.IsInbound == nil && !comment {
		src.Reject(line, "message %s: no \"is_inbound\": cannot tell who wrote it", m.ID)
		return nil
	}
	c, err := d.runs.at(id, line)
	if err != nil {
		return err
	}
	msg := transcript.Message{Role: transcript.Agent, Internal: comment}
	var from string
	for _, r := range m.Recipients {
		if strings.EqualFold(r.Role, "from") {
			from = firstNonEmpty(r.Name, r.Handle)
			if !comment && *m.IsInbound {
				setMeta(c, "customer_handle", r.Handle)
			}
			break
		}
	}
	switch {
	case comment:
		msg.Author = m.Author.name()
	case *m.IsInbound:
		msg.Role, msg.Author = transcript.Customer, from
	case m.Author == nil:
		// Sent by Front for a rule, an auto-reply or an integration:
		// no teammate wrote it.
		msg.Role, msg.Author = transcript.Bot, from
	default:
		msg.Author = m.Author.name()
	}
	if agentDomain(msg.Author, src.Opts.AgentDomains) {
		msg.Role = transcript.Agent
	}
	email := strings.EqualFold(m.Type, "email")
	msg.Text = firstNonEmpty(m.Text, HTMLToText(m.Body))
	if email && !comment {
		msg.Text = strings.TrimSpace(stripQuoted(msg.Text))
	}
	if msg.Text == "" {
		d.empty++
		return nil
	}
	stamp := m.CreatedAt
	if comment {
		stamp = m.PostedAt
	}
	if msg.At, err = src.Times.Parse(string(stamp)); err != nil {
		src.RejectIn(id, line, "conversation %s, message %s: created_at: %v", id, m.ID, err)
		return nil
	}
	if c.Channel == "" && !comment {
		c.Channel = frontChannel(m.Type)
	}
	setMeta(c, "subject", cleanSubject(m.Subject))
	c.Messages = append(c.Messages, msg)
	return nil
}

func frontChannel(typ string) transcript.Channel {
	switch strings.ToLower(typ) {
	case "email":
		return transcript.Email
	case "sms":
		return transcript.SMS
	case "call", "phone_call":
		return transcript.Call
	case "tweet", "tweet_dm", "facebook", "instagram", "googleplay":
		return transcript.Social
	case "front_chat", "intercom", "smooch", "whatsapp", "custom", "yalo_wha":
		return transcript.Chat
	}
	return transcript.Other
}
