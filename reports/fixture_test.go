package reports

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/scoring"
	"github.com/iqa-cli/iqa/transcript"
)

// The results below stand in for a real engine's: several agents, teams,
// channels and days, criteria with evidence spans, a critical failure, an
// unhappy ending, and a transcript that tries to inject HTML.

// xssPayload is customer text that must stay inert text on every page.
const xssPayload = `<script>window.__iqaXSS=1</script>"><img src=x onerror="window.__iqaXSS=2"> <a href="javascript:window.__iqaXSS=3">click</a>`

type fixtureCrit struct {
	id, name, kind string
	weight         float64
	critical       bool
}

var fixtureCriteria = []fixtureCrit{
	{"greeting", "Greeting", "phrases", 1, false},
	{"empathy", "Empathy", "empathy", 2, false},
	{"clarity", "Clarity", "clarity", 1, false},
	{"response_time", "Response time", "response_time", 1, false},
	{"resolution", "Resolution", "resolution", 2, false},
	{"no_card_request", "Never asks for a full card number", "phrases", 1, true},
}

// fixtureResult builds a plausible result: agent replies that greet or
// not, apologise or not, and the criteria's evidence pointing at them.
func fixtureResult(seq int, id, agent, team, channel string, start time.Time, quality int, customerText string) *scoring.Result {
	greet := quality%2 == 0
	sorry := quality >= 2
	leak := quality == 0 && seq%3 == 0
	cust := customerText
	if cust == "" {
		cust = "Hi, my order #40213 still hasn't arrived and I'm getting really frustrated."
	}
	first := "Let me check that."
	if greet {
		first = "Hello, I'm " + agent + ". " + first
	}
	if sorry {
		first += " I'm sorry for the wait, I understand how annoying that is."
	}
	second := "The parcel is at the depot and will reach you tomorrow before noon."
	if leak {
		second = "Please send me your full card number so I can check the payment."
	}
	closing := "Thanks, that's all sorted then."
	if quality <= 1 {
		closing = "This is useless, still not working."
	}
	msgs := []transcript.Message{
		{Role: transcript.Customer, Author: "Customer " + id, Text: cust, At: start},
		{Role: transcript.Agent, Author: agent, Text: first, At: start.Add(40 * time.Second)},
		{Role: transcript.Agent, Author: agent, Text: second, At: start.Add(150 * time.Second)},
		{Role: transcript.Customer, Author: "Customer " + id, Text: closing, At: start.Add(200 * time.Second)},
	}
	r := &scoring.Result{Schema: scoring.ResultSchema, Seq: seq, ID: id, Channel: channel, Agent: agent, Team: team,
		Customer: "Customer " + id, Start: start, Messages: len(msgs), DurationSeconds: 200, Transcript: msgs,
		Rubric: scoring.RubricRef{Name: "default", Version: "1.0", Hash: "3f2a9c0d1b7e"}}
	span := func(msg int, phrase, note, effect string) scoring.Evidence {
		s := strings.Index(msgs[msg].Text, phrase)
		return scoring.Evidence{Message: msg, Start: s, End: s + len(phrase), Text: phrase, Note: note, Effect: effect}
	}
	for _, c := range fixtureCriteria {
		cr := scoring.CriterionResult{ID: c.id, Name: c.name, Kind: c.kind, Weight: c.weight, Critical: c.critical, Status: scoring.Pass, Score: 100}
		switch c.id {
		case "greeting":
			if greet {
				cr.Reason = "greeted the customer in the first agent turn"
				cr.Evidence = []scoring.Evidence{span(1, "Hello", "greeting phrase", "+")}
			} else {
				cr.Score, cr.Status, cr.Reason = 0, scoring.Fail, "no greeting in the first 2 agent turns"
				cr.Evidence = []scoring.Evidence{{Message: 1, Note: "first agent turn has no greeting", Effect: "-"}}
			}
		case "empathy":
			if sorry {
				cr.Score, cr.Reason = 90, "acknowledged and apologised after a distressed customer turn"
				cr.Evidence = []scoring.Evidence{span(1, "I'm sorry", "apology after a distressed customer turn", "+"),
					span(1, "I understand", "acknowledgement", "+")}
			} else {
				cr.Score, cr.Status, cr.Reason = 20, scoring.Fail, "no acknowledgement or apology after the customer's distress"
				cr.Evidence = []scoring.Evidence{span(0, "really frustrated", "customer distress (sentiment -0.6)", "")}
				if customerText != "" {
					cr.Evidence = []scoring.Evidence{{Message: 0, Start: 0, End: len(customerText), Note: "customer turn", Effect: ""}}
				}
			}
		case "clarity":
			cr.Score, cr.Reason = float64(60+quality*10), "reading ease 68, longest sentence 14 words"
			if quality == 0 {
				cr.Status = scoring.Fail
			}
		case "response_time":
			v := 40.0
			cr.Reason = "first response in 40s (target 60s)"
			cr.Evidence = []scoring.Evidence{{Message: 1, Value: &v, Unit: "s", Note: "first response time", Effect: "+"}}
			if channel == "email" {
				cr.Status, cr.Score, cr.Reason, cr.Evidence = scoring.NotApplicable, 0, "measured on live channels only", nil
			}
		case "resolution":
			if quality <= 1 {
				cr.Score, cr.Status, cr.Reason = 0, scoring.Fail, "customer says the problem remains"
				cr.Evidence = []scoring.Evidence{span(3, "still not working", "unresolved phrase", "-")}
			} else {
				cr.Reason = "customer confirmed the fix"
				cr.Evidence = []scoring.Evidence{span(3, "all sorted", "confirmation phrase", "+")}
			}
		case "no_card_request":
			cr.Reason = "never asked for card details"
			if leak {
				cr.Score, cr.Status, cr.Reason = 0, scoring.Fail, "asked the customer for a full card number"
				cr.Evidence = []scoring.Evidence{span(2, "full card number", "request for card number", "-")}
			}
		}
		r.Criteria = append(r.Criteria, cr)
	}
	var sum, weights float64
	for _, cr := range r.Criteria {
		if cr.Status != scoring.NotApplicable {
			sum += cr.Weight * cr.Score
			weights += cr.Weight
		}
		if cr.Critical && cr.Status == scoring.Fail {
			r.CriticalFailure = true
		}
	}
	r.Score = round1(sum / weights)
	if r.CriticalFailure {
		r.Score = 0
	}
	r.Passed = r.Score >= 70 && !r.CriticalFailure
	last := 0.6
	if quality <= 1 {
		last = -0.7
	}
	r.CustomerSentiment = &scoring.SentimentSummary{First: -0.6, Last: last, Mean: (last - 0.6) / 2, Turns: 2}
	if seq%6 != 4 { // every sixth stands for an older result, without predicted CSAT
		csat := float64(12+quality*9) / 10
		r.PredictedCSAT = &csat
		r.CSATEvidence = []scoring.Evidence{{Message: -1, Note: "customer's mean sentiment over 2 turns", Effect: "-"}}
		if quality <= 1 {
			r.CSATEvidence = append([]scoring.Evidence{span(3, "still not working", "customer says it is not solved", "-")}, r.CSATEvidence...)
		} else {
			r.CSATEvidence = append([]scoring.Evidence{span(3, "all sorted", "customer accepts the answer", "+")}, r.CSATEvidence...)
		}
	}
	return r
}

// fixtureUnanswered is a conversation nobody answered, as the engine
// scores it: 0, not passed, every criterion n/a.
func fixtureUnanswered(seq int, id, agent, team string, start time.Time) *scoring.Result {
	msgs := []transcript.Message{
		{Role: transcript.Customer, Author: "Customer " + id, Text: "Hello? I was charged twice and nobody answers.", At: start},
		{Role: transcript.Customer, Author: "Customer " + id, Text: "Is anyone there??", At: start.Add(10 * time.Minute)},
	}
	csat := 1.3
	r := &scoring.Result{Schema: scoring.ResultSchema, Seq: seq, ID: id, Channel: "chat", Agent: agent, Team: team,
		Customer: "Customer " + id, Start: start, Messages: len(msgs), DurationSeconds: 600, Transcript: msgs,
		Rubric: scoring.RubricRef{Name: "default", Version: "1.0", Hash: "3f2a9c0d1b7e"}, Unanswered: true,
		Note: "unanswered: the customer wrote 2 turns and no agent or bot replied", PredictedCSAT: &csat,
		CSATEvidence:      []scoring.Evidence{{Message: 1, Start: 0, End: 17, Text: "Is anyone there??", Note: "no agent or bot ever answered the customer", Effect: "-"}},
		CustomerSentiment: &scoring.SentimentSummary{First: -0.5, Last: -0.3, Mean: -0.4, Turns: 2}}
	for _, c := range fixtureCriteria {
		r.Criteria = append(r.Criteria, scoring.CriterionResult{ID: c.id, Name: c.name, Kind: c.kind, Weight: c.weight, Critical: c.critical,
			Status: scoring.NotApplicable, Reason: "unanswered conversation: no agent or bot replied"})
	}
	return r
}

// fixtureResults is a small fixed run: four agents over three weeks.
func fixtureResults() []*scoring.Result {
	agents := []struct{ name, team string }{{"Ana Souza", "EMEA"}, {"Ben Okafor", "EMEA"}, {"Chloé Martin", "Billing"}, {"Dev Patel", "Billing"}}
	channels := []string{"chat", "email", "chat", "call", "sms"}
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var out []*scoring.Result
	for i := range 24 {
		a := agents[i%len(agents)]
		quality := (i*7 + i/4) % 4
		if a.name == "Ana Souza" {
			quality = 2 + i%8/7
		}
		text := ""
		if i == 5 {
			text = xssPayload
		}
		r := fixtureResult(i, fmt.Sprintf("conv-%03d", i+1), a.name, a.team, channels[i%len(channels)],
			base.Add(time.Duration(i)*22*time.Hour), quality, text)
		out = append(out, r)
	}
	return append(out, fixtureUnanswered(24, "conv-025", "Ben Okafor", "EMEA", base.Add(24*22*time.Hour)))
}

// generatedResult is result i of a large generated run, for size and
// memory tests.
func generatedResult(i int) *scoring.Result {
	base := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	agent := fmt.Sprintf("Agent %03d", i%250)
	return fixtureResult(i, fmt.Sprintf("gen-%07d", i), agent, fmt.Sprintf("Team %d", i%250/25), []string{"chat", "email", "call"}[i%3],
		base.Add(time.Duration(i)*7*time.Minute), (i*31+i/7)%4, "")
}

// feedGenerated writes n generated results to w and returns their summary
// and how much more heap w holds afterwards than before: a writer that
// keeps only bounded candidates holds little whatever n is.
func feedGenerated(t *testing.T, w Writer, n int) (*Summary, int64) {
	t.Helper()
	s := NewSummary(RunInfo{})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range n {
		r := generatedResult(i)
		s.Add(r)
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	return s, int64(after.HeapAlloc) - int64(before.HeapAlloc)
}
