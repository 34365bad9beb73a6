package scoring

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iqa-cli/iqa/rubrics"
)

// sentimentCheck judges the emotional course of the conversation. The
// customer part (60%) follows every customer turn, because people who rate
// service conversations react to each of them, not to the first and last
// alone: 50+50·mean, the opening turn counting half (it states the
// problem), plus credit for de-escalation: up to 20 points for a customer
// who started negative and ended better (40·(last−first)). The responder part (40%) starts at
// 100 and loses 35 for every responder turn whose sentiment is below
// AgentNegativeBelow. With a single customer turn there is no trajectory
// and the responder part is the whole score.
//
// An apology or acknowledgement ("I'm so sorry to hear it arrived
// damaged") quotes the customer's trouble; it is not the responder's tone,
// so a negative responder turn is read again without such sentences.
type sentimentCheck struct {
	agentBelow float64
	analyzer   scorer
}

func (e *Engine) compileSentiment(p *rubrics.SentimentParams) (check, error) {
	return &sentimentCheck{agentBelow: p.AgentNegativeBelow, analyzer: e.sentiment}, nil
}

// acknowledgements mark the sentences that name the customer's trouble to
// meet it: apologies, sympathy and understanding.
var acknowledgements = []string{"sorry", "apolog", "understand", "imagine", "frustrat", "must be", "hear that",
	"hear you", "to hear", "inconvenience"}

// toneWithoutAcknowledgements scores a responder turn without its
// apology and acknowledgement sentences; a turn of nothing else is
// neutral.
func (c *sentimentCheck) toneWithoutAcknowledgements(text string, tone float64) float64 {
	var rest []string
	spans := appendSentences(nil, text)
	for _, sp := range spans {
		sentence := text[sp.Start:sp.End]
		lower := strings.ToLower(sentence)
		if !slices.ContainsFunc(acknowledgements, func(w string) bool { return strings.Contains(lower, w) }) {
			rest = append(rest, sentence)
		}
	}
	switch len(rest) {
	case 0:
		return 0
	case len(spans):
		return tone
	}
	return c.analyzer.Score(strings.Join(rest, " ")).Compound
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
			s = c.toneWithoutAcknowledgements(a.Conv.Messages[i].Text, s)
		}
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
	mean := customerValence(a)
	cust := 50 + 50*mean
	if first < -0.05 && last > first {
		cust += min(40*(last-first), 20)
	}
	cust = clamp(cust, 0, 100)
	ev = append([]Evidence{
		valueEvidence(-1, mean, "compound", "customer's mean sentiment over "+plural(len(a.Customer), "turn"), effectOf(mean > -0.05)),
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
		reason = fmt.Sprintf("customer de-escalated from %.2f to %.2f (mean %.2f)", first, last, mean)
	case last <= -0.05:
		reason = fmt.Sprintf("customer ended negative (%.2f; mean %.2f)", last, mean)
	default:
		reason = fmt.Sprintf("customer's mean sentiment %.2f, from %.2f to %.2f", mean, first, last)
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

// customerValence is the mean sentiment of the customer's turns, the
// opening turn counting half when there are later ones (see
// expFirstTurnWeight).
func customerValence(a *Analysis) float64 {
	var sum, weights float64
	for k, i := range a.Customer {
		w := 1.0
		if k == 0 && len(a.Customer) > 1 {
			w = expFirstTurnWeight
		}
		sum += w * a.Msgs[i].Sentiment.Compound
		weights += w
	}
	if weights == 0 {
		return 0
	}
	return sum / weights
}
