package scoring

import (
	"fmt"

	"github.com/iqa-cli/iqa/rubrics"
	"github.com/iqa-cli/iqa/transcript"
)

// talkRatioCheck measures the responder's share of talk time on a call.
// Inside [Min, Max] it scores 100; outside it loses 5 points per
// percentage point (so 10 points outside scores 50).
type talkRatioCheck struct{ lo, hi float64 }

func compileTalkRatio(p *rubrics.TalkRatioParams) (check, error) {
	if p.Min < 0 || p.Max > 1 || p.Min > p.Max {
		return nil, fmt.Errorf("min %.2f and max %.2f must satisfy 0 <= min <= max <= 1", p.Min, p.Max)
	}
	return &talkRatioCheck{lo: p.Min, hi: p.Max}, nil
}

func (c *talkRatioCheck) run(a *Analysis) outcome {
	turns, ok := callTurns(a)
	if !ok {
		return notApplicable("turns have no call offsets")
	}
	var agent, customer int64
	for _, i := range turns {
		d := endMS(a, i) - startMS(a, i)
		switch a.Conv.Messages[i].Role {
		case a.ResponderRole:
			agent += d
		case transcript.Customer:
			customer += d
		}
	}
	if agent+customer <= 0 {
		return notApplicable("no talk time")
	}
	ratio := float64(agent) / float64(agent+customer)
	var score float64
	var reason string
	switch {
	case ratio < c.lo:
		score = 100 - 500*(c.lo-ratio)
		reason = fmt.Sprintf("the %s talked %.0f%% of the time, less than %.0f%%", a.ResponderRole, 100*ratio, 100*c.lo)
	case ratio > c.hi:
		score = 100 - 500*(ratio-c.hi)
		reason = fmt.Sprintf("the %s talked %.0f%% of the time, more than %.0f%%", a.ResponderRole, 100*ratio, 100*c.hi)
	default:
		score = 100
		reason = fmt.Sprintf("the %s talked %.0f%% of the time", a.ResponderRole, 100*ratio)
	}
	ev := []Evidence{valueEvidence(-1, ratio, "ratio", fmt.Sprintf("%s share of talk time (%.1fs of %.1fs)", a.ResponderRole,
		float64(agent)/1000, float64(agent+customer)/1000), effectOf(score >= 100))}
	return graded(score, reason, ev)
}
