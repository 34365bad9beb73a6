package reports

import (
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/iqa-cli/iqa/scoring"
	"github.com/iqa-cli/iqa/transcript"
)

// appendResult appends r as one JSON line, byte for byte what
// encoding/json gives with SetEscapeHTML(false), without its reflection:
// results are most of what `iqa score --json` writes. It reports false,
// having appended nothing that counts, for a value encoding/json refuses
// (a NaN or infinite number, a time outside RFC 3339): the caller then
// encodes r with encoding/json, which fails with its own error.
// TestAppendResultMatchesEncodingJSON keeps the two in step; a field added
// to scoring.Result must be added here too.
func appendResult(b []byte, r *scoring.Result) ([]byte, bool) {
	e := jsonAppender{b: b, ok: true}
	e.str(`{"schema":`, r.Schema)
	e.int(`,"seq":`, r.Seq)
	e.str(`,"id":`, r.ID)
	e.str(`,"channel":`, r.Channel)
	e.strOmit(`,"agent":`, r.Agent)
	e.strOmit(`,"team":`, r.Team)
	e.strOmit(`,"customer":`, r.Customer)
	if !r.Start.IsZero() {
		e.time(`,"start":`, r.Start)
	}
	e.int(`,"messages":`, r.Messages)
	e.float(`,"duration_s":`, r.DurationSeconds)
	e.float(`,"score":`, r.Score)
	e.bool(`,"passed":`, r.Passed)
	if r.PassScore != nil {
		e.float(`,"pass_score":`, *r.PassScore)
	}
	e.bool(`,"critical_failure":`, r.CriticalFailure)
	e.raw(`,"criteria":`)
	if r.Criteria == nil {
		e.raw("null")
	} else {
		e.raw("[")
		for i := range r.Criteria {
			if i > 0 {
				e.raw(",")
			}
			e.criterion(&r.Criteria[i])
		}
		e.raw("]")
	}
	e.strOmit(`,"note":`, r.Note)
	if r.Unanswered {
		e.bool(`,"unanswered":`, true)
	}
	if r.PredictedCSAT != nil {
		e.float(`,"predicted_csat":`, *r.PredictedCSAT)
	}
	e.evidenceList(`,"csat_evidence":[`, r.CSATEvidence)
	if s := r.CustomerSentiment; s != nil {
		e.float(`,"customer_sentiment":{"first":`, s.First)
		e.float(`,"last":`, s.Last)
		e.float(`,"mean":`, s.Mean)
		e.int(`,"turns":`, s.Turns)
		e.raw("}")
	}
	e.str(`,"rubric":{"name":`, r.Rubric.Name)
	e.str(`,"version":`, r.Rubric.Version)
	e.str(`,"hash":`, r.Rubric.Hash)
	e.raw("}")
	if len(r.Meta) > 0 {
		e.meta(r.Meta)
	}
	if r.Source != (transcript.Location{}) {
		e.location(r.Source)
	}
	e.raw(`,"transcript":`)
	if r.Transcript == nil {
		e.raw("null")
	} else {
		e.raw("[")
		for i := range r.Transcript {
			if i > 0 {
				e.raw(",")
			}
			e.message(&r.Transcript[i])
		}
		e.raw("]")
	}
	e.raw("}\n")
	return e.b, e.ok
}

// jsonAppender appends JSON as encoding/json writes it. Each method
// appends a key (with the comma or brace before it) and a value.
type jsonAppender struct {
	b  []byte
	ok bool // false once a value encoding/json refuses was met
}

func (e *jsonAppender) raw(s string) { e.b = append(e.b, s...) }

func (e *jsonAppender) str(key, v string) {
	e.b = appendJSONString(append(e.b, key...), v)
}

// strOmit is str for a field tagged omitempty.
func (e *jsonAppender) strOmit(key, v string) {
	if v != "" {
		e.str(key, v)
	}
}

func (e *jsonAppender) int(key string, v int) {
	e.b = strconv.AppendInt(append(e.b, key...), int64(v), 10)
}

func (e *jsonAppender) bool(key string, v bool) {
	e.b = strconv.AppendBool(append(e.b, key...), v)
}

// float writes a float64 as encoding/json does: like ES6, with an
// exponent only for magnitudes below 1e-6 or from 1e21.
func (e *jsonAppender) float(key string, f float64) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		e.ok = false
		return
	}
	e.b = append(e.b, key...)
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	e.b = strconv.AppendFloat(e.b, f, format, -1, 64)
	if format == 'e' {
		// e-09 becomes e-9.
		if n := len(e.b); n >= 4 && e.b[n-4] == 'e' && e.b[n-3] == '-' && e.b[n-2] == '0' {
			e.b[n-2] = e.b[n-1]
			e.b = e.b[:n-1]
		}
	}
}

// time writes t as time.Time.MarshalJSON does: RFC 3339 with
// nanoseconds. Years outside 0-9999 and zone offsets of a day or more are
// left to encoding/json, which refuses them.
func (e *jsonAppender) time(key string, t time.Time) {
	_, offset := t.Zone()
	if y := t.Year(); y < 0 || y > 9999 || offset <= -24*60*60 || offset >= 24*60*60 {
		e.ok = false
		return
	}
	e.b = append(append(e.b, key...), '"')
	e.b = append(t.AppendFormat(e.b, time.RFC3339Nano), '"')
}

func (e *jsonAppender) criterion(c *scoring.CriterionResult) {
	e.str(`{"id":`, c.ID)
	e.str(`,"name":`, c.Name)
	e.str(`,"kind":`, c.Kind)
	e.strOmit(`,"section":`, c.Section)
	e.float(`,"weight":`, c.Weight)
	if c.Critical {
		e.bool(`,"critical":`, true)
	}
	e.float(`,"score":`, c.Score)
	e.str(`,"status":`, string(c.Status))
	e.str(`,"reason":`, c.Reason)
	e.evidenceList(`,"evidence":[`, c.Evidence)
	e.raw("}")
}

// evidenceList writes a non-empty evidence list after its key and opening
// bracket (omitempty: nothing when there is none).
func (e *jsonAppender) evidenceList(key string, evs []scoring.Evidence) {
	if len(evs) == 0 {
		return
	}
	e.raw(key)
	for i := range evs {
		if i > 0 {
			e.raw(",")
		}
		e.evidence(&evs[i])
	}
	e.raw("]")
}

func (e *jsonAppender) evidence(ev *scoring.Evidence) {
	e.int(`{"message":`, ev.Message)
	if ev.Start != 0 {
		e.int(`,"start":`, ev.Start)
	}
	if ev.End != 0 {
		e.int(`,"end":`, ev.End)
	}
	e.strOmit(`,"text":`, ev.Text)
	if ev.Cut {
		e.bool(`,"cut":`, true)
	}
	if ev.Value != nil {
		e.float(`,"value":`, *ev.Value)
	}
	e.strOmit(`,"unit":`, ev.Unit)
	e.str(`,"note":`, ev.Note)
	e.strOmit(`,"effect":`, ev.Effect)
	e.raw("}")
}

// meta writes a map with its keys sorted, as encoding/json does.
func (e *jsonAppender) meta(m map[string]string) {
	var stack [16]string
	keys := stack[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.raw(`,"meta":{`)
	for i, k := range keys {
		if i > 0 {
			e.raw(",")
		}
		e.b = appendJSONString(e.b, k)
		e.str(":", m[k])
	}
	e.raw("}")
}

func (e *jsonAppender) location(l transcript.Location) {
	// Each field is omitempty, so the first one written opens the object.
	sep := `,"source":{`
	if l.File != "" {
		e.str(sep+`"file":`, l.File)
		sep = ","
	}
	if l.Line != 0 {
		e.int(sep+`"line":`, l.Line)
		sep = ","
	}
	if l.Record != 0 {
		e.int(sep+`"record":`, l.Record)
	}
	e.raw("}")
}

func (e *jsonAppender) message(m *transcript.Message) {
	e.str(`{"role":`, string(m.Role))
	e.strOmit(`,"author":`, m.Author)
	e.str(`,"text":`, m.Text)
	if !m.At.IsZero() {
		e.time(`,"at":`, m.At)
	}
	if m.StartMS != nil {
		e.b = strconv.AppendInt(append(e.b, `,"start_ms":`...), *m.StartMS, 10)
	}
	if m.EndMS != nil {
		e.b = strconv.AppendInt(append(e.b, `,"end_ms":`...), *m.EndMS, 10)
	}
	if m.Internal {
		e.bool(`,"internal":`, true)
	}
	e.raw("}")
}

const hexDigits = "0123456789abcdef"

// jsonPlain marks the bytes a JSON string holds as they are: printable
// ASCII but the quote and the backslash.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendJSONString appends s quoted as encoding/json quotes it without
// HTML escaping: invalid UTF-8 becomes U+FFFD, and U+2028 and U+2029 are
// escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		for i < len(s) && jsonPlain[s[i]] {
			i++
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(b, s[start:]...), '"')
}
