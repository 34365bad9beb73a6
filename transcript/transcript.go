// Package transcript is iqa's data model: one customer-service conversation,
// whatever platform it came from.
//
// Importers produce Conversations; scoring reads them; reports print them. A
// Conversation is also iqa's native JSON format: encoding one with
// encoding/json gives a line that `iqa import` writes and every importer reads
// back unchanged.
package transcript

import (
	"fmt"
	"time"
)

// Channel is the medium a conversation took place in.
type Channel string

// The channels iqa knows. Rubric thresholds are set per channel.
const (
	Chat   Channel = "chat"
	Email  Channel = "email"
	Call   Channel = "call"
	SMS    Channel = "sms"
	Social Channel = "social"
	Other  Channel = "other"
)

// Channels lists every channel in a stable order.
var Channels = []Channel{Chat, Email, Call, SMS, Social, Other}

// ParseChannel maps a channel name, or a common synonym for one, to a
// Channel. It reports false for names it does not recognise.
func ParseChannel(s string) (Channel, bool) {
	switch normalizeKey(s) {
	case "chat", "livechat", "messenger", "webchat", "messaging", "whatsapp", "web", "widget", "chatwidget":
		return Chat, true
	case "email", "e-mail", "mail":
		return Email, true
	case "call", "phone", "voice", "telephony":
		return Call, true
	case "sms", "text", "txt":
		return SMS, true
	case "social", "twitter", "facebook", "instagram", "x":
		return Social, true
	case "other", "api":
		return Other, true
	}
	return "", false
}

// Role is who wrote a message.
type Role string

// The roles iqa scores by. Only agent and customer turns are judged; bot and
// system turns are kept for context.
const (
	Agent    Role = "agent"
	Customer Role = "customer"
	Bot      Role = "bot"
	System   Role = "system"
)

// ParseRole maps a role name, or a common synonym used by helpdesk exports,
// to a Role. It reports false for names it does not recognise.
func ParseRole(s string) (Role, bool) {
	switch normalizeKey(s) {
	case "agent", "humanagent", "operator", "admin", "staff", "support", "rep", "representative",
		"advisor", "employee", "teammate", "outbound", "outgoing", "company", "brand", "business", "host":
		return Agent, true
	case "customer", "user", "visitor", "client", "contact", "lead", "enduser", "end-user",
		"end_user", "requester", "guest", "caller", "inbound", "incoming", "consumer", "member":
		return Customer, true
	case "bot", "chatbot", "automated", "automation", "virtual_agent", "virtualagent", "ai", "assistant":
		return Bot, true
	case "system", "note", "event", "internal":
		return System, true
	}
	return "", false
}

// Message is one turn of a conversation.
type Message struct {
	Role   Role   `json:"role"`
	Author string `json:"author,omitempty"`
	// Text is plain text, whitespace-normalized by NormalizeText; never HTML.
	Text string `json:"text"`
	// At is when the message was sent; the zero time means unknown.
	At time.Time `json:"at,omitzero"`
	// StartMS and EndMS are offsets from the start of a call recording.
	StartMS *int64 `json:"start_ms,omitempty"`
	EndMS   *int64 `json:"end_ms,omitempty"`
	// Internal marks a message the customer never saw (an internal note). It
	// is kept for context but not scored.
	Internal bool `json:"internal,omitempty"`
}

// HasTime reports whether the message has a known timestamp.
func (m *Message) HasTime() bool { return !m.At.IsZero() }

// HasOffsets reports whether the message carries call offsets.
func (m *Message) HasOffsets() bool { return m.StartMS != nil && m.EndMS != nil }

// Visible reports whether the customer saw the message.
func (m *Message) Visible() bool { return !m.Internal }

// Conversation is one support interaction: a chat, an e-mail thread, a call.
type Conversation struct {
	ID       string    `json:"id"`
	Channel  Channel   `json:"channel"`
	Agent    string    `json:"agent,omitempty"`
	Team     string    `json:"team,omitempty"`
	Customer string    `json:"customer,omitempty"`
	Start    time.Time `json:"start,omitzero"`
	Messages []Message `json:"messages"`
	// Meta holds what the export said beyond the model: status, csat, tags,
	// the source platform ("platform"), a service's own analytics.
	Meta map[string]string `json:"meta,omitempty"`
	// Source is where the conversation was read from. It is written by
	// `iqa import` for the reader's benefit and replaced on every import.
	Source Location `json:"source,omitzero"`
}

// Location points at a record in an input: a file and a line, or a record
// number where the format has no lines.
type Location struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Record int    `json:"record,omitempty"`
}

// String formats the location the way compilers do: file:line.
func (l Location) String() string {
	switch {
	case l.Line > 0:
		return fmt.Sprintf("%s:%d", l.File, l.Line)
	case l.Record > 0:
		return fmt.Sprintf("%s:record %d", l.File, l.Record)
	default:
		return l.File
	}
}

// Duration is the time from the first to the last timestamped message, or
// the end of the last call turn when there are offsets; zero when unknown.
func (c *Conversation) Duration() time.Duration {
	var first, last time.Time
	var endMS int64
	for i := range c.Messages {
		m := &c.Messages[i]
		if m.HasTime() {
			if first.IsZero() || m.At.Before(first) {
				first = m.At
			}
			if m.At.After(last) {
				last = m.At
			}
		}
		if m.EndMS != nil && *m.EndMS > endMS {
			endMS = *m.EndMS
		}
	}
	if d := last.Sub(first); d > 0 {
		return d
	}
	return time.Duration(endMS) * time.Millisecond
}

// Finish completes a conversation an importer has filled in: it normalizes
// every message's text, orders messages by time when every message has one
// (a stable sort, so file order breaks ties), sets Start from the first
// timestamp, and names the agent and the customer from their first turns
// when the export did not.
func (c *Conversation) Finish() {
	for i := range c.Messages {
		c.Messages[i].Text = NormalizeText(c.Messages[i].Text)
	}
	sortByTime(c.Messages)
	if c.Start.IsZero() {
		for i := range c.Messages {
			if c.Messages[i].HasTime() {
				c.Start = c.Messages[i].At
				break
			}
		}
	}
	if c.Agent == "" {
		for i := range c.Messages {
			if c.Messages[i].Role == Agent && names(c.Messages[i].Author) {
				c.Agent = c.Messages[i].Author
				break
			}
		}
	}
	if c.Customer == "" {
		for i := range c.Messages {
			if c.Messages[i].Role == Customer && names(c.Messages[i].Author) {
				c.Customer = c.Messages[i].Author
				break
			}
		}
	}
	if c.Channel == "" {
		c.Channel = Other
	}
}

// names reports whether an author names someone: an export whose sender
// column holds "Agent" or "Customer" says who spoke, not who they are, and
// would otherwise make one agent called "Agent" of every agent.
func names(author string) bool {
	_, isRole := ParseRole(author)
	return author != "" && !isRole
}
