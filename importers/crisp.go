package importers

import (
	"bufio"
	"encoding/json"
	"regexp"
	"strings"

	"github.com/iqa-cli/iqa/transcript"
)

// Crisp reads Crisp conversation messages as the REST API v1 returns them
// (GET /v1/website/{website_id}/conversation/{session_id}/messages:
// {"error":false,"reason":"resolved","data":[...]}), pages of it appended
// or one a line, and message:send / message:received webhooks
// ({"event":"message:send","data":{...}}).
//
// from says who wrote: user is the customer, operator an agent, and an
// operator message whose origin is a bot, trigger or campaign
// (urn:crisp.im:...:0), or that is "automated", a bot. type "note" is an
// internal note; "event" (state changes, user blocked) is not a turn;
// "picker", "field" and "carousel" give their text and the chosen or
// given answer; "file", "animation" and "audio" have no text and are
// counted in a warning. Messages are grouped by session_id; each run of
// one session is one conversation, whose channel comes from the
// customer's origin (chat, email, Messenger, WhatsApp, ...).
type Crisp struct{}

// Name implements Format.
func (Crisp) Name() string { return "crisp" }

// Expects implements Format.
func (Crisp) Expects() string {
	return `Crisp conversation messages {"data":[{"session_id","from":"user|operator","origin","type","content","timestamp"}]} (pages appended) and message webhooks`
}

// Detect implements Format: a message's session_id, from and origin.
func (Crisp) Detect(head []byte, _ string) bool {
	return looksLikeJSONObjects(head) && hasKey(head, "session_id") && hasKey(head, "from") && hasKey(head, "origin") &&
		(hasKey(head, "fingerprint") || hasKey(head, "website_id") || hasKey(head, "timestamp"))
}

type crispMessage struct {
	SessionID   string          `json:"session_id"`
	WebsiteID   string          `json:"website_id"`
	Type        string          `json:"type"`
	From        string          `json:"from"`
	Origin      string          `json:"origin"`
	Content     json.RawMessage `json:"content"`
	Timestamp   flexString      `json:"timestamp"`
	Fingerprint flexString      `json:"fingerprint"`
	Automated   bool            `json:"automated"`
	User        *struct {
		UserID   string `json:"user_id"`
		Nickname string `json:"nickname"`
	} `json:"user"`
	// A webhook's.
	Event string          `json:"event"`
	Data  json.RawMessage `json:"data"`
}

var crispRoleTable = map[string]transcript.Role{
	"user":     transcript.Customer,
	"operator": transcript.Agent,
}

// crispSingleObject finds a webhook's "data" object: such a file is one
// record, not a list under "data".
var crispSingleObject = regexp.MustCompile(`^\s*\{[^\[]*"data"\s*:\s*\{`)

// Decode implements Format.
func (Crisp) Decode(src *Source) error {
	br := bufio.NewReaderSize(src.R, HeadSize)
	src.R = br
	head, _ := br.Peek(HeadSize)
	wrapper := []string{"data"}
	if crispSingleObject.Match(head) && !isJSONLines(head) {
		wrapper = nil
	}
	g := newRunGrouper(src, "crisp", "")
	err := EachJSONRecord(src, wrapper, func(raw json.RawMessage, line int) error {
		var m crispMessage
		if !DecodeRecord(src, raw, line, &m) {
			return nil
		}
		if m.Event != "" { // a webhook
			if (m.Event != "message:send" && m.Event != "message:received") || len(m.Data) == 0 || m.Data[0] != '{' {
				g.events++ // session:set_state, message:updated, ...
				return nil
			}
			data := m.Data
			m = crispMessage{}
			if !DecodeRecord(src, data, line, &m) {
				return nil
			}
		}
		c, err := g.conv(firstNonEmpty(m.SessionID, fileConversationID(src.Name)), line)
		if err != nil {
			return err
		}
		setMeta(c, "website_id", m.WebsiteID)
		typ := strings.ToLower(m.Type)
		if typ == "event" {
			g.events++
			return nil
		}
		g.turn()
		text := crispText(typ, m.Content)
		if text == "" {
			g.empty++
			return nil
		}
		role, ok := helpdeskRole(src.Opts, m.From, crispRoleTable)
		if !ok {
			src.RejectIn(c.ID, line, "session %s, message %s: unknown from %q (use user or operator, or map it with --role-map)", c.ID, m.Fingerprint, m.From)
			return nil
		}
		if role == transcript.Agent && (m.Automated || crispAutomatedOrigin(m.Origin)) {
			role = transcript.Bot
		}
		at, err := src.Times.Parse(string(m.Timestamp))
		if err != nil {
			src.RejectIn(c.ID, line, "session %s, message %s: timestamp: %v", c.ID, m.Fingerprint, err)
			return nil
		}
		msg := transcript.Message{Role: role, Text: text, At: at, Internal: typ == "note"}
		if m.User != nil {
			msg.Author = firstNonEmpty(m.User.Nickname, m.User.UserID)
		}
		// The channel is the customer's first origin, else the first one.
		ch := crispChannel(m.Origin)
		switch {
		case role == transcript.Customer && c.Meta["origin"] == "":
			setMeta(c, "origin", m.Origin)
			if ch != "" {
				c.Channel = ch
			}
		case c.Channel == "":
			c.Channel = ch
		}
		c.Messages = append(c.Messages, msg)
		return nil
	})
	if err != nil {
		return err
	}
	return g.done("events")
}

// crispText is what a message shows as text: a text or note's string, a
// picker's question and the choices picked, a field's question and answer,
// a carousel's text and titles; none for files, animations and audio.
func crispText(typ string, raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var obj struct {
		Text    string `json:"text"`
		Explain string `json:"explain"`
		Value   string `json:"value"`
		Choices []struct {
			Label    string `json:"label"`
			Selected bool   `json:"selected"`
		} `json:"choices"`
		Targets []struct {
			Title       string `json:"title"`
			Description string `json:"description"`
		} `json:"targets"`
	}
	if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &obj) != nil {
		return ""
	}
	switch typ {
	case "picker", "field", "carousel":
	default:
		return "" // file, animation, audio, location: no text
	}
	lines := []string{obj.Text}
	for _, ch := range obj.Choices {
		if ch.Selected {
			lines = append(lines, ch.Label)
		}
	}
	lines = append(lines, obj.Value)
	for _, t := range obj.Targets {
		lines = append(lines, t.Title)
	}
	return strings.TrimSpace(strings.Join(nonEmpty(lines), "\n"))
}

// crispAutomatedOrigin reports whether an operator message was sent by a
// bot, a trigger or a campaign rather than a person.
func crispAutomatedOrigin(origin string) bool {
	o := strings.ToLower(origin)
	if !strings.HasPrefix(o, "urn:") {
		return false
	}
	for _, w := range []string{"bot", "trigger", "campaign", "automat"} {
		if strings.Contains(o, w) {
			return true
		}
	}
	return false
}

// crispChannel maps an origin to a channel; none for a plugin's or an
// unknown one.
func crispChannel(origin string) transcript.Channel {
	o := strings.ToLower(origin)
	switch {
	case o == "chat":
		return transcript.Chat
	case o == "email":
		return transcript.Email
	case strings.Contains(o, "messenger"), strings.Contains(o, "instagram"), strings.Contains(o, "twitter"):
		return transcript.Social
	case strings.Contains(o, "whatsapp"), strings.Contains(o, "telegram"), strings.Contains(o, "line"), strings.Contains(o, "viber"):
		return transcript.Chat
	case strings.Contains(o, "sms"):
		return transcript.SMS
	case strings.Contains(o, "phone"), strings.Contains(o, "call"):
		return transcript.Call
	}
	return ""
}
