package importers

import (
	"encoding/json"
	"strings"

	"github.com/iqa-cli/iqa/transcript"
)

// TwilioConversations reads Twilio Conversations Messages resources as GET
// /v1/Conversations/{sid}/Messages returns them ({"messages":[...],
// "meta":{...}}, pages appended or one a line, or a list of messages),
// with the conversation's Participants list ({"participants":[...]})
// bundled in the same file if it is there, before or after the messages.
//
// Messages are grouped by conversation_sid; each run of one conversation
// is one conversation. The author "system" (Twilio's default) is a system
// turn. Who is the agent, in this order: a participant's attributes naming
// a role ({"role":"agent"}); a participant with a messaging_binding address
// (an SMS, WhatsApp or Messenger user) is the customer and, in a
// conversation that has one, participants known only by identity are
// agents; --agent-name NAME,NAME or --agent-domain; and otherwise authors that
// are phone or messaging addresses are customers and other identities
// agents (in a conversation without an address, the first author is the
// customer), said once in a warning. A message of media alone has no text
// and is counted in a warning. A customer writing from a phone number makes
// the conversation SMS, from Messenger or Instagram social, else chat.
type TwilioConversations struct{}

// Name implements Format.
func (TwilioConversations) Name() string { return "twilio-conversations" }

// Expects implements Format.
func (TwilioConversations) Expects() string {
	return `Twilio Conversations messages {"messages":[{"conversation_sid","author","body","index","date_created"}],"meta":{...}}, with its "participants" if bundled`
}

// Detect implements Format: a conversation_sid beside a message's author
// and body, or a participant's messaging_binding.
func (TwilioConversations) Detect(head []byte, _ string) bool {
	return looksLikeJSONObjects(head) && hasKey(head, "conversation_sid") &&
		(hasKey(head, "author") && hasKey(head, "body") || hasKey(head, "messaging_binding"))
}

type twilioBinding struct {
	Type             string `json:"type"`
	Address          string `json:"address"`
	ProxyAddress     string `json:"proxy_address"`
	ProjectedAddress string `json:"projected_address"`
}

// twilioRecord is a message or a participant.
type twilioRecord struct {
	SID             string          `json:"sid"`
	ConversationSID string          `json:"conversation_sid"`
	Author          string          `json:"author"`
	Body            *string         `json:"body"`
	Index           flexString      `json:"index"`
	ParticipantSID  string          `json:"participant_sid"`
	DateCreated     flexString      `json:"date_created"`
	Attributes      json.RawMessage `json:"attributes"`
	// A participant's.
	Identity         *string        `json:"identity"`
	MessagingBinding *twilioBinding `json:"messaging_binding"`
	// A participants page, in the messages pass.
	Participants json.RawMessage `json:"participants"`
}

func (r *twilioRecord) participant() bool {
	return r.Body == nil && r.Author == "" && (r.Identity != nil || r.MessagingBinding != nil)
}

// twilioParticipant is what is known of one participant of a conversation.
type twilioParticipant struct {
	role     transcript.Role // from its attributes, or customer for an address
	identity bool            // known by identity only
}

// twilioPeople holds one conversation's participants, by sid, identity and
// address.
type twilioPeople map[string]*twilioParticipant

// Decode implements Format. The participants are read first, in a pass of
// their own, so that they may come anywhere in the file.
func (TwilioConversations) Decode(src *Source) error {
	d := &twilioDecoder{src: src, people: map[string]twilioPeople{}}
	if err := d.readParticipants(); err != nil {
		return err
	}
	r, err := src.Reopen()
	if err != nil {
		return err
	}
	src.R = r
	d.g = newRunGrouper(src, "twilio-conversations", transcript.Chat)
	d.g.finish = d.finish
	err = EachJSONRecord(src, []string{"messages"}, func(raw json.RawMessage, line int) error {
		var rec twilioRecord
		if !DecodeRecord(src, raw, line, &rec) {
			return nil
		}
		switch {
		case rec.participant() || len(rec.Participants) > 0:
			return nil // read in the first pass
		case rec.Body == nil && rec.Author == "":
			src.Reject(line, `record has no "author" or "body": not a Twilio Conversations message`)
			return nil
		}
		return d.message(&rec, line)
	})
	if err != nil {
		return err
	}
	if err := d.g.done("records"); err != nil {
		return err
	}
	if d.guessed > 0 {
		src.Warn("%d conversation(s) have no participants list and no --agent-name or --agent-domain to tell who is staff: phone and messaging addresses are read as customers and other identities as agents (where no author is an address, the first to write is the customer); name agents with --agent-name NAME,NAME or --agent-domain example.com", d.guessed)
	}
	return nil
}

type twilioDecoder struct {
	src    *Source
	g      *runGrouper
	people map[string]twilioPeople // by conversation sid
	// psids are the participant sids of the current conversation's
	// messages, in order.
	cur     *transcript.Conversation
	psids   []string
	guessed int
}

// readParticipants reads every participant in the file, quietly: the
// second pass reports what is wrong with the file.
func (d *twilioDecoder) readParticipants() error {
	quiet := *d.src
	quiet.reject = func(Reject) {}
	quiet.warn = func(Warning) {}
	return EachJSONRecord(&quiet, []string{"participants"}, func(raw json.RawMessage, _ int) error {
		var rec twilioRecord
		if json.Unmarshal(raw, &rec) != nil || !rec.participant() {
			return nil
		}
		people := d.people[rec.ConversationSID]
		if people == nil {
			people = twilioPeople{}
			d.people[rec.ConversationSID] = people
		}
		p := &twilioParticipant{role: twilioAttributeRole(d.src.Opts, rec.Attributes)}
		if b := rec.MessagingBinding; b != nil && b.Address != "" {
			if p.role == "" {
				p.role = transcript.Customer
			}
			people[strings.ToLower(b.Address)] = p
		} else {
			p.identity = true
		}
		if rec.Identity != nil && *rec.Identity != "" {
			people[strings.ToLower(*rec.Identity)] = p
		}
		if rec.SID != "" {
			people[rec.SID] = p
		}
		return nil
	})
}

// twilioAttributeRole reads a role from a participant's attributes, a JSON
// object written as a string: {"role":"agent"} and the like.
func twilioAttributeRole(opts *Options, raw json.RawMessage) transcript.Role {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	var attrs map[string]any
	if json.Unmarshal([]byte(s), &attrs) != nil {
		return ""
	}
	for _, key := range []string{"role", "type", "participant_type", "member_type", "user_type"} {
		if v, ok := attrs[key].(string); ok {
			if role, ok := helpdeskRole(opts, v, nil); ok {
				return role
			}
		}
	}
	return ""
}

func (d *twilioDecoder) message(rec *twilioRecord, line int) error {
	c, err := d.g.conv(firstNonEmpty(rec.ConversationSID, fileConversationID(d.src.Name)), line)
	if err != nil {
		return err
	}
	if c != d.cur {
		d.cur, d.psids = c, nil
	}
	d.g.turn()
	var text string
	if rec.Body != nil {
		text = strings.TrimSpace(*rec.Body)
	}
	if text == "" {
		d.g.empty++ // media alone
		return nil
	}
	at, err := d.src.Times.Parse(string(rec.DateCreated))
	if err != nil {
		d.src.RejectIn(c.ID, line, "conversation %s, message %s: date_created: %v", c.ID, firstNonEmpty(rec.SID, string(rec.Index)), err)
		return nil
	}
	author := strings.TrimSpace(rec.Author)
	m := transcript.Message{Author: author, Text: text, At: at}
	if strings.EqualFold(author, "system") {
		m.Role = transcript.System
	}
	c.Messages = append(c.Messages, m)
	d.psids = append(d.psids, rec.ParticipantSID)
	return nil
}

// finish decides the roles of a conversation's messages once every author
// is known.
func (d *twilioDecoder) finish(c *transcript.Conversation) {
	people := d.people[c.ID]
	opts := d.src.Opts
	agents := teamsAgentList(opts.Agent)
	flags := len(agents) > 0 || len(opts.AgentDomains) > 0
	customerKnown := false
	for _, p := range people {
		customerKnown = customerKnown || p.role == transcript.Customer
	}
	lookup := func(i int) *twilioParticipant {
		if i < len(d.psids) && people[d.psids[i]] != nil {
			return people[d.psids[i]]
		}
		return people[strings.ToLower(c.Messages[i].Author)]
	}
	addressed := false // an author is a phone or messaging address
	for i := range c.Messages {
		addressed = addressed || twilioAddress(c.Messages[i].Author)
	}
	first, guessed := "", false
	for i := range c.Messages {
		m := &c.Messages[i]
		if m.Role != "" {
			continue
		}
		p := lookup(i)
		switch {
		case p != nil && p.role != "":
			m.Role = p.role
		case p != nil && p.identity && customerKnown:
			m.Role = transcript.Agent
		case flags:
			m.Role = transcript.Customer
			if agents[strings.ToLower(m.Author)] || agentDomain(m.Author, opts.AgentDomains) {
				m.Role = transcript.Agent
			}
		case addressed:
			guessed = true
			m.Role = transcript.Agent
			if twilioAddress(m.Author) {
				m.Role = transcript.Customer
			}
		default:
			guessed = true
			if first == "" {
				first = m.Author
			}
			m.Role = transcript.Agent
			if m.Author == first {
				m.Role = transcript.Customer
			}
		}
	}
	if guessed {
		d.guessed++
	}
	for _, m := range c.Messages {
		if ch := twilioChannel(m.Author); m.Role == transcript.Customer && ch != "" {
			c.Channel = ch
			break
		}
	}
	d.cur, d.psids = nil, nil
}

// twilioChannel is the channel a customer's address says: a phone number
// is SMS, a Messenger or Instagram address social, WhatsApp chat; none
// for a chat identity.
func twilioChannel(author string) transcript.Channel {
	if !twilioAddress(author) {
		return ""
	}
	prefix, _, _ := strings.Cut(strings.ToLower(author), ":")
	switch prefix {
	case "messenger", "instagram":
		return transcript.Social
	case "sms":
		return transcript.SMS
	}
	if author[0] == '+' {
		return transcript.SMS
	}
	return transcript.Chat
}

// twilioAddress reports whether an author is a phone number or a channel
// address (whatsapp:+1..., messenger:...) rather than a chat identity.
func twilioAddress(author string) bool {
	if len(author) > 1 && author[0] == '+' && isDigit(author[1]) {
		return true
	}
	prefix, _, ok := strings.Cut(author, ":")
	switch strings.ToLower(prefix) {
	case "whatsapp", "messenger", "sms", "rcs", "gbm", "apple", "instagram":
		return ok
	}
	return false
}
