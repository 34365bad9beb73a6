package importers

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/iqa-cli/iqa/transcript"
)

// HubSpot reads HubSpot Conversations API v3 messages, as GET
// /conversations/v3/conversations/threads/{threadId}/messages returns them
// ({"results":[...],"paging":{...}}, newest first), pages of them appended
// to one file, and thread objects bundled with their messages (a thread
// with "messages" as a list or as a {"results":[...]} page).
//
// Only type MESSAGE is a turn, and COMMENT an internal note; welcome
// messages and events (THREAD_STATUS_CHANGE, ASSIGNMENT, ...) are skipped
// without being counted as rejects, because they are not messages. The
// sender's actor id says who wrote: V- a visitor (customer), A- an agent,
// B- a bot, S- the system, I- an integration (a bot); without one,
// direction INCOMING is the customer and OUTGOING an agent. Messages are
// grouped by conversationsThreadId; each run of one thread is one
// conversation.
type HubSpot struct{}

// Name implements Format.
func (HubSpot) Name() string { return "hubspot" }

// Expects implements Format.
func (HubSpot) Expects() string {
	return `HubSpot Conversations v3 thread messages {"results":[{"type":"MESSAGE","senders":[{"actorId":"V-..."}]}]} (pages appended), or threads with their "messages"`
}

// Detect implements Format: a message's "conversationsThreadId", or
// senders with actor ids and a "truncationStatus" or "direction", or a
// thread ("originalChannelId") bundled with "messages".
func (HubSpot) Detect(head []byte, _ string) bool {
	if !looksLikeJSONObjects(head) || (Native{}).Detect(head, "") {
		return false
	}
	if hasKey(head, "conversationsThreadId") {
		return true
	}
	if hasKey(head, "senders") && hasKey(head, "actorId") && (hasKey(head, "truncationStatus") || hasKey(head, "direction")) {
		return true
	}
	return hasKey(head, "originalChannelId") && hasKey(head, "messages")
}

type hubspotSender struct {
	ActorID            string `json:"actorId"`
	Name               string `json:"name"`
	DeliveryIdentifier *struct {
		Value string `json:"value"`
	} `json:"deliveryIdentifier"`
}

type hubspotMessage struct {
	Type      string          `json:"type"`
	ID        flexString      `json:"id"`
	ThreadID  flexString      `json:"conversationsThreadId"`
	CreatedAt flexString      `json:"createdAt"`
	CreatedBy string          `json:"createdBy"`
	Senders   []hubspotSender `json:"senders"`
	Text      string          `json:"text"`
	RichText  string          `json:"richText"`
	Subject   string          `json:"subject"`
	Direction string          `json:"direction"`
	ChannelID flexString      `json:"channelId"`
}

// hubspotRecord is a message, or a thread with its messages.
type hubspotRecord struct {
	hubspotMessage
	// Status is the thread's "OPEN" or "CLOSED"; a message's status is an
	// object ({"statusType":"SENT"}), which is not read.
	Status            json.RawMessage `json:"status"`
	OriginalChannelID flexString      `json:"originalChannelId"`
	InboxID           flexString      `json:"inboxId"`
	AssignedTo        string          `json:"assignedTo"`
	ContactID         flexString      `json:"associatedContactId"`
	Messages          json.RawMessage `json:"messages"`
}

// Decode implements Format.
func (HubSpot) Decode(src *Source) error {
	var pending *transcript.Conversation
	emitted := map[string]bool{}
	flush := func() error {
		c := pending
		pending = nil
		if c == nil {
			return nil
		}
		if emitted[c.ID] {
			src.Warn("thread %s's messages are not next to each other; it is imported as more than one conversation", c.ID)
		}
		emitted[c.ID] = true
		return src.Emit(c)
	}
	err := EachJSONRecord(src, []string{"results"}, func(raw json.RawMessage, line int) error {
		var r hubspotRecord
		if !DecodeRecord(src, raw, line, &r) {
			return nil
		}
		if len(r.Messages) > 0 && string(r.Messages) != "null" {
			if err := flush(); err != nil {
				return err
			}
			return hubspotThread(src, &r, line)
		}
		id := string(r.ThreadID)
		if id == "" {
			id = fileConversationID(src.Name)
		}
		if pending != nil && pending.ID != id {
			if err := flush(); err != nil {
				return err
			}
		}
		if pending == nil {
			pending = newHubSpotConversation(src, id, line)
		}
		hubspotAdd(src, pending, &r.hubspotMessage, line)
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

func newHubSpotConversation(src *Source, id string, line int) *transcript.Conversation {
	return &transcript.Conversation{
		ID:     id,
		Source: transcript.Location{File: src.Name, Line: line},
		Meta:   map[string]string{"platform": "hubspot"},
	}
}

// hubspotThread emits a thread object and the messages bundled with it.
func hubspotThread(src *Source, r *hubspotRecord, line int) error {
	if r.ID == "" {
		src.Reject(line, `thread has no "id"`)
		return nil
	}
	var msgs []hubspotMessage
	raw := r.Messages
	if raw[0] == '{' {
		var page struct {
			Results json.RawMessage `json:"results"`
		}
		if err := json.Unmarshal(raw, &page); err != nil {
			src.Reject(line, "thread %s: messages: %v", r.ID, err)
			return nil
		}
		raw = page.Results
	}
	if err := json.Unmarshal(raw, &msgs); err != nil {
		src.Reject(line, "thread %s: messages: %v", r.ID, err)
		return nil
	}
	c := newHubSpotConversation(src, string(r.ID), line)
	c.Channel = hubspotChannel(r.OriginalChannelID)
	var status string
	if json.Unmarshal(r.Status, &status) == nil {
		setMeta(c, "status", strings.ToLower(status))
	}
	setMeta(c, "inbox", string(r.InboxID))
	setMeta(c, "contact", string(r.ContactID))
	for i := range msgs {
		hubspotAdd(src, c, &msgs[i], line)
	}
	return src.Emit(c)
}

// hubspotAdd adds one message to c, or skips it when it is an event, or
// rejects it.
func hubspotAdd(src *Source, c *transcript.Conversation, m *hubspotMessage, line int) {
	typ := strings.ToUpper(m.Type)
	if typ != "MESSAGE" && typ != "COMMENT" {
		return // WELCOME_MESSAGE, THREAD_STATUS_CHANGE, ASSIGNMENT, ...: not a turn
	}
	text := firstNonEmpty(m.Text, HTMLToText(m.RichText))
	if text == "" {
		return // an attachment alone
	}
	msg := transcript.Message{Text: text, Internal: typ == "COMMENT"}
	actor := m.CreatedBy
	if len(m.Senders) > 0 {
		s := m.Senders[0]
		actor = firstNonEmpty(s.ActorID, actor)
		msg.Author = s.Name
		if msg.Author == "" && s.DeliveryIdentifier != nil {
			msg.Author = s.DeliveryIdentifier.Value
		}
	}
	if msg.Author == "" {
		msg.Author = actor
	}
	role, err := hubspotRole(src.Opts, actor, m.Direction)
	if err != nil {
		src.Reject(line, "thread %s, message %s: %v", c.ID, m.ID, err)
		return
	}
	msg.Role = role
	if msg.At, err = src.Times.Parse(string(m.CreatedAt)); err != nil {
		src.Reject(line, "thread %s, message %s: createdAt: %v", c.ID, m.ID, err)
		return
	}
	if c.Channel == "" || c.Channel == transcript.Other {
		c.Channel = hubspotChannel(m.ChannelID)
	}
	setMeta(c, "subject", m.Subject)
	// The API lists messages newest first; Finish puts timed messages in
	// order, and untimed ones are put at the front here to read forwards.
	c.Messages = append([]transcript.Message{msg}, c.Messages...)
}

var hubspotActorTable = map[string]transcript.Role{
	"v": transcript.Customer, // visitor (a contact)
	"a": transcript.Agent,
	"b": transcript.Bot,
	"i": transcript.Bot, // an integration (an app) writing for the team
	"s": transcript.System,
}

// hubspotRole reads an actor id's prefix (--role-map may name a prefix),
// then the message's direction.
func hubspotRole(opts *Options, actor, direction string) (transcript.Role, error) {
	if prefix, _, ok := strings.Cut(actor, "-"); ok && len(prefix) == 1 {
		if r, ok := helpdeskRole(opts, prefix, hubspotActorTable); ok {
			return r, nil
		}
	}
	switch strings.ToUpper(direction) {
	case "INCOMING":
		return transcript.Customer, nil
	case "OUTGOING":
		return transcript.Agent, nil
	}
	if actor == "" {
		return "", fmt.Errorf("no sender actor id and no direction: cannot tell who wrote it")
	}
	return "", fmt.Errorf("unknown sender actor id %q and no direction (map its prefix with --role-map)", actor)
}

// hubspotChannel maps HubSpot's built-in channel ids to channels; none
// ("") for a missing id, so that --default-channel applies.
func hubspotChannel(id flexString) transcript.Channel {
	switch id {
	case "":
		return ""
	case "1000": // live chat
		return transcript.Chat
	case "1001": // Facebook Messenger
		return transcript.Social
	case "1002": // e-mail
		return transcript.Email
	}
	return transcript.Other
}
