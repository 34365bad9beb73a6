package reports

import "fmt"

// Gates are the quality bars a CI run must clear.
type Gates struct {
	// FailUnder fails the run when the mean score is below it.
	FailUnder *float64
	// MaxFailRate fails the run when more than this percentage (0-100) of
	// conversations did not pass.
	MaxFailRate *float64
	// FailOnCritical fails the run when any critical criterion failed.
	FailOnCritical bool
	// Unanswered says how gates treat conversations no agent or bot
	// answered. With UnansweredFail (the default, also the zero value) they
	// count as failed, with their score of 0, in the other gates, and when
	// any gate is asked for (or UnansweredAsked) any of them fails the run
	// on a gate of its own. With UnansweredSkip they are left out of every
	// gate.
	Unanswered UnansweredMode
	// UnansweredAsked shows the unanswered gate's line even when no
	// conversation was unanswered (the flag was given).
	UnansweredAsked bool
}

// UnansweredMode is the --unanswered setting.
type UnansweredMode string

// The ways gates treat unanswered conversations.
const (
	UnansweredFail UnansweredMode = "fail"
	UnansweredSkip UnansweredMode = "skip"
)

// ParseUnansweredMode reads an --unanswered value.
func ParseUnansweredMode(s string) (UnansweredMode, error) {
	switch m := UnansweredMode(s); m {
	case UnansweredFail, UnansweredSkip:
		return m, nil
	}
	return "", fmt.Errorf("--unanswered %q: use fail or skip", s)
}

// GateResult is one gate's verdict.
type GateResult struct {
	Name      string  `json:"name"`
	Threshold float64 `json:"threshold"`
	Value     float64 `json:"value"`
	Passed    bool    `json:"passed"`
	Message   string  `json:"message"`
}

// Check applies the gates to a run's summary, in a fixed order. A run that
// scored nothing fails every gate asked for: a gate that passes on no
// conversation at all (a filter that matched none, an export with a header
// only) would let a CI job go green having checked nothing.
func (g Gates) Check(s *Summary) []GateResult {
	skip := g.Unanswered == UnansweredSkip
	// judged are the conversations the score gates look at: all of them,
	// or with --unanswered skip those that got an answer.
	judged, passed, scoreTenths := s.Conversations, s.Passed, s.ScoreTenths
	nothing := "no conversation was scored, so there is nothing to judge"
	if skip {
		judged -= s.Unanswered
		passed -= s.UnansweredPassed
		scoreTenths -= s.UnansweredTenths
		if s.Conversations > 0 {
			nothing = "every conversation was unanswered and --unanswered skip leaves them out, so there is nothing to judge"
		}
	}
	// How the unanswered were treated, said in the gates they touch.
	asZero, asFailed := "", ""
	if s.Unanswered > 0 {
		n := count(s.Unanswered, "unanswered conversation")
		asZero, asFailed = "; "+n+" counted as 0", "; "+n+" counted as failed"
		if skip {
			asZero, asFailed = "; "+n+" left out", "; "+n+" left out"
		}
	}
	var out []GateResult
	if g.FailUnder != nil {
		r := GateResult{Name: "fail-under", Threshold: *g.FailUnder, Message: nothing}
		if judged > 0 {
			mean := round1(meanTenths(scoreTenths, judged))
			r.Value, r.Passed = mean, mean >= *g.FailUnder
			r.Message = fmt.Sprintf("mean score %s (must be at least %s%s)", formatNumber(mean), formatNumber(*g.FailUnder), asZero)
		}
		out = append(out, r)
	}
	if g.MaxFailRate != nil {
		r := GateResult{Name: "max-fail-rate", Threshold: *g.MaxFailRate, Message: nothing}
		if judged > 0 {
			rate := round1(ratio(float64(judged-passed), judged) * 100)
			r.Value, r.Passed = rate, rate <= *g.MaxFailRate
			r.Message = fmt.Sprintf("%s%% of conversations did not pass (at most %s%% allowed%s)", formatNumber(rate), formatNumber(*g.MaxFailRate), asFailed)
		}
		out = append(out, r)
	}
	if g.FailOnCritical {
		r := GateResult{Name: "fail-on-critical", Message: nothing}
		if s.Conversations > 0 {
			// Unanswered conversations never fail a criterion: skipping
			// them changes nothing here.
			n := float64(s.CriticalFailures)
			r.Value, r.Passed = n, n == 0
			r.Message = count(s.CriticalFailures, "conversation") + " failed a critical criterion (none allowed)"
		}
		out = append(out, r)
	}
	// A run without gates only reports its unanswered conversations: a QA
	// lead scoring an export wants the list, not exit 1; a CI job that asks
	// for any gate, or for --unanswered explicitly, gets this one too.
	gated := g.FailUnder != nil || g.MaxFailRate != nil || g.FailOnCritical
	if s.Unanswered > 0 && gated || g.UnansweredAsked {
		r := GateResult{Name: "unanswered", Value: float64(s.Unanswered), Passed: s.Unanswered == 0}
		switch {
		case skip:
			r.Passed = true
			r.Message = count(s.Unanswered, "conversation") + " got no answer (left out of the gates: --unanswered skip)"
		case s.Conversations == 0:
			r.Message = "no conversation was scored, so there is nothing to judge"
		default:
			r.Message = count(s.Unanswered, "conversation") + " got no answer (none allowed; --unanswered skip ignores them)"
		}
		out = append(out, r)
	}
	return out
}

// Failed returns the gates that did not pass.
func Failed(results []GateResult) []GateResult {
	var failed []GateResult
	for _, r := range results {
		if !r.Passed {
			failed = append(failed, r)
		}
	}
	return failed
}

func round1(f float64) float64 {
	if f < 0 {
		return -round1(-f)
	}
	return float64(int64(f*10+0.5)) / 10
}
