package scoring

import (
	"fmt"

	"github.com/iqa-cli/iqa/rubrics"
)

// sentimentCheck judges the emotional course of the conversation. The
// customer part (60%) is where the customer ended, 50+50·last, plus credit
// for de-escalation: up to 30 points for a customer who started negative
// and ended better (60·(last−first)). The responder part (40%) starts at
// 100 and loses 35 for every responder turn whose sentiment is below
// AgentNegativeBelow. With a single customer turn there is no trajectory
// and the responder part is the whole score.
type sentimentCheck struct{ agentBelow float64 }

func compileSentiment(p *rubrics.SentimentParams) (check, error) {
	return &sentimentCheck{agentBelow: p.AgentNegativeBelow}, nil
}

func (c *sentimentCheck) run(a *Analysis) outcome {
	if len(a.Responder) == 0 && len(a.Customer) == 0 {
		return notApplicable("no agent or customer turn")
	}
	var ev []Evidence
	tone := 100.0
	neg := 0
	for _, i := range a.Responder {
		s := a.Msgs[i].Sentiment.Compound
		if s < c.agentBelow {
			tone -= 35
			neg++
			x := excerpt(a, i, 80)
			x.Value, x.Unit = ptr(round3(s)), "compound"
			x.Note, x.Effect = fmt.Sprintf("negative %s tone", a.ResponderRole), "-"
			ev = append(ev, x)
		}
	}
	tone = clamp(tone, 0, 100)
	if len(a.Customer) < 2 {
		if len(a.Responder) == 0 {
			return notApplicable("no " + string(a.ResponderRole) + " turn and a single customer turn")
		}
		reason := fmt.Sprintf("%s tone: %d negative turns of %d", a.ResponderRole, neg, len(a.Responder))
		return graded(tone, reason, ev)
	}
	fi, li := a.Customer[0], a.Customer[len(a.Customer)-1]
	first, last := a.Msgs[fi].Sentiment.Compound, a.Msgs[li].Sentiment.Compound
	cust := 50 + 50*last
	if first < -0.05 && last > first {
		cust += min(60*(last-first), 30)
	}
	cust = clamp(cust, 0, 100)
	ev = append([]Evidence{
		valueEvidence(fi, first, "compound", "customer's first turn", ""),
		valueEvidence(li, last, "compound", "customer's last turn", effectOf(last >= first && last > -0.05)),
	}, ev...)
	score := 0.6*cust + 0.4*tone
	if len(a.Responder) == 0 {
		score = cust
	}
	var reason string
	switch {
	case first < -0.05 && last > first+0.2:
		reason = fmt.Sprintf("customer de-escalated from %.2f to %.2f", first, last)
	case last <= -0.05:
		reason = fmt.Sprintf("customer ended negative (%.2f)", last)
	default:
		reason = fmt.Sprintf("customer went from %.2f to %.2f", first, last)
	}
	if neg > 0 {
		reason += fmt.Sprintf("; %d negative %s turns", neg, a.ResponderRole)
	}
	return graded(score, reason, ev)
}

func effectOf(good bool) string {
	if good {
		return "+"
	}
	return "-"
}

func ptr(v float64) *float64 { return &v }
