package importers

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/iqa-cli/iqa/transcript"
)

// Zendesk's incremental ticket event export (GET
// /api/v2/incremental/ticket_events?include=comment_events) is the bulk
// export Zendesk recommends for comment text: {"ticket_events": [{"ticket_id",
// "timestamp", "child_events": [{"event_type": "Comment", "author_id",
// "body", "public", "via": "Web form"}, ...]}]}. One ticket's events are
// spread over the file, so it is read twice: the first pass finds each
// ticket's last event, the second collects each ticket's comments and emits
// the ticket there, so only tickets still open are held.
//
// The export carries no users and no requester: the author of a ticket's
// first comment (its description) is the customer and every other author an
// agent, unless --agent-name names the agent; a warning says so.

// zendeskIsTicketEvents reports whether head is a ticket event export.
func zendeskIsTicketEvents(head []byte) bool {
	return hasKey(head, "ticket_events") && hasKey(head, "child_events")
}

type zendeskTicketEvent struct {
	TicketID    flexString        `json:"ticket_id"`
	Timestamp   flexString        `json:"timestamp"`
	CreatedAt   flexString        `json:"created_at"`
	ChildEvents []json.RawMessage `json:"child_events"`
}

// zendeskCommentEvent is a comment child event: like a comment, but "via"
// is a name ("Web form", "Mail") and the time is the ticket event's.
type zendeskCommentEvent struct {
	EventType string          `json:"event_type"`
	Via       json.RawMessage `json:"via"`
	zendeskComment
}

func (Zendesk) decodeTicketEvents(src *Source) error {
	// Pass one, silent: the index of each ticket's last event.
	last := map[string]int{}
	quiet := &Source{Name: src.Name, R: src.R, Opts: src.Opts, Times: &TimeParser{}, ctx: src.ctx,
		reject: func(Reject) {}, warn: func(Warning) {}}
	n := 0
	err := EachJSONRecord(quiet, []string{"ticket_events"}, func(raw json.RawMessage, _ int) error {
		n++
		var ev zendeskTicketEvent
		if json.Unmarshal(raw, &ev) == nil && ev.TicketID != "" {
			last[string(ev.TicketID)] = n
		}
		return nil
	})
	if err != nil {
		return err
	}
	r, err := src.Reopen()
	if err != nil {
		return err
	}
	src.R = r

	type openTicket struct {
		c     *transcript.Conversation
		roles *zendeskRoles
	}
	open := map[string]*openTicket{}
	guessed, empty := 0, 0
	n = 0
	err = EachJSONRecord(src, []string{"ticket_events"}, func(raw json.RawMessage, line int) error {
		n++
		var ev zendeskTicketEvent
		if !DecodeRecord(src, raw, line, &ev) {
			return nil
		}
		if ev.TicketID == "" {
			src.Reject(line, `ticket event has no "ticket_id"`)
			return nil
		}
		id := string(ev.TicketID)
		t := open[id]
		if t == nil {
			t = &openTicket{
				c: &transcript.Conversation{ID: id, Source: transcript.Location{File: src.Name, Line: line},
					Meta: map[string]string{"platform": "zendesk"}},
				roles: &zendeskRoles{agent: src.Opts.Agent, opts: src.Opts},
			}
			open[id] = t
		}
		for _, child := range ev.ChildEvents {
			var ce zendeskCommentEvent
			if json.Unmarshal(child, &ce) != nil || ce.EventType != "Comment" && ce.EventType != "VoiceComment" {
				continue // a field change, notification, ...
			}
			zc := &ce.zendeskComment
			zc.CreatedAt = firstFlex(zc.CreatedAt, ev.CreatedAt, ev.Timestamp)
			if t.roles.requester == "" && zc.AuthorID != "-1" {
				t.roles.requester = string(zc.AuthorID)
			}
			if t.c.Channel == "" {
				t.c.Channel = zendeskViaName(ce.Via)
			}
			m, ok, err := zc.message(src, t.roles)
			switch {
			case err != nil:
				src.Reject(line, "ticket %s, comment %s: %v", id, zc.ID, err)
			case !ok:
				empty++
			default:
				t.c.Messages = append(t.c.Messages, m)
			}
		}
		if last[id] > n {
			return nil
		}
		delete(open, id)
		if len(t.c.Messages) > 0 && src.Opts.Agent == "" {
			guessed++
		}
		return src.Emit(t.c)
	})
	if err != nil {
		return err
	}
	warnEmpty(src, empty, "comment")
	if guessed > 0 {
		src.Warn("ticket events carry no users: took each ticket's first comment author as the customer and every other author as an agent (%d tickets); name the agent with --agent-name", guessed)
	}
	return nil
}

func firstFlex(values ...flexString) flexString {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// zendeskViaName maps a ticket event's "via" (a name such as "Web form",
// "Mail", "Chat", or an object with a channel) to a channel.
func zendeskViaName(raw json.RawMessage) transcript.Channel {
	var via zendeskVia
	if len(raw) > 0 && raw[0] == '{' && json.Unmarshal(raw, &via) == nil {
		return zendeskChannel(string(via.Channel))
	}
	var name string
	if json.Unmarshal(raw, &name) != nil {
		return ""
	}
	switch n := string(bytes.ToLower([]byte(name))); n {
	case "web form", "web service", "mail", "email", "web widget", "help center":
		return transcript.Email
	case "voice", "phone call (incoming)", "phone call (outgoing)", "voicemail":
		return transcript.Call
	default:
		if _, err := strconv.Atoi(n); err == nil {
			return transcript.Other
		}
		return zendeskChannel(n)
	}
}
