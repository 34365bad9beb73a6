package scoring

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/rubrics"
	"github.com/iqa-cli/iqa/scoring/sentiment"
	"github.com/iqa-cli/iqa/transcript"
)

var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) // a Monday

func ag(text string) transcript.Message {
	return transcript.Message{Role: transcript.Agent, Text: text}
}
func cu(text string) transcript.Message {
	return transcript.Message{Role: transcript.Customer, Text: text}
}
func bt(text string) transcript.Message { return transcript.Message{Role: transcript.Bot, Text: text} }
func note(text string) transcript.Message {
	return transcript.Message{Role: transcript.Agent, Text: text, Internal: true}
}

// at sets a message's time, sec seconds after t0.
func at(m transcript.Message, sec int) transcript.Message {
	m.At = t0.Add(time.Duration(sec) * time.Second)
	return m
}

// off sets a message's call offsets.
func off(m transcript.Message, start, end int64) transcript.Message {
	m.StartMS, m.EndMS = &start, &end
	return m
}

func conv(ch transcript.Channel, ms ...transcript.Message) *transcript.Conversation {
	return &transcript.Conversation{ID: "t", Channel: ch, Messages: ms}
}

// timed is a chat whose turns are 30 seconds apart.
func timed(ms ...transcript.Message) *transcript.Conversation {
	for i := range ms {
		ms[i] = at(ms[i], 30*i)
	}
	return conv(transcript.Chat, ms...)
}

// fakeSentiment scores texts from a table: tests state the compound score
// they mean instead of depending on the analyzer's lexicon.
type fakeSentiment map[string]float64

func (f fakeSentiment) Score(text string) sentiment.Scores {
	return sentiment.Scores{Compound: f[text], Neu: 1}
}

// oneCriterion builds an engine for a rubric with a single criterion of
// kind, its defaults changed by set.
func oneCriterion(t testing.TB, kind rubrics.Kind, set func(p rubrics.Params), sent fakeSentiment) *Engine {
	t.Helper()
	p := rubrics.NewParams(kind)
	if set != nil {
		set(p)
	}
	r := &rubrics.Rubric{Name: "t", Version: "1", PassScore: 70,
		Criteria: []rubrics.Criterion{{ID: string(kind), Name: string(kind), Kind: kind, Weight: 1, Params: p}}}
	e, err := New(r)
	if err != nil {
		t.Fatal(err)
	}
	if sent != nil {
		e.sentiment = sent
	}
	return e
}

// wantEv is evidence a case expects: on message msg, with span text (""
// for evidence without a span) and effect.
type wantEv struct {
	msg    int
	text   string
	effect string
}

type kindCase struct {
	name   string
	set    func(p rubrics.Params)
	sent   fakeSentiment
	conv   *transcript.Conversation
	score  float64
	status Status
	ev     []wantEv
}

func runKindCases(t *testing.T, kind rubrics.Kind, cases []kindCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := oneCriterion(t, kind, tc.set, tc.sent)
			res := e.Score(tc.conv)
			checkInvariants(t, res)
			cr := res.Criteria[0]
			if cr.Status != tc.status || cr.Score != tc.score {
				t.Errorf("got %v %.1f (%s), want %v %.1f\n%s", cr.Status, cr.Score, cr.Reason, tc.status, tc.score, dumpEvidence(cr.Evidence))
			}
			if cr.Reason == "" {
				t.Error("empty reason")
			}
			for _, w := range tc.ev {
				if !hasEvidence(cr.Evidence, w) {
					t.Errorf("missing evidence %+v in\n%s", w, dumpEvidence(cr.Evidence))
				}
			}
		})
	}
}

func hasEvidence(evs []Evidence, w wantEv) bool {
	for _, e := range evs {
		if e.Message == w.msg && e.Effect == w.effect && (w.text == "" || e.Text == w.text) {
			return true
		}
	}
	return false
}

func dumpEvidence(evs []Evidence) string {
	var b strings.Builder
	for _, e := range evs {
		v := ""
		if e.Value != nil {
			v = fmt.Sprintf(" value=%g%s", *e.Value, e.Unit)
		}
		fmt.Fprintf(&b, "  msg=%d [%d:%d] %q%s %q %s\n", e.Message, e.Start, e.End, e.Text, v, e.Note, e.Effect)
	}
	return b.String()
}

// checkInvariants asserts what holds for every result: scores in range,
// statuses known, evidence spans inside their message's text and equal to
// the evidence text.
func checkInvariants(t testing.TB, res *Result) {
	t.Helper()
	if res.Score < 0 || res.Score > 100 {
		t.Errorf("overall score %v out of range", res.Score)
	}
	for _, cr := range res.Criteria {
		if cr.Score < 0 || cr.Score > 100 {
			t.Errorf("%s: score %v out of range", cr.ID, cr.Score)
		}
		switch cr.Status {
		case Pass, Fail, NotApplicable:
		default:
			t.Errorf("%s: status %q", cr.ID, cr.Status)
		}
		for _, e := range cr.Evidence {
			if e.Message < -1 || e.Message >= len(res.Transcript) {
				t.Errorf("%s: evidence message %d of %d", cr.ID, e.Message, len(res.Transcript))
				continue
			}
			if e.End == 0 {
				continue
			}
			if e.Message < 0 {
				t.Errorf("%s: span without a message: %+v", cr.ID, e)
				continue
			}
			text := res.Transcript[e.Message].Text
			if e.Start < 0 || e.Start > e.End || e.End > len(text) {
				t.Errorf("%s: span [%d:%d] outside message %d (%d bytes)", cr.ID, e.Start, e.End, e.Message, len(text))
				continue
			}
			if text[e.Start:e.End] != e.Text {
				t.Errorf("%s: span text %q, evidence text %q", cr.ID, text[e.Start:e.End], e.Text)
			}
		}
	}
}
