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
	"score", "passed", "critical_failure", "criteria", "note", "unanswered", "predicted_csat", "csat_evidence",
	"customer_sentiment", "rubric", "meta", "source", "transcript"}

func (s *lineScanner) result(r *scoring.Result) {
	if !s.open('{') {
		return
	}
	var seen keySeen
	for first := true; s.more(&first, '}'); {
		key := s.key()
		switch string(key) {
		case "schema":
			if seen.first(s, 0) {
				r.Schema = s.word()
			}
		case "seq":
			if seen.first(s, 1) {
				r.Seq = s.int()
			}
		case "id":
			if seen.first(s, 2) {
				r.ID = s.str()
			}
		case "channel":
			if seen.first(s, 3) {
				r.Channel = s.word()
			}
		case "agent":
			if seen.first(s, 4) {
				r.Agent = s.word()
			}
		case "team":
			if seen.first(s, 5) {
				r.Team = s.word()
			}
		case "customer":
			if seen.first(s, 6) {
				r.Customer = s.str()
			}
		case "start":
			if seen.first(s, 7) {
				r.Start = s.time()
			}
		case "messages":
			if seen.first(s, 8) {
				r.Messages = s.int()
			}
		case "duration_s":
			if seen.first(s, 9) {
				r.DurationSeconds = s.float()
			}
		case "score":
			if seen.first(s, 10) {
				r.Score = s.float()
			}
		case "passed":
			if seen.first(s, 11) {
				r.Passed = s.bool()
			}
		case "critical_failure":
			if seen.first(s, 12) {
				r.CriticalFailure = s.bool()
			}
		case "criteria":
			if seen.first(s, 13) {
				r.Criteria = s.criteria()
			}
		case "note":
			if seen.first(s, 14) {
				r.Note = s.str()
			}
		case "unanswered":
			if seen.first(s, 15) {
				r.Unanswered = s.bool()
			}
		case "predicted_csat":
			if seen.first(s, 16) {
				v := s.float()
				r.PredictedCSAT = &v
			}
		case "csat_evidence":
			if seen.first(s, 17) {
				r.CSATEvidence = s.evidence()
			}
		case "customer_sentiment":
			if seen.first(s, 18) {
				r.CustomerSentiment = s.sentiment()
			}
		case "rubric":
			if seen.first(s, 19) {
				s.rubric(&r.Rubric)
			}
		case "meta":
			if seen.first(s, 20) {
				r.Meta = s.meta()
			}
		case "source":
			if seen.first(s, 21) {
				s.location(&r.Source)
			}
		case "transcript":
			if seen.first(s, 22) {
				r.Transcript = s.transcript()
			}
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
		var seen keySeen
		for first := true; s.more(&first, '}'); {
			key := s.key()
			switch string(key) {
			case "id":
				if seen.first(s, 0) {
					c.ID = s.word()
				}
			case "name":
				if seen.first(s, 1) {
					c.Name = s.word()
				}
			case "kind":
				if seen.first(s, 2) {
					c.Kind = s.word()
				}
			case "section":
				if seen.first(s, 3) {
					c.Section = s.word()
				}
			case "weight":
				if seen.first(s, 4) {
					c.Weight = s.float()
				}
			case "critical":
				if seen.first(s, 5) {
					c.Critical = s.bool()
				}
			case "score":
				if seen.first(s, 6) {
					c.Score = s.float()
				}
			case "status":
				if seen.first(s, 7) {
					c.Status = scoring.Status(s.word())
				}
			case "reason":
				if seen.first(s, 8) {
					c.Reason = s.word()
				}
			case "evidence":
				if seen.first(s, 9) {
					c.Evidence = s.evidence()
				}
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
		var seen keySeen
		for first := true; s.more(&first, '}'); {
			key := s.key()
			switch string(key) {
			case "message":
				if seen.first(s, 0) {
					ev.Message = s.int()
				}
			case "start":
				if seen.first(s, 1) {
					ev.Start = s.int()
				}
			case "end":
				if seen.first(s, 2) {
					ev.End = s.int()
				}
			case "text":
				if seen.first(s, 3) {
					ev.Text = s.word()
				}
			case "cut":
				if seen.first(s, 4) {
					ev.Cut = s.bool()
				}
			case "value":
				if seen.first(s, 5) {
					s.vals = append(s.vals, evidenceValue{len(list) - 1, s.float()})
				}
			case "unit":
				if seen.first(s, 6) {
					ev.Unit = s.word()
				}
			case "note":
				if seen.first(s, 7) {
					ev.Note = s.word()
				}
			case "effect":
				if seen.first(s, 8) {
					ev.Effect = s.word()
				}
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
	var seen keySeen
	for first := true; s.more(&first, '}'); {
		key := s.key()
		switch string(key) {
		case "first":
			if seen.first(s, 0) {
				ss.First = s.float()
			}
		case "last":
			if seen.first(s, 1) {
				ss.Last = s.float()
			}
		case "mean":
			if seen.first(s, 2) {
				ss.Mean = s.float()
			}
		case "turns":
			if seen.first(s, 3) {
				ss.Turns = s.int()
			}
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
	var seen keySeen
	for first := true; s.more(&first, '}'); {
		key := s.key()
		switch string(key) {
		case "name":
			if seen.first(s, 0) {
				rb.Name = s.word()
			}
		case "version":
			if seen.first(s, 1) {
				rb.Version = s.word()
			}
		case "hash":
			if seen.first(s, 2) {
				rb.Hash = s.word()
			}
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
	var seen keySeen
	for first := true; s.more(&first, '}'); {
		key := s.key()
		switch string(key) {
		case "file":
			if seen.first(s, 0) {
				l.File = s.word()
			}
		case "line":
			if seen.first(s, 1) {
				l.Line = s.int()
			}
		case "record":
			if seen.first(s, 2) {
				l.Record = s.int()
			}
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
		var seen keySeen
		for first := true; s.more(&first, '}'); {
			key := s.key()
			switch string(key) {
			case "role":
				if seen.first(s, 0) {
					m.Role = transcript.Role(s.word())
				}
			case "author":
				if seen.first(s, 1) {
					m.Author = s.word()
				}
			case "text":
				if seen.first(s, 2) {
					m.Text = s.str()
				}
			case "at":
				if seen.first(s, 3) {
					m.At = s.time()
				}
			case "start_ms":
				if seen.first(s, 4) {
					v := s.int64()
					m.StartMS = &v
				}
			case "end_ms":
				if seen.first(s, 5) {
					v := s.int64()
					m.EndMS = &v
				}
			case "internal":
				if seen.first(s, 6) {
					m.Internal = s.bool()
				}
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
