package scoring

import (
	"fmt"

	"github.com/iqa-cli/iqa/rubrics"
)

// empathyCheck asks whether the responder met the customer's distress with
// acknowledgement or apology, weighted by need: every customer turn whose
// sentiment falls below DistressBelow must be acknowledged within the next
// Window responder turns, and the score is the share that were. A customer
// who never shows distress needs only courtesy: a courteous,
// acknowledging or apologetic turn earns 100, none 70: a customer who was
// not upset hardly notices missing courtesy (raters' scores barely move
// with it), so it costs less than an upset customer left unacknowledged.
// noCourtesyScore is the empathy score of a responder with no courtesy for
// a customer who was never distressed (see empathyCheck).
const noCourtesyScore = 70

type empathyCheck struct {
	ack, apology, courtesy *matcher
	distressBelow          float64
	window                 int
}

func (e *Engine) compileEmpathy(p *rubrics.EmpathyParams) (check, error) {
	c := &empathyCheck{distressBelow: p.DistressBelow, window: max(p.Window, 1)}
	var err error
	if c.ack, err = e.compileMatcher(p.Acknowledge); err != nil {
		return nil, fmt.Errorf("acknowledge: %w", err)
	}
	if c.apology, err = e.compileMatcher(p.Apology); err != nil {
		return nil, fmt.Errorf("apology: %w", err)
	}
	if c.courtesy, err = e.compileMatcher(p.Courtesy); err != nil {
		return nil, fmt.Errorf("courtesy: %w", err)
	}
	return c, nil
}

// acknowledges returns the first acknowledgement or apology in message i.
func (c *empathyCheck) acknowledges(a *Analysis, i int) (match, string, bool) {
	m1, ok1 := c.ack.first(a, i)
	m2, ok2 := c.apology.first(a, i)
	switch {
	case ok1 && (!ok2 || m1.Start <= m2.Start):
		return m1, "acknowledges the customer", true
	case ok2:
		return m2, "apologises", true
	}
	return match{}, "", false
}

func (c *empathyCheck) run(a *Analysis) outcome {
	if len(a.Responder) == 0 {
		return notApplicable("no " + string(a.ResponderRole) + " turn")
	}
	var ev []Evidence
	distressed, met := 0, 0
	r := 0 // first responder turn after the customer turn
	for _, ci := range a.Customer {
		cs := a.Msgs[ci].Sentiment.Compound
		if cs >= c.distressBelow {
			continue
		}
		for r < len(a.Responder) && a.Responder[r] < ci {
			r++
		}
		if r == len(a.Responder) {
			break // no reply came; not the responder's empathy to judge
		}
		distressed++
		found := false
		for k := r; k < len(a.Responder) && k < r+c.window; k++ {
			ri := a.Responder[k]
			if m, note, ok := c.acknowledges(a, ri); ok {
				ev = append(ev, spanEvidence(a, ri, m.Start, m.End, note+fmt.Sprintf(" after a distressed turn (message %d)", ci+1), "+"))
				found = true
				break
			}
		}
		if found {
			met++
			continue
		}
		x := excerpt(a, ci, 80)
		next := fmt.Sprintf("next %s turn", a.ResponderRole)
		if c.window > 1 {
			next = fmt.Sprintf("next %d %s turns", c.window, a.ResponderRole)
		}
		x.Note = fmt.Sprintf("customer distressed (sentiment %.2f) and the %s did not acknowledge it", cs, next)
		x.Effect = "-"
		ev = append(ev, x)
	}
	if distressed > 0 {
		score := 100 * float64(met) / float64(distressed)
		return graded(score, fmt.Sprintf("acknowledged %d of %d distressed customer turns", met, distressed), ev)
	}
	for _, ri := range a.Responder {
		if m, ok := c.courtesy.first(a, ri); ok {
			ev = append(ev, spanEvidence(a, ri, m.Start, m.End, "courtesy", "+"))
			return graded(100, "customer showed no distress; the "+string(a.ResponderRole)+" was courteous", ev)
		}
		if m, note, ok := c.acknowledges(a, ri); ok {
			ev = append(ev, spanEvidence(a, ri, m.Start, m.End, note, "+"))
			return graded(100, "customer showed no distress; the "+string(a.ResponderRole)+" "+note, ev)
		}
	}
	ev = append(ev, Evidence{Message: -1, Note: "no courtesy, acknowledgement or apology in any " + string(a.ResponderRole) + " turn", Effect: "-"})
	return graded(noCourtesyScore, "no courtesy marker in any "+string(a.ResponderRole)+" turn", ev)
}
