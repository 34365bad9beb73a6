package scoring

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iqa-cli/iqa/rubrics"
)

// resolutionCheck judges whether the customer's problem was solved, from
// what the customer said after the first answer (the opening complaint
// states the problem, it is no verdict). The customer's latest confirmation or
// unresolved signal decides (90 or 15); without one, the export's status
// decides (80 or 25); without either, the customer's reaction decides: an
// answer accepted and not pushed back on 75, the responder admitting it
// cannot help with nothing accepted 30, the customer's request left
// unanswered at the end 35, a warm goodbye 70 (each leaning ±5 on the final
// sentiment); with no reaction at all, 50 leaning on the final sentiment
// (±20). Then escalation requests not followed by a
// confirmation cost 25, and a customer repeating the complaint after a
// reply costs 15 (at most 30); a closing sentiment agrees or disagrees by
// ±5.
type resolutionCheck struct {
	confirm, unresolved, escalation *matcher
	resolved, open                  []string
	// owner gives the engine's experience judge, which is only known once
	// every criterion is compiled.
	owner *Engine
}

func (e *Engine) compileResolution(p *rubrics.ResolutionParams) (check, error) {
	c := &resolutionCheck{resolved: lowerAll(p.ResolvedStatuses), open: lowerAll(p.UnresolvedStatuses), owner: e}
	var err error
	if c.confirm, err = e.compileMatcher(p.Confirmations); err != nil {
		return nil, fmt.Errorf("confirmations: %w", err)
	}
	if c.unresolved, err = e.compileMatcher(p.Unresolved); err != nil {
		return nil, fmt.Errorf("unresolved: %w", err)
	}
	if c.escalation, err = e.compileMatcher(p.Escalation); err != nil {
		return nil, fmt.Errorf("escalation: %w", err)
	}
	return c, nil
}

func overlapsAny(ms []match, m match) bool {
	for _, x := range ms {
		if x.Start < m.End && m.Start < x.End {
			return true
		}
	}
	return false
}

func lowerAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(strings.TrimSpace(s))
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func (c *resolutionCheck) run(a *Analysis) outcome {
	if len(a.Customer) == 0 {
		return notApplicable("the customer never wrote")
	}
	if len(a.Responder) == 0 {
		return notApplicable("no agent or bot answered; nothing to judge")
	}
	var ev []Evidence
	// The latest outcome signal in the customer's turns decides.
	lastSignal, lastEsc := -1, -1
	confirmed := false
	var decider Evidence
	// The first answer: the first responder turn after the customer's
	// first turn (a greeting before the complaint answers nothing).
	answer := len(a.Conv.Messages)
	for _, r := range a.Responder {
		if r > a.Customer[0] {
			answer = r
			break
		}
	}
	var found []match
	for _, i := range a.Customer {
		if i < answer {
			// The opening complaint states the problem ("still haven't
			// received my refund"); only what the customer says after
			// an answer is a verdict on it.
			if m, ok := c.escalation.first(a, i); ok {
				lastEsc = i
				ev = append(ev, spanEvidence(a, i, m.Start, m.End, "customer asks to escalate", "-"))
			}
			continue
		}
		// Within a turn the later signal wins, and an unresolved phrase
		// overrides a confirmation inside it ("not fixed" holds "fixed").
		found = c.unresolved.find(a, i, found[:0])
		nu := len(found)
		found = c.confirm.find(a, i, found)
		for k, m := range found {
			isConfirm := k >= nu
			if isConfirm && overlapsAny(found[:nu], m) {
				continue
			}
			if lastSignal == i && m.Start < decider.Start {
				continue
			}
			if isConfirm {
				decider = spanEvidence(a, i, m.Start, m.End, "customer confirms the problem is solved", "+")
			} else {
				decider = spanEvidence(a, i, m.Start, m.End, "customer says the problem is not solved", "-")
			}
			lastSignal, confirmed = i, isConfirm
		}
		if m, ok := c.escalation.first(a, i); ok {
			lastEsc = i
			ev = append(ev, spanEvidence(a, i, m.Start, m.End, "customer asks to escalate", "-"))
		}
	}
	status := strings.ToLower(strings.TrimSpace(a.Conv.Meta["status"]))
	var score float64
	var reason string
	switch {
	case lastSignal >= 0 && confirmed:
		score, reason = 90, fmt.Sprintf("customer confirmed: %q", decider.Text)
		ev = append([]Evidence{decider}, ev...)
	case lastSignal >= 0:
		score, reason = 15, fmt.Sprintf("customer said it is not solved: %q", decider.Text)
		ev = append([]Evidence{decider}, ev...)
	case status != "" && contains(c.resolved, status):
		score, reason = 80, fmt.Sprintf("status %q", status)
		ev = append([]Evidence{{Message: -1, Text: status, Note: "the export marks the conversation resolved", Effect: "+"}}, ev...)
	case status != "" && contains(c.open, status):
		score, reason = 25, fmt.Sprintf("status %q", status)
		ev = append([]Evidence{{Message: -1, Text: status, Note: "the export marks the conversation unresolved", Effect: "-"}}, ev...)
	default:
		var lean []Evidence
		score, reason, lean = c.byReaction(a)
		ev = append(lean, ev...)
	}
	explicit := lastSignal >= 0 || (status != "" && (contains(c.resolved, status) || contains(c.open, status))) || score != 50
	if lastEsc >= 0 && !(confirmed && lastSignal > lastEsc) {
		score -= 25
		reason += "; asked to escalate"
	}
	// A repeated complaint: a customer turn saying again what an earlier
	// one said, after the responder had replied.
	if rep := repeats(a); len(rep) > 0 {
		cost := min(15*float64(len(rep)), 30)
		if confirmed {
			cost /= 2
		}
		score -= cost
		for _, r := range rep {
			x := excerpt(a, r[1], 80)
			x.Note, x.Effect = fmt.Sprintf("customer repeats the complaint of message %d", r[0]+1), "-"
			ev = append(ev, x)
		}
		reason += "; customer had to repeat the complaint"
	}
	last := a.Customer[len(a.Customer)-1]
	end := a.Msgs[last].Sentiment.Compound
	lean := 5.0
	if !explicit {
		lean = 20
	}
	switch {
	case end >= 0.3:
		score += lean
		ev = append(ev, valueEvidence(last, end, "compound", "customer ends positive", "+"))
	case end <= -0.3:
		score -= lean
		ev = append(ev, valueEvidence(last, end, "compound", "customer ends negative", "-"))
	}
	return graded(score, reason, ev)
}

// repeats returns pairs of customer turns (earlier, later) where the later
// repeats the earlier: at least three shared content words making up at
// least half of the shorter turn's content words, with a responder turn
// between them.
func repeats(a *Analysis) [][2]int {
	if len(a.Customer) < 2 {
		return nil
	}
	sets := make([][]uint64, len(a.Customer))
	for k, i := range a.Customer {
		sets[k] = contentWords(a, i)
	}
	var out [][2]int
	for k := 1; k < len(a.Customer); k++ {
		if len(sets[k]) < 3 {
			continue
		}
		for j := 0; j < k; j++ {
			if len(sets[j]) < 3 || !replyBetween(a, a.Customer[j], a.Customer[k]) {
				continue
			}
			shared := intersect(sets[j], sets[k])
			if shared >= 3 && 2*shared >= min(len(sets[j]), len(sets[k])) {
				out = append(out, [2]int{a.Customer[j], a.Customer[k]})
				break
			}
		}
	}
	return out
}

func replyBetween(a *Analysis, i, j int) bool {
	for _, r := range a.Responder {
		if r > i && r < j {
			return true
		}
	}
	return false
}

// contentWords are the hashes of a turn's distinct words of three letters
// or more that are not stopwords, sorted.
func contentWords(a *Analysis, i int) []uint64 {
	ma := &a.Msgs[i]
	out := make([]uint64, 0, len(ma.Words))
	for k, sp := range ma.Words {
		if sp.End-sp.Start < 3 || a.flags(i, k)&flagStop != 0 {
			continue
		}
		out = append(out, ma.Hashes[k])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// intersect counts the values two sorted sets share.
func intersect(x, y []uint64) int {
	n, i, j := 0, 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] < y[j]:
			i++
		case x[i] > y[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

var stopwords = strings.Fields(`the and for are but not you your yours all any can had has have her was one our out
		his how its may new now old see two who did get got let put say she too use that this with from they them then
		than there their what when where which while will would could should been being were into onto just also very
		only some such more most much many other about after again against because before below between both down
		during each few further here i'm i've i'd i'll it's don't doesn't didn't can't won't isn't wasn't aren't
		hello thanks thank please yes yeah okay still again really like know need want want help hi hey dear regards
		best kind today yesterday tomorrow time day days week`)

// byReaction judges an outcome nobody stated from how the customer reacted
// (see the experience judge): everyday customers say "perfect" or "that
// works", not "my problem is solved", and a responder who says "no
// results" has not solved anything.
func (c *resolutionCheck) byReaction(a *Analysis) (float64, string, []Evidence) {
	x := a.experienceOf(c.owner.experience)
	switch {
	case x.accepts > x.pushbacks && x.ending != endUnanswered:
		return 75, "customer accepted an answer and did not push back", x.evidenceNoted(noteAccepts)
	case x.failures > 0 && x.accepts == 0:
		return 30, "the " + string(a.ResponderRole) + " could not help and the customer accepted nothing", x.evidenceNoted(string(a.ResponderRole) + noteFailsSuffix)
	case x.ending == endUnanswered:
		return 35, "the conversation stops on the customer's unanswered turn", x.evidenceNoted(noteUnansweredEnd)
	case x.ending == endWarm && x.pushbacks == 0:
		return 70, "customer left with thanks", x.evidenceNoted(noteWarmEnd)
	}
	return 50, "no confirmation, status or clear reaction", nil
}
