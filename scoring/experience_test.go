package scoring

import (
	"slices"
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/transcript"
)

func TestInflectJoinsRegularForms(t *testing.T) {
	got := inflect("cancel")
	for _, want := range []string{"cancels", "cancelled", "canceled", "cancelling", "canceling"} {
		if !slices.Contains(got, want) {
			t.Errorf("inflect(cancel) lacks %q: %v", want, got)
		}
	}
	if got := inflect("cancelling"); !slices.Contains(got, "cancel") {
		t.Errorf("inflect(cancelling) lacks its stem: %v", got)
	}
	if got := inflect("hi"); got != nil {
		t.Errorf("inflect(hi) = %v, want none for words under three letters", got)
	}
}

func TestDefaultRubricPutsTheOutcomeFirst(t *testing.T) {
	e := defaultEngine(t)
	curtSolver := timed(
		at(cu("My card payment failed twice, can you check it?"), 0),
		at(ag("Your bank blocked it. I've unblocked the payment; try again now."), 15),
		at(cu("Perfect, it went through. Thanks!"), 60),
	)
	politeFailure := timed(
		at(cu("My card payment failed twice, can you check it?"), 0),
		at(ag("Hello, thank you for reaching out! I'm so sorry to hear that. Unfortunately I'm unable to see the payment."), 15),
		at(cu("That's not what I asked. It still doesn't work."), 60),
		at(ag("I'm sorry, I don't know why. Is there anything else I can help with? Have a great day!"), 80),
		at(cu("No. Forget it."), 100),
	)
	solved, unsolved := e.Score(curtSolver), e.Score(politeFailure)
	if !solved.Passed || unsolved.Passed || solved.Score <= unsolved.Score {
		t.Errorf("curt solver %.1f passed=%v, polite failure %.1f passed=%v; want the solver to pass above the failure, which fails",
			solved.Score, solved.Passed, unsolved.Score, unsolved.Passed)
	}
	if solved.PredictedCSAT == nil || unsolved.PredictedCSAT == nil || *solved.PredictedCSAT <= *unsolved.PredictedCSAT {
		t.Errorf("predicted csat %v vs %v: want the solved conversation higher", solved.PredictedCSAT, unsolved.PredictedCSAT)
	}
}

func TestUnansweredIsNeverScoredByOneCriterion(t *testing.T) {
	e := defaultEngine(t)
	res := e.Score(conv(transcript.Chat, cu("Hello? Is anyone there?"), cu("I've been waiting for an hour.")))
	if !res.Unanswered || res.Passed || res.Score != 0 || res.Note == "" {
		t.Errorf("unanswered=%v passed=%v score=%v note=%q; want unanswered, not passed, 0, a note", res.Unanswered, res.Passed, res.Score, res.Note)
	}
	for _, c := range res.Criteria {
		if c.Status != NotApplicable {
			t.Errorf("criterion %s is %s, want n/a", c.ID, c.Status)
		}
	}
}

func TestNegatedOrPushingTurnsAcceptNothing(t *testing.T) {
	e := defaultEngine(t)
	for _, text := range []string{"This is still not resolved.", "That's ridiculous, it is resolved only on paper.",
		"Nothing great about this."} {
		c := conv(transcript.Chat, cu("My refund is missing."), ag("I have checked your account."), cu(text))
		a := e.analyse(c)
		x := e.experience.judge(a)
		a.release()
		if x.accepts != 0 {
			t.Errorf("%q: %d acceptances, want 0", text, x.accepts)
		}
	}
	c := conv(transcript.Chat, cu("My refund is missing."), ag("I have sent it again."), cu("Perfect, it arrived."))
	a := e.analyse(c)
	defer a.release()
	if x := e.experience.judge(a); x.accepts != 1 {
		t.Errorf("plain acceptance counted %d times, want 1", x.accepts)
	}
}

// Turns before any answer react to nothing: a customer's "??" while
// waiting is no confusion about the agent.
func TestNoReactionBeforeTheFirstAnswer(t *testing.T) {
	res := defaultEngine(t).Score(conv(transcript.Chat, cu("Hello, my parcel is late."), cu("??")))
	for _, ev := range res.CSATEvidence {
		if strings.Contains(ev.Note, "does not understand") {
			t.Errorf("a turn before any answer counted as confusion: %+v", ev)
		}
	}
}
