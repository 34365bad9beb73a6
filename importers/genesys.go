package importers

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

// GenesysCloud reads three Genesys Cloud exports of a conversation:
//
//   - the Speech and Text Analytics transcript JSON (the file behind
//     .../communications/{id}/transcripturl): "transcripts[].phrases[]"
//     with "text", "participantPurpose" and "startTimeMs" (epoch
//     milliseconds) with a "duration"; calls get offsets from the
//     transcript's start as well as times. A "participants" list bundled
//     with it ("purpose", "name") names the agent and the customer;
//   - conversation recordings (GET /api/v2/conversations/{id}/recordings)
//     of chats and messages: "transcript[]" chat messages ("body",
//     "bodyType", "from", "utc", "participantPurpose", "user") and the
//     web-messaging "messagingTranscript[]" ("messageText", "purpose",
//     "fromUser", "fromExternalContact");
//   - conversation messages (GET /api/v2/conversations/messages/{id}/
//     messages/bulk: "entities[]" with "textBody", "direction",
//     "normalizedMessage.originatingEntity").
//
// Purposes: internal, agent and user are the agent; external and customer
// the customer; acd, ivr, workflow and bot are automated (a bot). Chat
// bodies other than "standard" (notice, member-join, member-leave, typing)
// and messaging events are not turns. Records of one conversationId next
// to each other are one conversation.
type GenesysCloud struct{}

// Name implements Format.
func (GenesysCloud) Name() string { return "genesys-cloud" }

// Expects implements Format.
func (GenesysCloud) Expects() string {
	return `Genesys Cloud transcripts {"transcripts":[{"phrases":[{"text","participantPurpose","startTimeMs"}]}]}, chat and messaging recordings ("transcript", "messagingTranscript") and conversation messages ("textBody", "direction")`
}

// Detect implements Format: phrases with a participantPurpose, a
// recording's chat or messaging transcript, or conversation messages.
func (GenesysCloud) Detect(head []byte, _ string) bool {
	if !looksLikeJSONObjects(head) {
		return false
	}
	switch {
	case hasKey(head, "phrases") && hasKey(head, "participantPurpose") && (hasKey(head, "transcripts") || hasKey(head, "startTimeMs")):
		return true
	case hasKey(head, "messagingTranscript") && (hasKey(head, "messageText") || hasKey(head, "purpose")):
		return true
	case hasKey(head, "transcript") && hasKey(head, "bodyType") && (hasKey(head, "participantPurpose") || hasKey(head, "senderCommunicationId") || hasKey(head, "utc")):
		return true
	}
	return hasKey(head, "textBody") && hasKey(head, "direction") && (hasKey(head, "messengerType") || hasKey(head, "fromAddress") || hasKey(head, "normalizedMessage"))
}

type genesysPhrase struct {
	Text          string `json:"text"`
	DecoratedText string `json:"decoratedText"`
	Words         []struct {
		Word string `json:"word"`
	} `json:"words"`
	ParticipantPurpose string          `json:"participantPurpose"`
	StartTimeMs        flexString      `json:"startTimeMs"`
	Duration           json.RawMessage `json:"duration"`
}

type genesysUser struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
	FirstName   string `json:"firstName"`
	LastName    string `json:"lastName"`
}

func (u *genesysUser) label() string {
	if u == nil {
		return ""
	}
	return firstNonEmpty(u.DisplayName, u.Name, strings.TrimSpace(u.FirstName+" "+u.LastName), u.ID)
}

type genesysChatMessage struct {
	ID                 string       `json:"id"`
	Body               string       `json:"body"`
	BodyType           string       `json:"bodyType"`
	Type               string       `json:"type"`
	From               string       `json:"from"`
	UTC                flexString   `json:"utc"`
	ParticipantPurpose string       `json:"participantPurpose"`
	User               *genesysUser `json:"user"`
}

type genesysMessagingMessage struct {
	ID                  string       `json:"id"`
	From                string       `json:"from"`
	MessageText         string       `json:"messageText"`
	Timestamp           flexString   `json:"timestamp"`
	Purpose             string       `json:"purpose"`
	FromUser            *genesysUser `json:"fromUser"`
	FromExternalContact *genesysUser `json:"fromExternalContact"`
}

type genesysRecord struct {
	ConversationID flexString      `json:"conversationId"`
	MediaType      string          `json:"mediaType"`
	Media          json.RawMessage `json:"media"` // a recording's "chat"; a message's attachments
	Transcripts    []struct {
		StartTime flexString      `json:"startTime"`
		Language  string          `json:"language"`
		Phrases   []genesysPhrase `json:"phrases"`
	} `json:"transcripts"`
	Participants []struct {
		Purpose            string `json:"purpose"`
		ParticipantPurpose string `json:"participantPurpose"`
		Name               string `json:"name"`
		ParticipantName    string `json:"participantName"`
	} `json:"participants"`
	Transcript          []genesysChatMessage      `json:"transcript"`
	MessagingTranscript []genesysMessagingMessage `json:"messagingTranscript"`
	// A conversation message (MessageData).
	ID                string       `json:"id"`
	TextBody          *string      `json:"textBody"`
	Direction         string       `json:"direction"`
	Timestamp         flexString   `json:"timestamp"`
	FromAddress       string       `json:"fromAddress"`
	MessengerType     string       `json:"messengerType"`
	CreatedBy         *genesysUser `json:"createdBy"`
	NormalizedMessage *struct {
		OriginatingEntity string `json:"originatingEntity"`
	} `json:"normalizedMessage"`
}

var genesysPurposeTable = map[string]transcript.Role{
	"internal": transcript.Agent,
	"agent":    transcript.Agent,
	"user":     transcript.Agent,
	"external": transcript.Customer,
	"customer": transcript.Customer,
	"acd":      transcript.Bot,
	"ivr":      transcript.Bot,
	"workflow": transcript.Bot,
	"bot":      transcript.Bot,
}

// Decode implements Format.
func (GenesysCloud) Decode(src *Source) error {
	d := &genesysDecoder{src: src, g: newRunGrouper(src, "genesys-cloud", "")}
	err := EachJSONRecord(src, []string{"entities"}, func(raw json.RawMessage, line int) error {
		var r genesysRecord
		if !DecodeRecord(src, raw, line, &r) {
			return nil
		}
		return d.record(&r, line)
	})
	if err != nil {
		return err
	}
	return d.g.done("notices, joins, leaves and other events")
}

type genesysDecoder struct {
	src *Source
	g   *runGrouper
}

// at reads a message's time, or rejects the message and reports false.
func (d *genesysDecoder) at(c *transcript.Conversation, line int, what, field, value string) (time.Time, bool) {
	t, err := d.src.Times.Parse(value)
	if err != nil {
		d.src.RejectIn(c.ID, line, "conversation %s, %s: %s: %v", c.ID, what, field, err)
		return t, false
	}
	return t, true
}

func (d *genesysDecoder) record(r *genesysRecord, line int) error {
	id := firstNonEmpty(string(r.ConversationID), fileConversationID(d.src.Name))
	if r.Transcripts == nil && r.Transcript == nil && r.MessagingTranscript == nil && r.TextBody == nil && r.Direction == "" {
		d.src.Reject(line, `record has no "transcripts", "transcript", "messagingTranscript" or "textBody": not a Genesys Cloud conversation`)
		return nil
	}
	c, err := d.g.conv(id, line)
	if err != nil {
		return err
	}
	if c.Channel == "" {
		var media string
		_ = json.Unmarshal(r.Media, &media)
		c.Channel = genesysChannel(firstNonEmpty(r.MediaType, media, r.MessengerType))
	}
	switch {
	case r.Transcripts != nil:
		d.phrases(c, r, line)
	case r.Transcript != nil || r.MessagingTranscript != nil:
		for i := range r.Transcript {
			d.chatMessage(c, &r.Transcript[i], line)
		}
		for i := range r.MessagingTranscript {
			d.messagingMessage(c, &r.MessagingTranscript[i], line)
		}
	default:
		if c.Channel == "" {
			c.Channel = transcript.Chat
		}
		d.conversationMessage(c, r, line)
	}
	return nil
}

// phrases adds a Speech and Text Analytics transcript's phrases.
func (d *genesysDecoder) phrases(c *transcript.Conversation, r *genesysRecord, line int) {
	names := map[transcript.Role]string{}
	for _, p := range r.Participants {
		role, ok := helpdeskRole(d.src.Opts, firstNonEmpty(p.Purpose, p.ParticipantPurpose), genesysPurposeTable)
		if name := firstNonEmpty(p.Name, p.ParticipantName); ok && name != "" && names[role] == "" {
			names[role] = name
		}
	}
	call := c.Channel == transcript.Call
	var base int64 = -1 // the call's start, for offsets
	for _, t := range r.Transcripts {
		if ms, err := strconv.ParseInt(string(t.StartTime), 10, 64); err == nil && (base < 0 || ms < base) {
			base = ms
		}
	}
	for ti, t := range r.Transcripts {
		setMeta(c, "language", t.Language)
		for pi, p := range t.Phrases {
			text := strings.TrimSpace(firstNonEmpty(p.Text, p.DecoratedText))
			if text == "" { // some engines give the words alone
				var words []string
				for _, w := range p.Words {
					words = append(words, w.Word)
				}
				text = strings.Join(nonEmpty(words), " ")
			}
			if text == "" {
				continue
			}
			d.g.turn()
			where := "transcript " + strconv.Itoa(ti+1) + ", phrase " + strconv.Itoa(pi+1)
			role, ok := helpdeskRole(d.src.Opts, p.ParticipantPurpose, genesysPurposeTable)
			if !ok && p.ParticipantPurpose == "" {
				d.src.RejectIn(c.ID, line, "conversation %s, %s: no participantPurpose: cannot tell who spoke", c.ID, where)
				continue
			}
			if !ok {
				d.src.RejectIn(c.ID, line, "conversation %s, %s: unknown participantPurpose %q (use internal, external, acd or ivr, or map it with --role-map)", c.ID, where, p.ParticipantPurpose)
				continue
			}
			m := transcript.Message{Role: role, Author: names[role], Text: text}
			if p.StartTimeMs != "" {
				ms, err := strconv.ParseInt(string(p.StartTimeMs), 10, 64)
				if err != nil || ms <= 0 {
					d.src.RejectIn(c.ID, line, "conversation %s, %s: startTimeMs %q is not epoch milliseconds", c.ID, where, string(p.StartTimeMs))
					continue
				}
				m.At = time.UnixMilli(ms).UTC()
				if base < 0 {
					base = ms
				}
				if call && ms >= base {
					start := ms - base
					end := start + genesysMillis(p.Duration)
					m.StartMS, m.EndMS = &start, &end
				}
			}
			c.Messages = append(c.Messages, m)
		}
	}
}

// genesysMillis reads a duration: {"milliseconds":N} or a number of
// milliseconds; anything else is none.
func genesysMillis(raw json.RawMessage) int64 {
	var obj struct {
		Milliseconds int64 `json:"milliseconds"`
	}
	if len(raw) > 0 && raw[0] == '{' && json.Unmarshal(raw, &obj) == nil && obj.Milliseconds > 0 {
		return obj.Milliseconds
	}
	var n int64
	if json.Unmarshal(raw, &n) == nil && n > 0 {
		return n
	}
	return 0
}

// chatMessage adds one message of a chat recording's transcript.
func (d *genesysDecoder) chatMessage(c *transcript.Conversation, m *genesysChatMessage, line int) {
	if bt := strings.ToLower(m.BodyType); bt != "" && bt != "standard" {
		d.g.events++ // notice, member-join, member-leave, typing, media-request
		return
	}
	d.g.turn()
	text := strings.TrimSpace(m.Body)
	if looksLikeHTML(text) {
		text = HTMLToText(text)
	}
	if text == "" {
		d.g.empty++
		return
	}
	role, err := genesysSenderRole(d.src.Opts, m.ParticipantPurpose, m.User != nil, false)
	if err != nil {
		d.src.RejectIn(c.ID, line, "conversation %s, chat message %s: %v", c.ID, m.ID, err)
		return
	}
	at, ok := d.at(c, line, "chat message "+m.ID, "utc", string(m.UTC))
	if !ok {
		return
	}
	c.Messages = append(c.Messages, transcript.Message{Role: role, Author: firstNonEmpty(m.User.label(), m.From), Text: text, At: at})
}

// messagingMessage adds one message of a messaging recording's transcript.
func (d *genesysDecoder) messagingMessage(c *transcript.Conversation, m *genesysMessagingMessage, line int) {
	text := strings.TrimSpace(m.MessageText)
	if text == "" {
		d.g.events++ // typing, presence and other events carry no text
		return
	}
	d.g.turn()
	role, err := genesysSenderRole(d.src.Opts, m.Purpose, m.FromUser != nil, m.FromExternalContact != nil)
	if err != nil {
		d.src.RejectIn(c.ID, line, "conversation %s, message %s: %v", c.ID, m.ID, err)
		return
	}
	at, ok := d.at(c, line, "message "+m.ID, "timestamp", string(m.Timestamp))
	if !ok {
		return
	}
	author := firstNonEmpty(m.FromUser.label(), m.FromExternalContact.label(), m.From)
	c.Messages = append(c.Messages, transcript.Message{Role: role, Author: author, Text: text, At: at})
}

// conversationMessage adds one conversation message (MessageData).
func (d *genesysDecoder) conversationMessage(c *transcript.Conversation, r *genesysRecord, line int) {
	d.g.turn()
	var text string
	if r.TextBody != nil {
		text = strings.TrimSpace(*r.TextBody)
	}
	if text == "" {
		d.g.empty++
		return
	}
	var role transcript.Role
	switch strings.ToLower(r.Direction) {
	case "inbound":
		role = transcript.Customer
	case "outbound":
		role = transcript.Agent
		if r.NormalizedMessage != nil && strings.EqualFold(r.NormalizedMessage.OriginatingEntity, "bot") {
			role = transcript.Bot
		}
	default:
		d.src.RejectIn(c.ID, line, "conversation %s, message %s: direction %q is neither inbound nor outbound", c.ID, r.ID, r.Direction)
		return
	}
	at, ok := d.at(c, line, "message "+r.ID, "timestamp", string(r.Timestamp))
	if !ok {
		return
	}
	c.Messages = append(c.Messages, transcript.Message{Role: role, Author: firstNonEmpty(r.CreatedBy.label(), r.FromAddress), Text: text, At: at})
}

// genesysSenderRole reads a sender's purpose; without one, a Genesys
// user is an agent and an external contact the customer.
func genesysSenderRole(opts *Options, purpose string, user, external bool) (transcript.Role, error) {
	if purpose != "" {
		if role, ok := helpdeskRole(opts, purpose, genesysPurposeTable); ok {
			return role, nil
		}
		return "", fmt.Errorf("unknown purpose %q (use agent, customer, acd or workflow, or map it with --role-map)", purpose)
	}
	switch {
	case user:
		return transcript.Agent, nil
	case external:
		return transcript.Customer, nil
	}
	return "", fmt.Errorf("no purpose and no user or external contact: cannot tell who wrote it")
}

// genesysChannel maps a media type to a channel; none for an unknown one,
// so that --default-channel applies.
func genesysChannel(media string) transcript.Channel {
	switch strings.ToLower(media) {
	case "call", "callback", "audio", "voice":
		return transcript.Call
	case "chat", "message", "messaging", "webmessaging":
		return transcript.Chat
	case "email":
		return transcript.Email
	case "sms":
		return transcript.SMS
	case "facebook", "twitter", "instagram", "line":
		return transcript.Social
	case "whatsapp", "open":
		return transcript.Chat
	}
	return ""
}
