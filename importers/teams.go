package importers

import (
	"encoding/json"
	"regexp"
	"strings"

	"github.com/iqa-cli/iqa/transcript"
)

// Teams reads Microsoft Teams messages as Microsoft Graph returns them
// (chatMessage: GET /chats/{id}/messages, channel messages and their
// replies, or an export of them): {"value":[...]} pages, an array, or JSON
// Lines.
//
// Messages are grouped by chatId; channel messages by the thread they
// reply to (replyToId), a root message being its own thread. Only
// messageType "message" is a turn: systemEventMessage (members added, call
// ended) and deleted messages are not. body.contentType "html" is turned
// into text. A message from an application (from.application) is a bot.
// People: with --agent (comma-separated names or ids) those are the
// agents and everyone else the customer. Otherwise a user whose
// userIdentityType is not aadUser (an anonymous guest, a federated or
// e-mail user) or whose tenantId is not the organisation's is the
// customer; when every writer is inside the organisation, the first
// person to write is the customer and the others agents, said once in a
// warning.
type Teams struct{}

// Name implements Format.
func (Teams) Name() string { return "teams" }

// Expects implements Format.
func (Teams) Expects() string {
	return `Microsoft Teams chat messages (Graph chatMessage: "messageType", "from.user", "body.contentType")`
}

var teamsMessageType = regexp.MustCompile(`"messageType"\s*:\s*"(message|systemEventMessage|chatEvent|typing)"`)

// Detect implements Format: Graph chatMessage fields.
func (Teams) Detect(head []byte, _ string) bool {
	return looksLikeJSONObjects(head) && teamsMessageType.Match(head) && hasKey(head, "body") &&
		hasKey(head, "from") && (hasKey(head, "contentType") || hasKey(head, "createdDateTime"))
}

type teamsIdentity struct {
	ID               string `json:"id"`
	DisplayName      string `json:"displayName"`
	UserIdentityType string `json:"userIdentityType"`
	TenantID         string `json:"tenantId"`
}

type teamsMessage struct {
	ID              string `json:"id"`
	ReplyToID       string `json:"replyToId"`
	MessageType     string `json:"messageType"`
	CreatedDateTime string `json:"createdDateTime"`
	DeletedDateTime string `json:"deletedDateTime"`
	Subject         string `json:"subject"`
	ChatID          string `json:"chatId"`
	ChannelIdentity *struct {
		TeamID    string `json:"teamId"`
		ChannelID string `json:"channelId"`
	} `json:"channelIdentity"`
	From *struct {
		User        *teamsIdentity `json:"user"`
		Application *teamsIdentity `json:"application"`
	} `json:"from"`
	Body struct {
		ContentType string `json:"contentType"`
		Content     string `json:"content"`
	} `json:"body"`
	Replies []json.RawMessage `json:"replies"`
}

type teamsPost struct {
	msg  teamsMessage
	line int
}

// Decode implements Format. Messages of one chat may be anywhere in the
// file (Graph lists a chat newest first, pages appended), so the file is
// read whole before conversations are made.
func (Teams) Decode(src *Source) error {
	var order []string
	posts := map[string][]teamsPost{}
	add := func(m teamsMessage, line int) {
		key := teamsThread(&m)
		if _, ok := posts[key]; !ok {
			order = append(order, key)
		}
		posts[key] = append(posts[key], teamsPost{m, line})
	}
	skipped := 0
	err := EachJSONRecord(src, []string{"value"}, func(raw json.RawMessage, line int) error {
		var m teamsMessage
		if !DecodeRecord(src, raw, line, &m) {
			return nil
		}
		for _, r := range m.Replies { // a channel message with its replies
			var reply teamsMessage
			if DecodeRecord(src, r, line, &reply) {
				if reply.ReplyToID == "" {
					reply.ReplyToID = m.ID
				}
				reply.ChannelIdentity = m.ChannelIdentity
				add(reply, line)
			}
		}
		add(m, line)
		return nil
	})
	if err != nil {
		return err
	}
	guessed := false
	for _, key := range order {
		c, g, n := teamsConversation(src, key, posts[key])
		guessed = guessed || g
		skipped += n
		if c == nil {
			continue
		}
		if err := src.Emit(c); err != nil {
			return err
		}
	}
	if skipped > 0 {
		src.Warn("skipped %d system event(s) and deleted message(s): they are not turns", skipped)
	}
	if guessed {
		src.Warn("every writer is in one organisation, so the first to write in each chat is read as the customer and the others as agents; name your agents with --agent NAME,NAME to say who is staff")
	}
	return nil
}

// teamsThread is the conversation a message belongs to.
func teamsThread(m *teamsMessage) string {
	if m.ChatID != "" {
		return m.ChatID
	}
	root := m.ID
	if m.ReplyToID != "" {
		root = m.ReplyToID
	}
	if m.ChannelIdentity != nil {
		return m.ChannelIdentity.ChannelID + "/" + root
	}
	return root
}

func teamsConversation(src *Source, key string, posts []teamsPost) (c *transcript.Conversation, guessed bool, skipped int) {
	c = &transcript.Conversation{
		ID:      key,
		Channel: transcript.Chat,
		Source:  transcript.Location{File: src.Name, Line: posts[0].line},
		Meta:    map[string]string{"platform": "teams"},
	}
	agents := teamsAgentList(src.Opts.Agent)
	type turn struct {
		m    transcript.Message
		user *teamsIdentity
	}
	var turns []turn
	for _, p := range posts {
		m := p.msg
		if m.MessageType != "message" || m.DeletedDateTime != "" {
			skipped++
			continue
		}
		text := m.Body.Content
		if strings.EqualFold(m.Body.ContentType, "html") {
			text = HTMLToText(text)
		}
		text = strings.TrimSpace(text)
		if text == "" {
			continue // an attachment or a card alone
		}
		at, err := src.Times.Parse(m.CreatedDateTime)
		if err != nil {
			src.Reject(p.line, "message %s: %v", m.ID, err)
			continue
		}
		setMeta(c, "subject", m.Subject)
		t := turn{m: transcript.Message{Text: text, At: at}}
		switch {
		case m.From == nil || m.From.User == nil && m.From.Application == nil:
			src.Reject(p.line, `message %s: no "from" user or application`, m.ID)
			continue
		case m.From.Application != nil && m.From.User == nil:
			t.m.Role, t.m.Author = transcript.Bot, firstNonEmpty(m.From.Application.DisplayName, m.From.Application.ID)
		default:
			t.user = m.From.User
			t.m.Author = firstNonEmpty(t.user.DisplayName, t.user.ID)
		}
		turns = append(turns, t)
	}
	if len(turns) == 0 {
		return nil, false, skipped
	}
	// The organisation is the first tenant an internal user writes from.
	tenant, firstPerson := "", ""
	for _, t := range turns {
		if t.user != nil && firstPerson == "" {
			firstPerson = t.user.ID + "\x00" + t.m.Author
		}
		if t.user != nil && tenant == "" && teamsInternal(t.user) {
			tenant = t.user.TenantID
		}
	}
	external := false
	for _, t := range turns {
		if t.user != nil && (!teamsInternal(t.user) || t.user.TenantID != tenant) {
			external = true
		}
	}
	for i := range turns {
		t := &turns[i]
		if t.user == nil {
			continue
		}
		switch {
		case len(agents) > 0:
			t.m.Role = transcript.Customer
			if agents[strings.ToLower(t.m.Author)] || agents[strings.ToLower(t.user.ID)] {
				t.m.Role = transcript.Agent
			}
		case external:
			t.m.Role = transcript.Agent
			if !teamsInternal(t.user) || t.user.TenantID != tenant {
				t.m.Role = transcript.Customer
			}
		default:
			guessed = true
			t.m.Role = transcript.Agent
			if t.user.ID+"\x00"+t.m.Author == firstPerson {
				t.m.Role = transcript.Customer
			}
		}
	}
	for _, t := range turns {
		c.Messages = append(c.Messages, t.m)
		switch {
		case t.m.Role == transcript.Agent && c.Agent == "":
			c.Agent = t.m.Author
		case t.m.Role == transcript.Customer && c.Customer == "":
			c.Customer = t.m.Author
		}
	}
	return c, guessed, skipped
}

// teamsInternal reports whether a user is a member of an organisation's
// directory rather than a guest from outside it.
func teamsInternal(u *teamsIdentity) bool {
	return u.UserIdentityType == "" || u.UserIdentityType == "aadUser" || u.UserIdentityType == "onPremiseAadUser"
}

// teamsAgentList reads --agent as a comma-separated list, lower-cased.
func teamsAgentList(s string) map[string]bool {
	m := map[string]bool{}
	for _, name := range strings.Split(s, ",") {
		if name = strings.TrimSpace(name); name != "" {
			m[strings.ToLower(name)] = true
		}
	}
	return m
}
