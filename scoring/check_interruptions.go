package scoring

import (
	"fmt"
	"time"

	"github.com/iqa-cli/iqa/rubrics"
	"github.com/iqa-cli/iqa/transcript"
)

// interruptionsCheck counts the responder talking over the customer: a
// responder turn starting at least MinOverlap before the customer's turn
// in progress ends. Up to MaxCount the score falls from 100 towards 60
// (100 − 40·n/(MaxCount+1), a pass); beyond it, 59 less 20 for each
// further interruption.
type interruptionsCheck struct {
	maxCount   int
	minOverlap int64 // ms
}

func compileInterruptions(p *rubrics.InterruptionsParams) (check, error) {
	if p.MaxCount < 0 {
		return nil, fmt.Errorf("max_count must not be negative")
	}
	return &interruptionsCheck{maxCount: p.MaxCount, minOverlap: time.Duration(p.MinOverlap).Milliseconds()}, nil
}

func (c *interruptionsCheck) run(a *Analysis) outcome {
	turns, ok := callTurns(a)
	if !ok {
		return notApplicable("turns have no call offsets")
	}
	var ev []Evidence
	lastCustomer := -1
	for _, i := range turns {
		switch a.Conv.Messages[i].Role {
		case transcript.Customer:
			lastCustomer = i
		case a.ResponderRole:
			if lastCustomer < 0 {
				continue
			}
			overlap := endMS(a, lastCustomer) - startMS(a, i)
			if startMS(a, i) > startMS(a, lastCustomer) && overlap >= c.minOverlap && overlap > 0 {
				x := excerpt(a, i, 80)
				v := float64(overlap) / 1000
				x.Value, x.Unit = &v, "s"
				x.Note = fmt.Sprintf("talks over the customer (message %d) for %.1fs", lastCustomer+1, v)
				x.Effect = "-"
				ev = append(ev, x)
			}
		}
	}
	n := len(ev)
	var score float64
	if n <= c.maxCount {
		score = 100 - 40*float64(n)/float64(c.maxCount+1)
	} else {
		score = 59 - 20*float64(n-c.maxCount-1)
	}
	reason := fmt.Sprintf("interrupted the customer %s (at most %d allowed)", plural(n, "time"), c.maxCount)
	if n == 0 {
		reason = "never interrupted the customer"
	}
	return graded(score, reason, ev)
}
