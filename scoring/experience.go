package scoring

import (
	"math"
	"strconv"
	"strings"

	"github.com/iqa-cli/iqa/rubrics"
)

// The customer's experience is read from how the customer reacts, turn by
// turn, because that is what people who rate service conversations respond
// to, whatever the domain:
//
//   - valence: the sentiment of every customer turn, averaged (the opening
//     turn counts half: it states the problem, it does not judge the help);
//   - cues: turns that accept or praise an answer, against turns that push
//     back, correct the agent or show confusion, per customer turn;
//   - failures: the share of agent (or bot) turns that admit failing to help
//     ("no results", "unable to");
//   - the ending: thanks or praise in the customer's last turns, a curt last
//     word, or a conversation that stops on the customer's unanswered turn.
//
// They are joined into one index from -1 to 1:
//
//	index = clamp(0.9·valence + 0.5·cues − 0.8·failures + 0.25·ending, −1, 1)
//
// with ending +1 warm, −0.5 curt, −1 unanswered, 0 otherwise. The weights
// put the four on a similar footing for typical conversations (customer
// sentiment varies less than the cue balance); length, restated
// requirements and alternatives offered are deliberately not read.
// The customer_experience criterion scores 50 + 50·index, and every
// result's predicted customer satisfaction is 3 + 2·index on the 1-5 scale.

// Experience weights, as documented above.
const (
	expValenceWeight = 0.9
	expCueWeight     = 0.5
	expFailureWeight = 0.8
	expEndingWeight  = 0.25
	// expFirstTurnWeight is the weight of the customer's opening turn in
	// the valence mean when there are later turns.
	expFirstTurnWeight = 0.5
	// maxCueEvidence bounds the evidence of each cue kind.
	maxCueEvidence = 3
)

// How a conversation ended for the customer.
const (
	endNeutral = iota
	endWarm
	endCurt
	endUnanswered
)

// experienceJudge is compiled once from a customer_experience criterion's
// cue lists (or the defaults, for predicted satisfaction when the rubric
// has none).
type experienceJudge struct {
	accept, pushback, confusion, failure, closingQ, warm, curt *matcher
}

func (e *Engine) compileExperience(p *rubrics.CustomerExperienceParams) (*experienceJudge, error) {
	j := &experienceJudge{}
	lists := []struct {
		name    string
		phrases []rubrics.Phrase
		dst     **matcher
	}{
		{"acceptance", p.Acceptance, &j.accept},
		{"pushback", p.Pushback, &j.pushback},
		{"confusion", p.Confusion, &j.confusion},
		{"agent_failure", p.AgentFailure, &j.failure},
		{"closing_question", p.ClosingQuestion, &j.closingQ},
		{"warm_close", p.WarmClose, &j.warm},
		{"curt_close", p.CurtClose, &j.curt},
	}
	for _, l := range lists {
		m, err := e.compileMatcher(l.phrases)
		if err != nil {
			return nil, err
		}
		*l.dst = m
	}
	return j, nil
}

// Notes of the experience evidence that other checks quote.
const (
	noteAccepts       = "customer accepts or praises the answer"
	noteFailsSuffix   = " admits it cannot help"
	noteUnansweredEnd = "the conversation stops on the customer's unanswered turn"
	noteWarmEnd       = "customer leaves with thanks or praise"
)

// evidenceNoted returns the experience evidence with the given note.
func (x *experience) evidenceNoted(note string) []Evidence {
	var out []Evidence
	for _, ev := range x.evidence {
		if ev.Note == note {
			out = append(out, ev)
		}
	}
	return out
}

// experience is what the judge found in one conversation.
type experience struct {
	// ok is false when the customer never wrote.
	ok                                 bool
	index, valence, cues, failureShare float64
	turns, responderTurns              int
	accepts, pushbacks, confusions     int
	failures                           int
	ending                             int
	evidence                           []Evidence
}

// judge reads the customer's experience of a conversation.
func (j *experienceJudge) judge(a *Analysis) experience {
	x := experience{turns: len(a.Customer), responderTurns: len(a.Responder)}
	if len(a.Customer) == 0 {
		return x
	}
	x.ok = true
	var buf [8]match
	firstAnswer := len(a.Msgs)
	if len(a.Responder) > 0 {
		firstAnswer = a.Responder[0]
	}
	for k, i := range a.Customer {
		if k == 0 || i < firstAnswer {
			// The opening turn states the problem, and nothing said
			// before the first answer reacts to one.
			continue
		}
		pushed := false
		if m, ok := j.pushback.first(a, i); ok {
			pushed = true
			x.pushbacks++
			x.cue(a, i, m, x.pushbacks, "customer pushes back", "-")
		} else if m, ok := j.openingNo(a, i, buf[:0]); ok {
			pushed = true
			x.pushbacks++
			x.cue(a, i, m, x.pushbacks, "customer says no to the answer", "-")
		}
		// A turn that pushes back accepts nothing, and a negated word of
		// acceptance ("still not resolved") is none.
		if m, ok := j.accept.first(a, i); ok && !pushed && !negated(a, i, m.Start) {
			x.accepts++
			x.cue(a, i, m, x.accepts, noteAccepts, "+")
		}
		if m, ok := j.confusion.first(a, i); ok && !pushed {
			x.confusions++
			x.cue(a, i, m, x.confusions, "customer does not understand the agent", "-")
		}
	}
	x.valence = customerValence(a)
	for _, i := range a.Responder {
		if m, ok := j.failure.first(a, i); ok {
			x.failures++
			x.cue(a, i, m, x.failures, string(a.ResponderRole)+noteFailsSuffix, "-")
		}
	}
	if len(a.Responder) > 0 {
		x.failureShare = float64(x.failures) / float64(len(a.Responder))
	}
	x.ending = j.ending(a, &x)
	x.cues = clamp(float64(x.accepts-x.pushbacks-x.confusions)/float64(len(a.Customer)), -1, 1)
	ending := 0.0
	switch x.ending {
	case endWarm:
		ending = 1
	case endCurt:
		ending = -0.5
	case endUnanswered:
		ending = -1
	}
	x.index = clamp(expValenceWeight*x.valence+expCueWeight*x.cues-expFailureWeight*x.failureShare+
		expEndingWeight*ending, -1, 1)
	x.evidence = append(x.evidence, valueEvidence(-1, x.valence, "compound",
		"customer's mean sentiment over "+plural(len(a.Customer), "turn"), effectOf(x.valence >= 0)))
	return x
}

// negators turn a following word of acceptance into its opposite.
var negators = map[string]bool{"not": true, "never": true, "no": true, "isn't": true, "wasn't": true,
	"aren't": true, "weren't": true, "hasn't": true, "haven't": true, "hardly": true, "nothing": true}

// negated reports whether one of the two words before byte offset start
// of customer turn i is a negator.
func negated(a *Analysis, i, start int) bool {
	ws := a.Msgs[i].Words
	k := 0
	for k < len(ws) && int(ws[k].Start) < start {
		k++
	}
	for back := k - 1; back >= 0 && back >= k-2; back-- {
		if negators[wordKey(a.word(i, back))] {
			return true
		}
	}
	return false
}

// cue records the evidence of the n-th cue of a kind, up to maxCueEvidence.
func (x *experience) cue(a *Analysis, i int, m match, n int, note, effect string) {
	if n <= maxCueEvidence {
		x.evidence = append(x.evidence, spanEvidence(a, i, m.Start, m.End, note, effect))
	}
}

// openingNo finds a customer turn that opens with "no" (or "nope", "nah")
// when the agent's turn before it asked no closing question such as
// "anything else?": then the no rejects what the agent said.
func (j *experienceJudge) openingNo(a *Analysis, i int, buf []match) (match, bool) {
	ma := &a.Msgs[i]
	if len(ma.Words) == 0 {
		return match{}, false
	}
	switch a.word(i, 0) {
	case "no", "nope", "nah":
	default:
		return match{}, false
	}
	prev := -1
	for _, r := range a.Responder {
		if r < i {
			prev = r
		}
	}
	if prev < 0 {
		return match{}, false
	}
	if len(j.closingQ.find(a, prev, buf)) > 0 {
		return match{}, false
	}
	return match{Start: int(ma.Words[0].Start), End: int(ma.Words[0].End)}, true
}

// ending tells how the conversation ended for the customer.
func (j *experienceJudge) ending(a *Analysis, x *experience) int {
	last := a.Customer[len(a.Customer)-1]
	lastResponder := -1
	if len(a.Responder) > 0 {
		lastResponder = a.Responder[len(a.Responder)-1]
	}
	if lastResponder < 0 {
		ev := excerpt(a, last, 80)
		ev.Note, ev.Effect = "no agent or bot ever answered the customer", "-"
		x.evidence = append(x.evidence, ev)
		return endUnanswered
	}
	from := max(0, len(a.Customer)-2)
	for _, i := range a.Customer[from:] {
		if i < lastResponder && i != last {
			continue
		}
		if m, ok := j.warm.first(a, i); ok {
			x.evidence = append(x.evidence, spanEvidence(a, i, m.Start, m.End, noteWarmEnd, "+"))
			return endWarm
		}
	}
	if a.Msgs[last].Sentiment.Compound >= 0.5 {
		x.evidence = append(x.evidence, valueEvidence(last, a.Msgs[last].Sentiment.Compound, "compound",
			"customer's last turn is warm", "+"))
		return endWarm
	}
	if last > lastResponder && len(a.Customer) > 1 && asksSomething(a, last) {
		ev := excerpt(a, last, 80)
		ev.Note, ev.Effect = noteUnansweredEnd, "-"
		x.evidence = append(x.evidence, ev)
		return endUnanswered
	}
	if m, ok := j.curt.first(a, last); ok {
		x.evidence = append(x.evidence, spanEvidence(a, last, m.Start, m.End, "customer leaves without thanks", "-"))
		return endCurt
	}
	return endNeutral
}

// asksSomething reports whether a customer turn asks or demands
// something: a question mark, or sentiment below neutral.
func asksSomething(a *Analysis, i int) bool {
	return strings.Contains(a.Conv.Messages[i].Text, "?") || a.Msgs[i].Sentiment.Compound <= -0.05
}

// reason says in plain words what moved the customer's experience.
func (x *experience) reason(responder string) string {
	var parts []string
	if x.pushbacks > 0 {
		parts = append(parts, "pushed back "+times(x.pushbacks))
	}
	if x.confusions > 0 {
		parts = append(parts, "was confused "+times(x.confusions))
	}
	if x.accepts > 0 {
		parts = append(parts, "accepted an answer "+times(x.accepts))
	}
	switch x.ending {
	case endWarm:
		parts = append(parts, "left with thanks")
	case endCurt:
		parts = append(parts, "left without thanks")
	case endUnanswered:
		parts = append(parts, "was left with an unanswered turn")
	}
	s := "the customer "
	if len(parts) == 0 {
		s += "showed no clear reaction"
	} else {
		s += joinAnd(parts)
	}
	if x.failures > 0 {
		s += "; the " + responder + " could not help in " + strconv.Itoa(x.failures) + " of " +
			plural(x.responderTurns, "turn")
	}
	return s + " (mean sentiment " + strconv.FormatFloat(round2(x.valence), 'f', 2, 64) + ")"
}

// predictedCSAT maps the experience index to the 1-5 satisfaction scale,
// one decimal.
func (x *experience) predictedCSAT() float64 {
	return round1(clamp(3+2*x.index, 1, 5))
}

func times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return strconv.Itoa(n) + " times"
}

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func round2(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return math.Round(x*100) / 100
}

// experienceCheck is the customer_experience criterion.
type experienceCheck struct{ judge *experienceJudge }

func (c *experienceCheck) run(a *Analysis) outcome {
	if len(a.Customer) == 0 {
		return notApplicable("the customer never wrote")
	}
	if len(a.Responder) == 0 {
		return notApplicable("no agent or bot answered")
	}
	x := a.experienceOf(c.judge)
	return graded(50+50*x.index, x.reason(string(a.ResponderRole)), x.evidence)
}

// experienceOf returns the judge's reading of the analysed conversation,
// read once per conversation for the engine's own judge.
func (a *Analysis) experienceOf(j *experienceJudge) *experience {
	if a.expJudge == j {
		return &a.exp
	}
	x := j.judge(a)
	if a.expJudge == nil {
		a.exp, a.expJudge = x, j
		return &a.exp
	}
	return &x
}
