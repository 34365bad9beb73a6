package scoring

import (
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/rubrics"
	"github.com/iqa-cli/iqa/transcript"
)

// criterion returns the result of the criterion of the given kind.
func criterion(t *testing.T, r *Result, kind string) CriterionResult {
	t.Helper()
	for _, c := range r.Criteria {
		if c.Kind == kind {
			return c
		}
	}
	t.Fatalf("no %s criterion in %v", kind, r.Criteria)
	return CriterionResult{}
}

// noted reports whether some evidence of c has a note containing note.
func noted(c CriterionResult, note string) bool {
	for _, ev := range c.Evidence {
		if strings.Contains(ev.Note, note) {
			return true
		}
	}
	return false
}

// The misjudgements a person found trying iqa as a new user, each read
// with the built-in rubric and the real analyzer.

func TestApologyIsNotNegativeAgentTone(t *testing.T) {
	res := defaultEngine(t).Score(conv(transcript.Chat,
		cu("My order arrived damaged."),
		ag("I'm so sorry to hear your order arrived damaged. I've sent a replacement today."),
		cu("Thank you.")))
	if c := criterion(t, res, "sentiment"); noted(c, "negative agent tone") {
		t.Errorf("an apology counted as negative agent tone: %+v", c)
	}
}

func TestChurnIsNotDeEscalation(t *testing.T) {
	res := defaultEngine(t).Score(conv(transcript.Chat,
		cu("You charged me twice, this is a joke."),
		ag("That is how billing works."),
		cu("Unbelievable. I'm cancelling my account.")))
	c := criterion(t, res, "sentiment")
	if strings.Contains(c.Reason, "de-escalated") || c.Status == Pass {
		t.Errorf("a customer leaving in anger reads %s %.1f (%s), want a failing, negative ending", c.Status, c.Score, c.Reason)
	}
}

func TestPoliteRequestIsNotDistress(t *testing.T) {
	res := defaultEngine(t).Score(conv(transcript.Chat,
		cu("Can you refund the extra charge please?"),
		ag("Done, the refund is on its way."),
		cu("Great, thanks")))
	if c := criterion(t, res, "empathy"); noted(c, "distressed") {
		t.Errorf("a polite request was read as distress: %+v", c)
	}
}

func TestEverydayConfirmationResolves(t *testing.T) {
	for _, reply := range []string{"Perfect, that's all I needed.", "Great, thanks", "Sounds good, I'll do that."} {
		res := defaultEngine(t).Score(conv(transcript.Chat,
			cu("How do I change my delivery address?"),
			ag("Go to Orders, pick the order and choose Change address."),
			cu(reply)))
		if c := criterion(t, res, "resolution"); c.Status != Pass {
			t.Errorf("%q: resolution %s %.1f (%s), want pass", reply, c.Status, c.Score, c.Reason)
		}
	}
}

func TestInflectedChurnIsHeard(t *testing.T) {
	// The escalation list says "cancel my account"; customers write
	// "cancelling" and "cancelled".
	for _, text := range []string{"I'm cancelling my account.", "I cancelled my account."} {
		res := defaultEngine(t).Score(conv(transcript.Chat,
			cu("The app keeps crashing."), ag("Please reinstall it."), cu(text)))
		if c := criterion(t, res, "resolution"); !noted(c, "escalate") {
			t.Errorf("%q: no escalation evidence in %+v", text, c)
		}
	}
}

// A critical criterion fails at the rubric's pass mark, not the default:
// with pass_mark 80, a critical criterion scoring 75 fails the conversation.
func TestCriticalFailureFollowsThePassMark(t *testing.T) {
	r, err := rubrics.Parse("strict.yaml", []byte(`name: strict
version: "1"
pass_score: 50
pass_mark: 80
criteria:
  - id: speed
    name: Speed
    kind: response_time
    critical: true
    first_response: {chat: 60s, default: 60s}
`))
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(r)
	if err != nil {
		t.Fatal(err)
	}
	// A first reply after 90 s scores 75: between the 60 s limit and
	// three times it.
	res := e.Score(conv(transcript.Chat, at(cu("Is my order on its way?"), 0), at(ag("Yes, it shipped today."), 90)))
	c := res.Criteria[0]
	if c.Score != 75 || c.Status != Fail || !res.CriticalFailure || res.Passed {
		t.Errorf("critical criterion %.1f %s, critical failure %v, passed %v; want 75 fail, a critical failure, not passed",
			c.Score, c.Status, res.CriticalFailure, res.Passed)
	}
}
