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
	var out []GateResult
	if s.Conversations == 0 {
		const nothing = "no conversation was scored, so there is nothing to judge"
		if g.FailUnder != nil {
			out = append(out, GateResult{Name: "fail-under", Threshold: *g.FailUnder, Message: nothing})
		}
		if g.MaxFailRate != nil {
			out = append(out, GateResult{Name: "max-fail-rate", Threshold: *g.MaxFailRate, Message: nothing})
		}
		if g.FailOnCritical {
			out = append(out, GateResult{Name: "fail-on-critical", Message: nothing})
		}
		return out
	}
	if g.FailUnder != nil {
		mean := round1(s.Mean())
		out = append(out, GateResult{Name: "fail-under", Threshold: *g.FailUnder, Value: mean, Passed: mean >= *g.FailUnder,
			Message: fmt.Sprintf("mean score %s (must be at least %s)", formatNumber(mean), formatNumber(*g.FailUnder))})
	}
	if g.MaxFailRate != nil {
		rate := round1(s.FailRate() * 100)
		out = append(out, GateResult{Name: "max-fail-rate", Threshold: *g.MaxFailRate, Value: rate, Passed: rate <= *g.MaxFailRate,
			Message: fmt.Sprintf("%s%% of conversations did not pass (at most %s%% allowed)", formatNumber(rate), formatNumber(*g.MaxFailRate))})
	}
	if g.FailOnCritical {
		n := float64(s.CriticalFailures)
		out = append(out, GateResult{Name: "fail-on-critical", Threshold: 0, Value: n, Passed: n == 0,
			Message: count(s.CriticalFailures, "conversation") + " failed a critical criterion (none allowed)"})
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
