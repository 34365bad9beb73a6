package importers

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/iqa-cli/iqa/transcript"
)

// Freshdesk reads Freshdesk API v2 ticket conversations, in two shapes
// (each as a JSON array or JSON Lines; a single object is read too):
//
//   - conversations, as GET /api/v2/tickets/{id}/conversations lists them:
//     replies and notes with "ticket_id", "incoming" and "private". The
//     conversations of one ticket must be next to each other; each run of
//     one ticket_id is one conversation.
//   - tickets, as GET /api/v2/tickets/{id}?include=conversations returns
//     them: the ticket's description is the requester's first message and
//     its "conversations" follow.
//
// incoming true is the customer and false an agent; private notes are
// internal. The ticket's source number gives the channel.
type Freshdesk struct{}

// Name implements Format.
func (Freshdesk) Name() string { return "freshdesk" }

// Expects implements Format.
func (Freshdesk) Expects() string {
	return `Freshdesk API v2 conversations [{"ticket_id","body_text","incoming","private"}] or tickets with "conversations" (array or JSON Lines)`
}

// Detect implements Format: conversations have "incoming" and "private";
// tickets have "conversations" or "description_text" with "responder_id".
func (Freshdesk) Detect(head []byte, _ string) bool {
	if !looksLikeJSONObjects(head) || (Native{}).Detect(head, "") {
		return false
	}
	if hasKey(head, "incoming") && hasKey(head, "private") {
		return true
	}
	return hasKey(head, "responder_id") && (hasKey(head, "conversations") || hasKey(head, "description_text"))
}

type freshdeskConversation struct {
	ID        flexString `json:"id"`
	TicketID  flexString `json:"ticket_id"`
	Body      string     `json:"body"`
	BodyText  string     `json:"body_text"`
	Incoming  *bool      `json:"incoming"`
	Private   bool       `json:"private"`
	UserID    flexString `json:"user_id"`
	FromEmail string     `json:"from_email"`
	Source    flexString `json:"source"`
	CreatedAt flexString `json:"created_at"`
}

// freshdeskRecord is either a conversation or a ticket: a ticket has
// "conversations" or a "requester_id".
type freshdeskRecord struct {
	freshdeskConversation
	Subject         string                  `json:"subject"`
	Description     string                  `json:"description"`
	DescriptionText string                  `json:"description_text"`
	RequesterID     flexString              `json:"requester_id"`
	ResponderID     flexString              `json:"responder_id"`
	GroupID         flexString              `json:"group_id"`
	Status          flexString              `json:"status"`
	Priority        flexString              `json:"priority"`
	Tags            []string                `json:"tags"`
	Conversations   []freshdeskConversation `json:"conversations"`
}

func (r *freshdeskRecord) isTicket() bool {
	return r.Conversations != nil || (r.RequesterID != "" && r.Incoming == nil)
}

// Decode implements Format.
func (Freshdesk) Decode(src *Source) error {
	var pending *transcript.Conversation // the ticket whose conversations are being read
	emitted := map[string]bool{}
	empty := 0
	flush := func() error {
		c := pending
		pending = nil
		if c == nil {
			return nil
		}
		if emitted[c.ID] {
			src.Warn("ticket %s's conversations are not next to each other; it is imported as more than one conversation", c.ID)
		}
		emitted[c.ID] = true
		return src.Emit(c)
	}
	err := EachJSONRecord(src, []string{"tickets"}, func(raw json.RawMessage, line int) error {
		var r freshdeskRecord
		if !DecodeRecord(src, raw, line, &r) {
			return nil
		}
		if r.isTicket() {
			if err := flush(); err != nil {
				return err
			}
			c, n := r.ticket(src, line)
			empty += n
			if c != nil {
				return src.Emit(c)
			}
			return nil
		}
		fc := &r.freshdeskConversation
		if fc.TicketID == "" {
			src.Reject(line, `conversation %s has no "ticket_id"`, fc.ID)
			return nil
		}
		if pending != nil && pending.ID != string(fc.TicketID) {
			if err := flush(); err != nil {
				return err
			}
		}
		if pending == nil {
			pending = &transcript.Conversation{
				ID:     string(fc.TicketID),
				Source: transcript.Location{File: src.Name, Line: line},
				Meta:   map[string]string{"platform": "freshdesk"},
			}
		}
		m, ok, err := fc.message(src, "")
		switch {
		case err != nil:
			src.Reject(line, "conversation %s: %v", fc.ID, err)
		case !ok:
			empty++
		default:
			pending.Messages = append(pending.Messages, m)
			if pending.Channel == "" || pending.Channel == transcript.Other {
				pending.Channel = freshdeskConversationChannel(fc)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	warnEmpty(src, empty, "conversation")
	return flush()
}

// ticket converts a ticket record; n counts conversations without text.
func (r *freshdeskRecord) ticket(src *Source, line int) (c *transcript.Conversation, n int) {
	if r.ID == "" {
		src.Reject(line, `ticket has no "id"`)
		return nil, 0
	}
	c = &transcript.Conversation{
		ID:       string(r.ID),
		Channel:  freshdeskTicketChannel(r.Source),
		Agent:    string(r.ResponderID), // authors are user ids, so are these
		Customer: string(r.RequesterID),
		Team:     string(r.GroupID),
		Source:   transcript.Location{File: src.Name, Line: line},
		Meta:     map[string]string{"platform": "freshdesk"},
	}
	setMeta(c, "subject", r.Subject)
	setMeta(c, "status", freshdeskName(r.Status, freshdeskStatuses))
	setMeta(c, "priority", freshdeskName(r.Priority, freshdeskPriorities))
	setMeta(c, "tags", strings.Join(r.Tags, ","))
	description := firstNonEmpty(r.DescriptionText, HTMLToText(r.Description))
	if description != "" {
		at, err := src.Times.Parse(string(r.CreatedAt))
		if err != nil {
			src.Reject(line, "ticket %s: created_at: %v", r.ID, err)
		}
		first := transcript.Message{Role: transcript.Customer, Author: string(r.RequesterID), Text: description, At: at}
		if r.Source == "10" {
			// An outbound e-mail ticket: the agent wrote the description to
			// the requester.
			first.Role, first.Author = transcript.Agent, string(r.ResponderID)
		}
		c.Messages = append(c.Messages, first)
	}
	for i := range r.Conversations {
		fc := &r.Conversations[i]
		m, ok, err := fc.message(src, string(r.RequesterID))
		switch {
		case err != nil:
			src.Reject(line, "ticket %s, conversation %s: %v", r.ID, fc.ID, err)
		case !ok:
			n++
		default:
			c.Messages = append(c.Messages, m)
		}
	}
	return c, n
}

// message converts one reply or note; ok is false when it has no text.
// requester, when known, decides the role of a conversation without
// "incoming".
func (fc *freshdeskConversation) message(src *Source, requester string) (m transcript.Message, ok bool, err error) {
	m.Author = firstNonEmpty(string(fc.UserID), fc.FromEmail)
	m.Internal = fc.Private
	switch {
	case fc.Incoming != nil && *fc.Incoming:
		m.Role = transcript.Customer
	case fc.Incoming != nil:
		m.Role = transcript.Agent
	case requester != "" && string(fc.UserID) == requester:
		m.Role = transcript.Customer
	case requester != "":
		m.Role = transcript.Agent
	default:
		return m, false, fmt.Errorf(`no "incoming": cannot tell the customer from the agent`)
	}
	if m.At, err = src.Times.Parse(string(fc.CreatedAt)); err != nil {
		return m, false, err
	}
	m.Text = firstNonEmpty(fc.BodyText, HTMLToText(fc.Body))
	return m, m.Text != "", nil
}

var (
	freshdeskStatuses   = map[string]string{"2": "open", "3": "pending", "4": "resolved", "5": "closed"}
	freshdeskPriorities = map[string]string{"1": "low", "2": "medium", "3": "high", "4": "urgent"}
)

// freshdeskName names a status or priority number; custom statuses keep
// their number, and a value that is already a name stays as it is.
func freshdeskName(v flexString, names map[string]string) string {
	if name, ok := names[string(v)]; ok {
		return name
	}
	return strings.ToLower(string(v))
}

// freshdeskTicketChannel maps a ticket's source number to a channel; none
// ("") when the ticket has no source, so that --default-channel applies.
func freshdeskTicketChannel(source flexString) transcript.Channel {
	switch source {
	case "":
		return ""
	case "1", "2", "9", "10": // e-mail, portal, feedback widget, outbound e-mail: answered by e-mail
		return transcript.Email
	case "3":
		return transcript.Call
	case "5", "6": // Twitter, Facebook
		return transcript.Social
	case "7", "8": // chat, mobihelp
		return transcript.Chat
	}
	return transcript.Other
}

// freshdeskConversationChannel guesses the channel of a conversations list,
// which has no ticket: a few conversation source numbers name a channel
// (5 tweet, 7 Facebook, 9 phone), and e-mail replies carry addresses.
func freshdeskConversationChannel(fc *freshdeskConversation) transcript.Channel {
	switch fc.Source {
	case "5", "7":
		return transcript.Social
	case "9":
		return transcript.Call
	}
	if fc.FromEmail != "" {
		return transcript.Email
	}
	return "" // nothing names one: --default-channel, or "other"
}
