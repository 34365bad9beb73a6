package reports

import (
	"github.com/iqa-cli/iqa/scoring"
	"github.com/iqa-cli/iqa/transcript"
)

// decodeResultFast decodes one results line into r as json.Unmarshal
// would, in one pass and without reflection: reading results back is
// most of what `iqa report` and `coach --results` do. It handles the
// lines appendResult writes, and reports false for anything else (a key
// repeated or differing only in case, a null where iqa writes none, an
// escape it leaves to encoding/json, invalid JSON); the caller then
// decodes the line with encoding/json, which reads or refuses it as
// before. TestDecodeResultMatchesEncodingJSON and FuzzDecodeResult hold
// it to json.Unmarshal; a field added to scoring.Result must be added
// here too, or the random results of that test fail.
func decodeResultFast(s *lineScanner, raw []byte, r *scoring.Result) bool {
	s.reset(raw)
	s.result(r)
	s.space()
	return s.ok && s.i == len(s.b)
}

var resultKeys = []string{"schema", "seq", "id", "channel", "agent", "team", "customer", "start", "messages", "duration_s",
	"score", "passed", "pass_score", "critical_failure", "criteria", "note", "unanswered", "predicted_csat", "csat_evidence",
	"customer_sentiment", "rubric", "meta", "source", "transcript"}

func (s *lineScanner) result(r *scoring.Result) {
	if !s.open('{') {
		return
	}
	var seen keySet
	for first := true; s.more(&first, '}'); {
		key := s.key(&seen)
		switch string(key) {
		case "schema":
			r.Schema = s.word()
		case "seq":
			r.Seq = s.int()
		case "id":
			r.ID = s.str()
		case "channel":
			r.Channel = s.word()
		case "agent":
			r.Agent = s.word()
		case "team":
			r.Team = s.word()
		case "customer":
			r.Customer = s.str()
		case "start":
			r.Start = s.time()
		case "messages":
			r.Messages = s.int()
		case "duration_s":
			r.DurationSeconds = s.float()
		case "score":
			r.Score = s.float()
		case "passed":
			r.Passed = s.bool()
		case "pass_score":
			v := s.float()
			r.PassScore = &v
		case "critical_failure":
			r.CriticalFailure = s.bool()
		case "criteria":
			r.Criteria = s.criteria()
		case "note":
			r.Note = s.str()
		case "unanswered":
			r.Unanswered = s.bool()
		case "predicted_csat":
			v := s.float()
			r.PredictedCSAT = &v
		case "csat_evidence":
			r.CSATEvidence = s.evidence()
		case "customer_sentiment":
			r.CustomerSentiment = s.sentiment()
		case "rubric":
			s.rubric(&r.Rubric)
		case "meta":
			r.Meta = s.meta()
		case "source":
			s.location(&r.Source)
		case "transcript":
			r.Transcript = s.transcript()
		default:
			s.unknown(key, resultKeys)
		}
	}
}

var criterionKeys = []string{"id", "name", "kind", "section", "weight", "critical", "score", "status", "reason", "evidence"}

// criteria reads the criteria list; null is nil, as iqa writes a result
// without criteria.
func (s *lineScanner) criteria() []scoring.CriterionResult {
	if s.null() || !s.open('[') {
		return nil
	}
	list := s.crit[:0]
	defer func() { s.crit = list }()
	for first := true; s.more(&first, ']'); {
		list = append(list, scoring.CriterionResult{})
		c := &list[len(list)-1]
		if !s.open('{') {
			return nil
		}
		var seen keySet
		for first := true; s.more(&first, '}'); {
			key := s.key(&seen)
			switch string(key) {
			case "id":
				c.ID = s.word()
			case "name":
				c.Name = s.word()
			case "kind":
				c.Kind = s.word()
			case "section":
				c.Section = s.word()
			case "weight":
				c.Weight = s.float()
			case "critical":
				c.Critical = s.bool()
			case "score":
				c.Score = s.float()
			case "status":
				c.Status = scoring.Status(s.word())
			case "reason":
				c.Reason = s.word()
			case "evidence":
				c.Evidence = s.evidence()
			default:
				s.unknown(key, criterionKeys)
			}
		}
	}
	return exact(list)
}

var evidenceKeys = []string{"message", "start", "end", "text", "cut", "value", "unit", "note", "effect"}

// evidence reads an evidence list (a criterion's, or the CSAT's).
func (s *lineScanner) evidence() []scoring.Evidence {
	if !s.open('[') {
		return nil
	}
	list := s.evs[:0]
	s.vals = s.vals[:0]
	defer func() { s.evs = list }()
	for first := true; s.more(&first, ']'); {
		list = append(list, scoring.Evidence{})
		ev := &list[len(list)-1]
		if !s.open('{') {
			return nil
		}
		var seen keySet
		for first := true; s.more(&first, '}'); {
			key := s.key(&seen)
			switch string(key) {
			case "message":
				ev.Message = s.int()
			case "start":
				ev.Start = s.int()
			case "end":
				ev.End = s.int()
			case "text":
				ev.Text = s.word()
			case "cut":
				ev.Cut = s.bool()
			case "value":
				s.vals = append(s.vals, evidenceValue{len(list) - 1, s.float()})
			case "unit":
				ev.Unit = s.word()
			case "note":
				ev.Note = s.word()
			case "effect":
				ev.Effect = s.word()
			default:
				s.unknown(key, evidenceKeys)
			}
		}
	}
	out := exact(list)
	// The list's values share one allocation.
	if len(s.vals) > 0 {
		values := make([]float64, len(s.vals))
		for i, v := range s.vals {
			values[i] = v.v
			out[v.ev].Value = &values[i]
		}
	}
	return out
}

// evidenceValue is the value of a list's evidence number ev.
type evidenceValue struct {
	ev int
	v  float64
}

var sentimentKeys = []string{"first", "last", "mean", "turns"}

func (s *lineScanner) sentiment() *scoring.SentimentSummary {
	if !s.open('{') {
		return nil
	}
	ss := &scoring.SentimentSummary{}
	var seen keySet
	for first := true; s.more(&first, '}'); {
		key := s.key(&seen)
		switch string(key) {
		case "first":
			ss.First = s.float()
		case "last":
			ss.Last = s.float()
		case "mean":
			ss.Mean = s.float()
		case "turns":
			ss.Turns = s.int()
		default:
			s.unknown(key, sentimentKeys)
		}
	}
	return ss
}

var rubricKeys = []string{"name", "version", "hash"}

func (s *lineScanner) rubric(rb *scoring.RubricRef) {
	if !s.open('{') {
		return
	}
	var seen keySet
	for first := true; s.more(&first, '}'); {
		key := s.key(&seen)
		switch string(key) {
		case "name":
			rb.Name = s.word()
		case "version":
			rb.Version = s.word()
		case "hash":
			rb.Hash = s.word()
		default:
			s.unknown(key, rubricKeys)
		}
	}
}

// meta reads an object of strings; other values are left to
// encoding/json.
func (s *lineScanner) meta() map[string]string {
	if !s.open('{') {
		return nil
	}
	m := map[string]string{}
	for first := true; s.more(&first, '}'); {
		k := s.word()
		if s.peek() != ':' {
			s.fail()
			return nil
		}
		s.i++
		if _, dup := m[k]; dup {
			s.fail()
			return nil
		}
		m[k] = s.word()
	}
	return m
}

var locationKeys = []string{"file", "line", "record"}

func (s *lineScanner) location(l *transcript.Location) {
	if !s.open('{') {
		return
	}
	var seen keySet
	for first := true; s.more(&first, '}'); {
		key := s.key(&seen)
		switch string(key) {
		case "file":
			l.File = s.word()
		case "line":
			l.Line = s.int()
		case "record":
			l.Record = s.int()
		default:
			s.unknown(key, locationKeys)
		}
	}
}

var messageKeys = []string{"role", "author", "text", "at", "start_ms", "end_ms", "internal"}

// transcript reads the messages; null is nil, as a result written
// without its transcript has.
func (s *lineScanner) transcript() []transcript.Message {
	if s.null() || !s.open('[') {
		return nil
	}
	list := s.msgs[:0]
	defer func() { s.msgs = list }()
	for first := true; s.more(&first, ']'); {
		list = append(list, transcript.Message{})
		m := &list[len(list)-1]
		if !s.open('{') {
			return nil
		}
		var seen keySet
		for first := true; s.more(&first, '}'); {
			key := s.key(&seen)
			switch string(key) {
			case "role":
				m.Role = transcript.Role(s.word())
			case "author":
				m.Author = s.word()
			case "text":
				m.Text = s.str()
			case "at":
				m.At = s.time()
			case "start_ms":
				v := s.int64()
				m.StartMS = &v
			case "end_ms":
				v := s.int64()
				m.EndMS = &v
			case "internal":
				m.Internal = s.bool()
			default:
				s.unknown(key, messageKeys)
			}
		}
	}
	return exact(list)
}

// exact copies a list decoded into the scanner's scratch into one of its
// own, allocated once at its length ([] stays an empty list, not nil).
func exact[T any](scratch []T) []T {
	list := make([]T, len(scratch))
	copy(list, scratch)
	return list
}
