package importers

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// decodeNativeFast decodes one native record as json.Unmarshal would, in
// one pass and without reflection: iqa's own files are most of what it
// reads. It handles the shapes `iqa import` writes and reports false for
// anything else (invalid JSON, a value of an unexpected type, a key that
// differs only in case, meta values that are lists or objects, ...), and
// the caller then decodes the record with DecodeRecord, which rejects or
// reads it as before. FuzzNativeFastDecoding holds it to json.Unmarshal.
func decodeNativeFast(raw []byte, nc *nativeConversation) bool {
	p := jsonScanner{b: raw}
	var seen keySet
	ok := p.object(func(key []byte) bool {
		if !seen.first(key) {
			return false // encoding/json decodes a repeated key over the first
		}
		switch string(key) {
		case "id":
			return p.scalar(&nc.ID)
		case "channel":
			return p.stringField(&nc.Channel)
		case "agent":
			return p.stringField(&nc.Agent)
		case "team":
			return p.stringField(&nc.Team)
		case "customer":
			return p.stringField(&nc.Customer)
		case "start":
			return p.stringField(&nc.Start)
		case "messages":
			return p.messages(&nc.Messages)
		case "meta":
			return p.meta(&nc.Meta)
		}
		return p.unknownKey(key, nativeConversationKeys)
	})
	p.space()
	return ok && p.i == len(p.b)
}

var (
	nativeConversationKeys = []string{"id", "channel", "agent", "team", "customer", "start", "messages", "meta"}
	nativeMessageKeys      = []string{"role", "author", "text", "at", "start_ms", "end_ms", "internal"}
)

func (p *jsonScanner) messages(dst *[]nativeMessage) bool {
	if p.null() {
		*dst = nil
		return true
	}
	msgs := (*dst)[:0]
	if msgs == nil {
		msgs = []nativeMessage{} // [] is an empty list, not a missing one
	}
	if !p.array(func() bool {
		msgs = append(msgs, nativeMessage{})
		m := &msgs[len(msgs)-1]
		var seen keySet
		return p.object(func(key []byte) bool {
			if !seen.first(key) {
				return false
			}
			switch string(key) {
			case "role":
				return p.stringField(&m.Role)
			case "author":
				return p.stringField(&m.Author)
			case "text":
				if p.null() {
					m.Text = nil
					return true
				}
				s, ok := p.str()
				m.Text = &s
				return ok
			case "at":
				return p.scalar(&m.At)
			case "start_ms":
				return p.number(&m.StartMS)
			case "end_ms":
				return p.number(&m.EndMS)
			case "internal":
				return p.boolField(&m.Internal)
			}
			return p.unknownKey(key, nativeMessageKeys)
		})
	}) {
		return false
	}
	*dst = msgs
	return true
}

// meta reads an object of strings, numbers, booleans and nulls into a
// map[string]any as encoding/json does.
func (p *jsonScanner) meta(dst *map[string]any) bool {
	if p.null() {
		*dst = nil
		return true
	}
	if *dst == nil {
		*dst = map[string]any{}
	}
	m := *dst
	return p.object(func(b []byte) bool {
		key := string(b)
		p.space()
		if p.i >= len(p.b) {
			return false
		}
		switch c := p.b[p.i]; {
		case c == '"':
			s, ok := p.str()
			m[key] = s
			return ok
		case c == 'n':
			m[key] = nil
			return p.literal("null")
		case c == 't':
			m[key] = true
			return p.literal("true")
		case c == 'f':
			m[key] = false
			return p.literal("false")
		}
		tok, ok := p.numberToken()
		if !ok {
			return false
		}
		f, err := strconv.ParseFloat(string(tok), 64)
		m[key] = f
		return err == nil
	})
}

// keySet tells the first time a key is seen in an object. Records have
// few keys, so a list does.
type keySet struct {
	keys [12][]byte
	n    int
}

func (s *keySet) first(key []byte) bool {
	for _, k := range s.keys[:s.n] {
		if bytes.Equal(k, key) {
			return false
		}
	}
	if s.n == len(s.keys) {
		return false // more keys than records have: encoding/json decides
	}
	s.keys[s.n] = key
	s.n++
	return true
}

// jsonScanner reads JSON from b at i. Every method validates what it
// consumes and reports false for what it does not handle.
type jsonScanner struct {
	b []byte
	i int
}

func (p *jsonScanner) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// consume skips space and then c, if c is next.
func (p *jsonScanner) consume(c byte) bool {
	p.space()
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *jsonScanner) literal(lit string) bool {
	p.space()
	if !bytes.HasPrefix(p.b[p.i:], []byte(lit)) {
		return false
	}
	p.i += len(lit)
	return true
}

// null consumes a null if one is next.
func (p *jsonScanner) null() bool {
	p.space()
	return bytes.HasPrefix(p.b[p.i:], []byte("null")) && p.literal("null")
}

// object reads an object, calling field for each key with the scanner at
// its value.
func (p *jsonScanner) object(field func(key []byte) bool) bool {
	if !p.consume('{') {
		return false
	}
	if p.consume('}') {
		return true
	}
	for {
		p.space()
		tok, ok := p.stringToken()
		// Escaped keys, and keys that are not valid UTF-8 (which
		// encoding/json turns into U+FFFD), are left to encoding/json.
		if !ok || bytes.IndexByte(tok, '\\') >= 0 || !utf8.Valid(tok) || !p.consume(':') || !field(tok[1:len(tok)-1]) {
			return false
		}
		if p.consume('}') {
			return true
		}
		if !p.consume(',') {
			return false
		}
	}
}

func (p *jsonScanner) array(elem func() bool) bool {
	if !p.consume('[') {
		return false
	}
	if p.consume(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if p.consume(']') {
			return true
		}
		if !p.consume(',') {
			return false
		}
	}
}

// unknownKey skips the value of a key the record does not use. A key that
// matches a known one but for case is left to encoding/json, which
// matches keys without regard to case.
func (p *jsonScanner) unknownKey(key []byte, known []string) bool {
	for _, k := range known {
		if bytes.EqualFold(key, []byte(k)) {
			return false
		}
	}
	_, ok := p.value(0)
	return ok
}

// stringField reads a string; null leaves dst as it is.
func (p *jsonScanner) stringField(dst *string) bool {
	if p.null() {
		return true
	}
	s, ok := p.str()
	*dst = s
	return ok
}

// boolField reads a boolean; null leaves dst as it is.
func (p *jsonScanner) boolField(dst *bool) bool {
	switch {
	case p.null():
		return true
	case p.literal("true"):
		*dst = true
		return true
	case p.literal("false"):
		*dst = false
		return true
	}
	return false
}

// number reads a JSON number, or null, into a *json.Number.
func (p *jsonScanner) number(dst **json.Number) bool {
	if p.null() {
		*dst = nil
		return true
	}
	tok, ok := p.numberToken()
	n := json.Number(tok)
	*dst = &n
	return ok
}

// scalar reads any value into a jsonScalar, as its UnmarshalJSON does.
func (p *jsonScanner) scalar(dst *jsonScalar) bool {
	raw, ok := p.value(0)
	if ok {
		dst.text, dst.err = scalarString(raw)
	}
	return ok
}

// str reads a string. One without escapes is its bytes; encoding/json
// reads one with escapes.
func (p *jsonScanner) str() (string, bool) {
	p.space()
	tok, ok := p.stringToken()
	if !ok {
		return "", false
	}
	if bytes.IndexByte(tok, '\\') < 0 && utf8.Valid(tok) {
		return string(tok[1 : len(tok)-1]), true
	}
	var s string
	return s, json.Unmarshal(tok, &s) == nil
}

// stringToken returns the next string with its quotes, checked for what
// JSON forbids in strings (control characters, unknown escapes).
func (p *jsonScanner) stringToken() ([]byte, bool) {
	start := p.i
	if p.i >= len(p.b) || p.b[p.i] != '"' {
		return nil, false
	}
	for p.i++; p.i < len(p.b); p.i++ {
		switch c := p.b[p.i]; {
		case c == '"':
			p.i++
			return p.b[start:p.i], true
		case c < 0x20:
			return nil, false
		case c == '\\':
			p.i++
			if p.i >= len(p.b) {
				return nil, false
			}
			switch p.b[p.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if p.i+4 >= len(p.b) {
					return nil, false
				}
				for _, h := range p.b[p.i+1 : p.i+5] {
					if !isHex(h) {
						return nil, false
					}
				}
				p.i += 4
			default:
				return nil, false
			}
		}
	}
	return nil, false
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// numberToken returns the next number, checked against JSON's grammar.
func (p *jsonScanner) numberToken() ([]byte, bool) {
	p.space()
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.b) && '0' <= p.b[p.i] && p.b[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.i < len(p.b) && p.b[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.b) && p.b[p.i] == '0':
		p.i++
	case digits() == 0:
		return nil, false
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return nil, false
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return nil, false
		}
	}
	return p.b[start:p.i], true
}

// value skips any value and returns its bytes.
func (p *jsonScanner) value(depth int) ([]byte, bool) {
	p.space()
	if p.i >= len(p.b) || depth > 64 {
		return nil, false
	}
	start := p.i
	ok := false
	switch c := p.b[p.i]; c {
	case '"':
		_, ok = p.stringToken()
	case '{':
		ok = p.object(func([]byte) bool { _, ok := p.value(depth + 1); return ok })
	case '[':
		ok = p.array(func() bool { _, ok := p.value(depth + 1); return ok })
	case 't':
		ok = p.literal("true")
	case 'f':
		ok = p.literal("false")
	case 'n':
		ok = p.literal("null")
	default:
		_, ok = p.numberToken()
	}
	return p.b[start:p.i], ok
}
