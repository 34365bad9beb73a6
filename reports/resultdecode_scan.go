package reports

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/iqa-cli/iqa/scoring"
	"github.com/iqa-cli/iqa/transcript"
)

// lineScanner reads the JSON of one results line for decodeResultFast. It
// fails sticky: the first thing it does not handle exactly as
// encoding/json would (a malformed value, an escape it leaves to
// encoding/json, a number out of its range) clears ok, every later call
// returns zero values, and the decoder declines the line.
type lineScanner struct {
	b  []byte
	i  int
	ok bool
	// words holds the short strings that repeat from result to result
	// (criterion ids, names, statuses and reasons, evidence notes and
	// matched phrases, roles, agents), so that each is allocated once per
	// reader rather than once per result.
	words *[1 << wordBits]string
	buf   []byte // an unescaped string, reused
	// Lists are decoded into these, then copied at their length.
	crit []scoring.CriterionResult
	evs  []scoring.Evidence
	msgs []transcript.Message
	vals []evidenceValue
}

// The scanner keeps 1<<wordBits strings of at most maxWordLen bytes.
const (
	wordBits   = 12
	maxWordLen = 128
)

func (s *lineScanner) reset(b []byte) {
	s.b, s.i, s.ok = b, 0, true
}

func (s *lineScanner) fail() { s.ok = false }

func (s *lineScanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek returns the next byte after space, or 0 at the end or after a
// failure.
func (s *lineScanner) peek() byte {
	s.space()
	if !s.ok || s.i >= len(s.b) {
		return 0
	}
	return s.b[s.i]
}

// open consumes c ('{' or '['), failing when it is not next.
func (s *lineScanner) open(c byte) bool {
	if s.peek() != c {
		s.fail()
		return false
	}
	s.i++
	return true
}

// more reports whether an object or array opened with open has another
// member, consuming the comma before it; it consumes the closing byte
// and reports false at the end. first is true before the first member.
func (s *lineScanner) more(first *bool, closing byte) bool {
	switch c := s.peek(); {
	case !s.ok:
		return false
	case c == closing:
		s.i++
		return false
	case !*first:
		if c != ',' {
			s.fail()
			return false
		}
		s.i++
	}
	*first = false
	return true
}

// key reads an object's key and the colon after it. Keys with escapes or
// invalid UTF-8 are left to encoding/json, and so are, when seen is not
// nil (the objects the decoder fills), a key already in seen and more keys
// than it holds.
func (s *lineScanner) key(seen *keySet) []byte {
	tok, plain := s.stringToken()
	if !plain || s.peek() != ':' {
		s.fail()
		return nil
	}
	s.i++
	if seen == nil {
		return tok
	}
	if seen.n == len(seen.keys) {
		s.fail()
		return nil
	}
	for _, k := range seen.keys[:seen.n] {
		if bytes.Equal(k, tok) {
			s.fail()
			return nil
		}
	}
	seen.keys[seen.n] = tok
	seen.n++
	return tok
}

// null consumes a null if one is next.
func (s *lineScanner) null() bool {
	if s.peek() == 'n' && bytes.HasPrefix(s.b[s.i:], []byte("null")) {
		s.i += 4
		return true
	}
	return false
}

// stringToken reads a string and returns what is between its quotes,
// escapes as they are; plain is false when it holds an escape or bytes
// that are not UTF-8.
func (s *lineScanner) stringToken() (tok []byte, plain bool) {
	if s.peek() != '"' {
		s.fail()
		return nil, false
	}
	start := s.i + 1
	ascii := true
	i := start
	// Eight bytes at a time while none of them is a quote, a backslash, a
	// control character or outside ASCII.
	for ; i+8 <= len(s.b); i += 8 {
		if special(binary.LittleEndian.Uint64(s.b[i:])) {
			break
		}
	}
	for ; i < len(s.b); i++ {
		switch c := s.b[i]; {
		case c == '"':
			s.i = i + 1
			tok = s.b[start:i]
			return tok, ascii || utf8.Valid(tok)
		case c == '\\':
			if !s.escape(i) {
				s.fail()
				return nil, false
			}
			return s.escapedToken(start)
		case c < 0x20:
			s.fail()
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	s.fail()
	return nil, false
}

// special reports whether any of the eight bytes in x is a quote, a
// backslash, a control character or a byte outside ASCII.
func special(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	zero := func(v uint64) uint64 { return (v - ones) &^ v & highs }
	return (zero(x^(ones*'"'))|zero(x^(ones*'\\'))|(x-ones*0x20)&^x|x)&highs != 0
}

// escapedToken finds the end of a string that holds an escape, from its
// first byte start; the token it returns is not plain.
func (s *lineScanner) escapedToken(start int) ([]byte, bool) {
	for i := start; i < len(s.b); i++ {
		switch c := s.b[i]; {
		case c == '"':
			s.i = i + 1
			return s.b[start:i], false
		case c == '\\':
			if !s.escape(i) {
				s.fail()
				return nil, false
			}
			if s.b[i+1] == 'u' {
				i += 4
			}
			i++
		case c < 0x20:
			s.fail()
			return nil, false
		}
	}
	s.fail()
	return nil, false
}

// escape reports whether b[i], a backslash, starts an escape JSON allows.
func (s *lineScanner) escape(i int) bool {
	if i+1 >= len(s.b) {
		return false
	}
	switch s.b[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return true
	case 'u':
		if i+5 >= len(s.b) {
			return false
		}
		for _, h := range s.b[i+2 : i+6] {
			if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
				return false
			}
		}
		return true
	}
	return false
}

// str reads a string value.
func (s *lineScanner) str() string {
	tok, plain := s.stringToken()
	if !s.ok {
		return ""
	}
	if plain {
		return string(tok)
	}
	return s.unescape(tok)
}

// word reads a string value that repeats from result to result. The
// strings kept are a direct-mapped cache: a string takes the slot of its
// hash from whatever was there, so the cache holds what repeats now, in
// bounded memory, at the cost of one hash and one comparison.
func (s *lineScanner) word() string {
	tok, plain := s.stringToken()
	if !s.ok {
		return ""
	}
	if !plain {
		return s.unescape(tok)
	}
	if len(tok) > maxWordLen {
		return string(tok)
	}
	if s.words == nil {
		s.words = new([1 << wordBits]string)
	}
	slot := &s.words[wordHash(tok)>>(64-wordBits)]
	if *slot != string(tok) {
		*slot = string(tok)
	}
	return *slot
}

// wordHash hashes a word from its length and three eight-byte windows
// (its start, middle and end): enough to tell apart the words of one
// results file, and a collision costs only an allocation.
func wordHash(b []byte) uint64 {
	h := uint64(len(b)) * 0x9e3779b97f4a7c15
	if len(b) >= 8 {
		le := binary.LittleEndian
		h ^= le.Uint64(b)
		h = (h ^ h>>29) * 0xbf58476d1ce4e5b9
		h ^= le.Uint64(b[len(b)/2-4:])
		h = (h ^ h>>32) * 0x94d049bb133111eb
		h ^= le.Uint64(b[len(b)-8:])
	} else {
		for _, c := range b {
			h = (h ^ uint64(c)) * 0x100000001b3
		}
	}
	h = (h ^ h>>31) * 0xbf58476d1ce4e5b9
	return h ^ h>>29
}

// unescape decodes a string with escapes. The escapes iqa writes (\n,
// \", \u00XX for control characters, ...) are decoded here; surrogate
// pairs and bytes that are not UTF-8 go to encoding/json, whose
// replacements they need.
func (s *lineScanner) unescape(tok []byte) string {
	b := s.buf[:0]
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(tok[i:])
			if r == utf8.RuneError && size == 1 {
				return s.unescapeJSON(tok)
			}
			b = append(b, tok[i:i+size]...)
			i += size - 1
			continue
		}
		if c != '\\' {
			b = append(b, c)
			continue
		}
		i++
		switch e := tok[i]; e {
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			v, _ := strconv.ParseUint(string(tok[i+1:i+5]), 16, 16)
			if 0xD800 <= v && v < 0xE000 {
				return s.unescapeJSON(tok)
			}
			b = utf8.AppendRune(b, rune(v))
			i += 4
		default: // " \ /
			b = append(b, e)
		}
	}
	s.buf = b
	return string(b)
}

func (s *lineScanner) unescapeJSON(tok []byte) string {
	quoted := append(append(append(s.buf[:0], '"'), tok...), '"')
	s.buf = quoted
	var v string
	if json.Unmarshal(quoted, &v) != nil {
		s.fail()
	}
	return v
}

// numberToken reads a number, checked against JSON's grammar; frac and
// exp say whether it has a fraction or an exponent.
func (s *lineScanner) numberToken() (tok []byte, frac, exp bool) {
	s.space()
	start := s.i
	digits := func() int {
		n := s.i
		for s.i < len(s.b) && '0' <= s.b[s.i] && s.b[s.i] <= '9' {
			s.i++
		}
		return s.i - n
	}
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	if s.i < len(s.b) && s.b[s.i] == '0' {
		s.i++
	} else if digits() == 0 {
		s.fail()
		return nil, false, false
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		frac = true
		if digits() == 0 {
			s.fail()
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		exp = true
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if digits() == 0 {
			s.fail()
		}
	}
	return s.b[start:s.i], frac, exp
}

// int64 reads an integer as encoding/json reads one into an int64: a
// fraction or an exponent is an error there, so it is declined here.
func (s *lineScanner) int64() int64 {
	tok, frac, exp := s.numberToken()
	if !s.ok || frac || exp {
		s.fail()
		return 0
	}
	neg := tok[0] == '-'
	digits := tok
	if neg {
		digits = tok[1:]
	}
	if len(digits) > 18 {
		v, err := strconv.ParseInt(string(tok), 10, 64)
		if err != nil {
			s.fail()
		}
		return v
	}
	var v int64
	for _, d := range digits {
		v = v*10 + int64(d-'0')
	}
	if neg {
		v = -v
	}
	return v
}

func (s *lineScanner) int() int { return int(s.int64()) }

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// float reads a number as strconv.ParseFloat does. A decimal of at most
// 15 digits without an exponent (the scores, weights and measures iqa
// writes) is an exact integer divided by an exact power of ten, which
// IEEE division rounds correctly, as ParseFloat's own fast path does;
// anything else goes to ParseFloat.
func (s *lineScanner) float() float64 {
	tok, _, exp := s.numberToken()
	if !s.ok {
		return 0
	}
	if !exp {
		var m uint64
		n, scale := 0, -1
		for _, c := range tok {
			switch {
			case c == '.':
				scale = 0
			case c != '-':
				m = m*10 + uint64(c-'0')
				n++
				if scale >= 0 {
					scale++
				}
			}
		}
		if n <= 15 {
			f := float64(m)
			if scale > 0 {
				f /= pow10[scale]
			}
			if tok[0] == '-' {
				f = -f
			}
			return f
		}
	}
	f, err := strconv.ParseFloat(string(tok), 64)
	if err != nil {
		s.fail()
	}
	return f
}

func (s *lineScanner) bool() bool {
	switch s.peek() {
	case 't':
		if bytes.HasPrefix(s.b[s.i:], []byte("true")) {
			s.i += 4
			return true
		}
	case 'f':
		if bytes.HasPrefix(s.b[s.i:], []byte("false")) {
			s.i += 5
			return false
		}
	}
	s.fail()
	return false
}

// time reads a time as time.Time's UnmarshalJSON does, which is what
// encoding/json calls with the value's bytes.
func (s *lineScanner) time() time.Time {
	s.space()
	start := s.i
	if _, plain := s.stringToken(); !plain {
		s.fail()
		return time.Time{}
	}
	var t time.Time
	if t.UnmarshalJSON(s.b[start:s.i]) != nil {
		s.fail()
	}
	return t
}

// skip skips a value of a key the decoder does not use.
func (s *lineScanner) skip(depth int) {
	if depth > 100 {
		s.fail()
		return
	}
	switch s.peek() {
	case '"':
		s.stringToken()
	case '{':
		s.i++
		for first := true; s.more(&first, '}'); {
			s.key(nil)
			s.skip(depth + 1)
		}
	case '[':
		s.i++
		for first := true; s.more(&first, ']'); {
			s.skip(depth + 1)
		}
	case 't', 'f':
		s.bool()
	case 'n':
		if !s.null() {
			s.fail()
		}
	default:
		s.numberToken()
	}
}

// unknown handles a key a decoder does not know: a key that matches a
// known one but for case is left to encoding/json, which matches keys
// without regard to case; any other is skipped, as encoding/json does.
func (s *lineScanner) unknown(key []byte, known []string) {
	for _, k := range known {
		if bytes.EqualFold(key, []byte(k)) {
			s.fail()
			return
		}
	}
	s.skip(0)
}

// keySet holds the keys of one object: encoding/json decodes a repeated
// key over the first, which the fast decoder leaves to it.
type keySet struct {
	keys [32][]byte
	n    int
}
