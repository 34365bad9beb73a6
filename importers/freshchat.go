package importers

import (
	"encoding/json"
	"strings"

	"github.com/iqa-cli/iqa/transcript"
)

// Freshchat reads Freshchat conversation messages as the v2 API returns
// them: GET /conversations/{id}/messages ({"messages":[...],"link":{...}}),
// pages of it appended or one a line, a conversation object with its
// "messages", and message_create webhooks ({"action":"message_create",
// "data":{"message":{...}}}).
//
// actor_type says who wrote: user is the customer, agent an agent, bot a
// bot; system messages (assignments, resolutions) are not turns, nor are
// messages whose message_type is "system", nor webhooks of other actions. message_type "private" is an
// internal note. The text is every message part's text.content (HTML turned
// into text), quick-reply and button labels; a message of images or files
// alone has no text and is skipped, counted in a warning. Messages are
// grouped by conversation_id; each run of one conversation is one
// conversation.
type Freshchat struct{}

// Name implements Format.
func (Freshchat) Name() string { return "freshchat" }

// Expects implements Format.
func (Freshchat) Expects() string {
	return `Freshchat conversation messages {"messages":[{"actor_type","message_parts":[{"text":{"content"}}],"created_time"}]} (pages appended) and message_create webhooks`
}

// Detect implements Format: a message's "actor_type" beside its
// "message_parts".
func (Freshchat) Detect(head []byte, _ string) bool {
	return looksLikeJSONObjects(head) && hasKey(head, "actor_type") && hasKey(head, "message_parts")
}

type freshchatPart struct {
	Text *struct {
		Content string `json:"content"`
	} `json:"text"`
	QuickReply *struct {
		Label string `json:"label"`
	} `json:"quick_reply_button"`
	URLButton *struct {
		Label string `json:"label"`
	} `json:"url_button"`
	Collection *struct {
		SubParts []freshchatPart `json:"sub_parts"`
	} `json:"collection"`
}

type freshchatMessage struct {
	ID             flexString      `json:"id"`
	ConversationID flexString      `json:"conversation_id"`
	ActorType      string          `json:"actor_type"`
	ActorID        flexString      `json:"actor_id"`
	MessageType    string          `json:"message_type"`
	CreatedTime    flexString      `json:"created_time"`
	ChannelID      flexString      `json:"channel_id"`
	Parts          []freshchatPart `json:"message_parts"`
}

// freshchatEnvelope is what a record is besides a message: a
// conversation with its messages, or a webhook.
type freshchatEnvelope struct {
	ConversationID flexString      `json:"conversation_id"`
	Status         json.RawMessage `json:"status"`
	Messages       json.RawMessage `json:"messages"`
	Action         string          `json:"action"`
	Data           *struct {
		Message json.RawMessage `json:"message"`
	} `json:"data"`
}

var freshchatRoleTable = map[string]transcript.Role{
	"user":  transcript.Customer,
	"agent": transcript.Agent,
	"bot":   transcript.Bot,
}

// Decode implements Format.
func (Freshchat) Decode(src *Source) error {
	g := newRunGrouper(src, "freshchat", transcript.Chat)
	add := func(m *freshchatMessage, line int) error {
		c, err := g.conv(firstNonEmpty(string(m.ConversationID), fileConversationID(src.Name)), line)
		if err != nil {
			return err
		}
		setMeta(c, "channel_id", string(m.ChannelID))
		actor := strings.ToLower(strings.TrimSpace(m.ActorType))
		if actor == "system" || strings.EqualFold(m.MessageType, "system") {
			g.events++
			return nil
		}
		g.turn()
		text := strings.TrimSpace(freshchatText(m.Parts))
		if text == "" {
			g.empty++
			return nil
		}
		role, ok := helpdeskRole(src.Opts, actor, freshchatRoleTable)
		if !ok || role == transcript.System {
			src.RejectIn(c.ID, line, "conversation %s, message %s: unknown actor_type %q (use user, agent or bot, or map it with --role-map)", c.ID, m.ID, m.ActorType)
			return nil
		}
		at, err := src.Times.Parse(string(m.CreatedTime))
		if err != nil {
			src.RejectIn(c.ID, line, "conversation %s, message %s: created_time: %v", c.ID, m.ID, err)
			return nil
		}
		c.Messages = append(c.Messages, transcript.Message{
			Role:     role,
			Author:   string(m.ActorID),
			Text:     text,
			At:       at,
			Internal: strings.EqualFold(m.MessageType, "private"),
		})
		return nil
	}
	err := EachJSONRecord(src, []string{"messages", "conversations"}, func(raw json.RawMessage, line int) error {
		var env freshchatEnvelope
		if !DecodeRecord(src, raw, line, &env) {
			return nil
		}
		switch {
		case env.Data != nil && len(env.Data.Message) > 0:
			raw = env.Data.Message
		case env.Action != "": // conversation_assignment, conversation_resolution, ...
			g.events++
			return nil
		case len(env.Messages) > 0 && string(env.Messages) != "null": // a conversation with its messages
			var msgs []freshchatMessage
			if !DecodeRecord(src, env.Messages, line, &msgs) {
				return nil
			}
			id := firstNonEmpty(string(env.ConversationID), fileConversationID(src.Name))
			c, err := g.conv(id, line)
			if err != nil {
				return err
			}
			var status string
			if json.Unmarshal(env.Status, &status) == nil {
				setMeta(c, "status", status)
			}
			for i := range msgs {
				if msgs[i].ConversationID == "" {
					msgs[i].ConversationID = flexString(id)
				}
				if err := add(&msgs[i], line); err != nil {
					return err
				}
			}
			return nil
		}
		var m freshchatMessage
		if !DecodeRecord(src, raw, line, &m) {
			return nil
		}
		return add(&m, line)
	})
	if err != nil {
		return err
	}
	return g.done("system messages and other events")
}

// freshchatText joins the text a message's parts show.
func freshchatText(parts []freshchatPart) string {
	var lines []string
	for _, p := range parts {
		switch {
		case p.Text != nil:
			t := p.Text.Content
			if looksLikeHTML(t) {
				t = HTMLToText(t)
			}
			lines = append(lines, t)
		case p.QuickReply != nil:
			lines = append(lines, p.QuickReply.Label)
		case p.URLButton != nil:
			lines = append(lines, p.URLButton.Label)
		case p.Collection != nil:
			lines = append(lines, freshchatText(p.Collection.SubParts))
		}
	}
	return strings.Join(nonEmpty(lines), "\n")
}

// runGrouper makes one conversation of each run of consecutive messages
// that share a conversation id, as paged message lists write them (the
// Freshchat, Twilio and Crisp readers use it). A conversation whose
// messages come back after another's is imported again as a second
// conversation, said once in a warning; one that only ever had events
// (system messages) is counted in a warning, not rejected.
type runGrouper struct {
	src      *Source
	platform string
	channel  transcript.Channel
	cur      *transcript.Conversation
	turns    int // turns of cur, kept or rejected
	emitted  map[string]bool
	split    int
	// finish, when set, completes a conversation before it is emitted
	// (the Twilio reader decides roles once it has seen every author).
	finish func(*transcript.Conversation)
	// events counts records that are not turns; eventsOnly the
	// conversations that had nothing else; empty the turns without text
	// (attachments alone).
	events, eventsOnly, empty int
}

func newRunGrouper(src *Source, platform string, channel transcript.Channel) *runGrouper {
	return &runGrouper{src: src, platform: platform, channel: channel, emitted: map[string]bool{}}
}

// conv returns the conversation called id, ending the current one first
// when it is another.
func (g *runGrouper) conv(id string, line int) (*transcript.Conversation, error) {
	if g.cur != nil && g.cur.ID == id {
		return g.cur, nil
	}
	if err := g.flush(); err != nil {
		return nil, err
	}
	g.cur = &transcript.Conversation{
		ID:      id,
		Channel: g.channel,
		Source:  transcript.Location{File: g.src.Name, Line: line},
		Meta:    map[string]string{"platform": g.platform},
	}
	return g.cur, nil
}

// turn counts a record of the current conversation that is a turn,
// whether it is kept or rejected.
func (g *runGrouper) turn() { g.turns++ }

func (g *runGrouper) flush() error {
	c, turns := g.cur, g.turns
	g.cur, g.turns = nil, 0
	if c == nil {
		return nil
	}
	if len(c.Messages) == 0 && turns == 0 {
		g.eventsOnly++
		return nil
	}
	if g.emitted[c.ID] {
		g.split++
	}
	g.emitted[c.ID] = true
	if g.finish != nil {
		g.finish(c)
	}
	return g.src.Emit(c)
}

// done ends the last conversation and says what was skipped; what names
// the records that are not turns.
func (g *runGrouper) done(what string) error {
	if err := g.flush(); err != nil {
		return err
	}
	if g.split > 0 {
		g.src.Warn("%d conversation(s) have messages that are not next to each other; each run is imported as its own conversation", g.split)
	}
	if g.events > 0 {
		g.src.Warn("skipped %d record(s) that are not turns (%s)", g.events, what)
	}
	if g.eventsOnly > 0 {
		g.src.Warn("skipped %d conversation(s) with no message (only %s, or empty)", g.eventsOnly, what)
	}
	warnEmpty(g.src, g.empty, "message")
	return nil
}
