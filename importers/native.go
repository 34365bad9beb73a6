package importers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/iqa-cli/iqa/transcript"
)

// Native reads iqa's own JSON: what `iqa import` writes. A file may be a
// JSON array of conversations, an object {"conversations": [...]}, or JSON
// Lines with one conversation a line.
type Native struct{}

// Name implements Format.
func (Native) Name() string { return "native" }

// Expects implements Format.
func (Native) Expects() string {
	return `iqa's JSON: conversations {"id","channel","agent","messages":[{"role","author","text","at"}]} as an array, {"conversations":[...]} or JSON Lines`
}

// Detect implements Format: JSON whose first record has a "messages" list
// of objects with "role" and "text".
func (Native) Detect(head []byte, _ string) bool {
	h := bytes.TrimLeft(head, " \t\r\n[")
	if len(h) == 0 || h[0] != '{' {
		return false
	}
	i := bytes.Index(h, []byte(`"messages"`))
	if i < 0 {
		return false
	}
	rest := bytes.TrimLeft(h[i+len(`"messages"`):], " \t\r\n:")
	// {"messages": [...]} as the first key, with items naming their
	// conversation, is a wrapper of flat message records (json-records).
	if i == bytes.IndexByte(h, '"') && bytes.Contains(rest[:min(len(rest), 2048)], []byte(`"conversation_id"`)) {
		return false
	}
	return bytes.HasPrefix(rest, []byte("[")) && bytes.Contains(rest, []byte(`"role"`)) && bytes.Contains(rest, []byte(`"text"`))
}

type nativeConversation struct {
	ID       jsonScalar      `json:"id"`
	Channel  string          `json:"channel"`
	Agent    string          `json:"agent"`
	Team     string          `json:"team"`
	Customer string          `json:"customer"`
	Start    string          `json:"start"`
	Messages []nativeMessage `json:"messages"`
	Meta     map[string]any  `json:"meta"`
}

type nativeMessage struct {
	Role     string       `json:"role"`
	Author   string       `json:"author"`
	Text     *string      `json:"text"`
	At       jsonScalar   `json:"at"`
	StartMS  *json.Number `json:"start_ms"`
	EndMS    *json.Number `json:"end_ms"`
	Internal bool         `json:"internal"`
}

// jsonScalar is a JSON string or number read as text, as scalarString
// reads it; err says why any other value is not one.
type jsonScalar struct {
	text string
	err  error
}

// UnmarshalJSON implements json.Unmarshaler. It never fails, so that a bad
// value rejects its message rather than the whole record.
func (s *jsonScalar) UnmarshalJSON(b []byte) error {
	s.text, s.err = scalarString(b)
	return nil
}

// Decode implements Format.
func (Native) Decode(src *Source) error {
	// One record's messages are decoded into the last one's, cleared,
	// instead of growing a new slice for every record. Records are read
	// by decodeNativeFast, or by encoding/json when it declines one.
	var messages []nativeMessage
	return EachJSONRecord(src, []string{"conversations"}, func(raw json.RawMessage, line int) error {
		var nc nativeConversation
		nc.reset(messages)
		ok := decodeNativeFast(raw, &nc)
		if !ok {
			nc.reset(nc.Messages)
			ok = DecodeRecord(src, raw, line, &nc)
		}
		messages = nc.Messages
		if !ok {
			return nil
		}
		c, err := nc.convert(src, line)
		if err != nil {
			src.Reject(line, "%v", err)
			return nil
		}
		c.Source = transcript.Location{File: src.Name, Line: line}
		return src.Emit(c)
	})
}

// reset empties nc for decoding a record into, keeping the memory of
// messages, cleared.
func (nc *nativeConversation) reset(messages []nativeMessage) {
	clear(messages[:cap(messages)])
	*nc = nativeConversation{Messages: messages[:0]}
}

// convert checks a conversation. A message that cannot be read is rejected
// on its own and the rest kept, as the platform importers do; a
// conversation none of whose messages can be read is rejected once, for
// its first bad message.
func (nc *nativeConversation) convert(src *Source, line int) (*transcript.Conversation, error) {
	id, err := nc.ID.text, nc.ID.err
	if err != nil {
		return nil, fmt.Errorf("id: %v", err)
	}
	if id == "" {
		return nil, fmt.Errorf(`conversation has no "id"`)
	}
	c := &transcript.Conversation{
		ID:       id,
		Agent:    strings.TrimSpace(nc.Agent),
		Team:     strings.TrimSpace(nc.Team),
		Customer: strings.TrimSpace(nc.Customer),
		Messages: make([]transcript.Message, 0, len(nc.Messages)),
	}
	if nc.Channel != "" {
		ch, ok := transcript.ParseChannel(nc.Channel)
		if !ok {
			return nil, fmt.Errorf("conversation %q: unknown channel %q (use chat, email, call, sms, social or other)", id, nc.Channel)
		}
		c.Channel = ch
	}
	if c.Start, err = src.Times.Parse(nc.Start); err != nil {
		return nil, fmt.Errorf("conversation %q: start: %v", id, err)
	}
	if len(nc.Meta) > 0 {
		c.Meta = make(map[string]string, len(nc.Meta))
		for k, v := range nc.Meta {
			c.Meta[k] = metaString(v)
		}
	}
	if len(nc.Messages) == 0 {
		return nil, fmt.Errorf(`conversation %q has no "messages"`, id)
	}
	var errs []error
	for i, nm := range nc.Messages {
		m, err := nm.convert(src)
		if err != nil {
			errs = append(errs, fmt.Errorf("conversation %q, message %d: %v", id, i+1, err))
			continue
		}
		c.Messages = append(c.Messages, m)
	}
	if len(c.Messages) == 0 {
		return nil, errs[0] // one reject for the conversation
	}
	for _, err := range errs {
		src.Reject(line, "%v", err)
	}
	return c, nil
}

func (nm *nativeMessage) convert(src *Source) (transcript.Message, error) {
	m := transcript.Message{Author: strings.TrimSpace(nm.Author), Internal: nm.Internal}
	role, ok := src.Opts.Role(nm.Role)
	if !ok {
		if nm.Role == "" {
			return m, fmt.Errorf(`no "role"`)
		}
		return m, fmt.Errorf("unknown role %q (use agent, customer, bot or system, or map it with --role-map)", nm.Role)
	}
	m.Role = role
	if nm.Text == nil {
		return m, fmt.Errorf(`no "text"`)
	}
	m.Text = *nm.Text
	at, err := nm.At.text, nm.At.err
	if err != nil {
		return m, fmt.Errorf("at: %v", err)
	}
	if m.At, err = src.Times.Parse(at); err != nil {
		return m, err
	}
	if m.StartMS, err = millis(nm.StartMS); err != nil {
		return m, fmt.Errorf("start_ms: %v", err)
	}
	if m.EndMS, err = millis(nm.EndMS); err != nil {
		return m, fmt.Errorf("end_ms: %v", err)
	}
	if m.StartMS != nil && m.EndMS != nil && *m.EndMS < *m.StartMS {
		return m, fmt.Errorf("end_ms %d is before start_ms %d", *m.EndMS, *m.StartMS)
	}
	return m, nil
}

// scalarString accepts a JSON string or number as a string: ids and times
// are often numbers in exports.
func scalarString(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	if raw[0] == '"' && len(raw) >= 2 {
		// Without escapes, the text is what is between the quotes.
		if inner := raw[1 : len(raw)-1]; bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
			return string(bytes.TrimSpace(inner)), nil
		}
		var s string
		err := json.Unmarshal(raw, &s)
		return strings.TrimSpace(s), err
	}
	if _, err := strconv.ParseFloat(string(raw), 64); err == nil {
		return string(raw), nil
	}
	return "", fmt.Errorf("expected a string or a number, found %s", truncate(string(raw), 20))
}

func millis(n *json.Number) (*int64, error) {
	if n == nil {
		return nil, nil
	}
	f, err := n.Float64()
	if err != nil || f < 0 {
		return nil, fmt.Errorf("not a non-negative number of milliseconds: %s", n.String())
	}
	v := int64(f)
	return &v, nil
}

// metaString renders a metadata value as text: strings as they are,
// numbers without a trailing .0, lists joined with commas.
func metaString(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = metaString(x)
		}
		return strings.Join(parts, ",")
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
