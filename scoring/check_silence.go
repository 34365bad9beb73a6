package scoring

import (
	"fmt"
	"time"

	"github.com/iqa-cli/iqa/rubrics"
)

// silenceCheck finds dead air on a call: gaps between the end of the
// talking so far and the next turn longer than MaxGap. Each costs 20
// points plus 5 per further MaxGap it lasts, at most 50.
type silenceCheck struct{ maxGap time.Duration }

func compileSilence(p *rubrics.SilenceParams) (check, error) {
	if p.MaxGap <= 0 {
		return nil, fmt.Errorf("max_gap must be positive")
	}
	return &silenceCheck{maxGap: time.Duration(p.MaxGap)}, nil
}

func (c *silenceCheck) run(a *Analysis) outcome {
	turns, ok := callTurns(a)
	if !ok {
		return notApplicable("turns have no call offsets")
	}
	var ev []Evidence
	score := 100.0
	var longest time.Duration
	talkedUntil := endMS(a, turns[0])
	for _, i := range turns[1:] {
		gap := time.Duration(startMS(a, i)-talkedUntil) * time.Millisecond
		if gap > c.maxGap {
			cost := min(20+5*float64(gap-c.maxGap)/float64(c.maxGap), 50)
			score -= cost
			ev = append(ev, valueEvidence(i, gap.Seconds(), "s", fmt.Sprintf("%.1fs of silence before this turn (limit %s)", gap.Seconds(), c.maxGap), "-"))
		}
		longest = max(longest, gap)
		talkedUntil = max(talkedUntil, endMS(a, i))
	}
	if len(ev) == 0 {
		return graded(100, fmt.Sprintf("no silence over %s (longest %.1fs)", c.maxGap, longest.Seconds()), nil)
	}
	return graded(score, fmt.Sprintf("%s of silence over %s (longest %.1fs)", plural(len(ev), "gap"), c.maxGap, longest.Seconds()), ev)
}
