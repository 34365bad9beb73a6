package sentiment

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
)

// Scores are VADER-style: Compound in [-1, 1]; Pos+Neu+Neg = 1 (or all 0 for empty text).
type Scores struct {
	Compound, Pos, Neu, Neg float64
}

// Label names the class of s: "positive" when Compound >= threshold, "negative" when
// Compound <= -threshold, else "neutral". VADER's usual threshold is 0.05.
func (s Scores) Label(threshold float64) string {
	switch {
	case s.Compound >= threshold:
		return "positive"
	case s.Compound <= -threshold:
		return "negative"
	}
	return "neutral"
}

// Analyzer scores texts. It is immutable after New and safe for concurrent use.
type Analyzer struct {
	lx      *lexicon
	scratch sync.Pool // *scratch, so that Score does not allocate per call
}

type scratch struct {
	toks []token
	buf  []byte
}

var (
	baseOnce sync.Once
	base     *lexicon
	baseErr  error
	defOnce  sync.Once
	def      *Analyzer
)

func baseLexicon() (*lexicon, error) {
	baseOnce.Do(func() { base, baseErr = buildBase() })
	return base, baseErr
}

// New returns an analyzer whose lexicon is the default one with overrides applied. An override
// maps a word, a phrase of words, an emoji or an emoticon to a valence in -4..4; a rubric uses
// them for domain terms ("chargeback": -2.5, "out of stock": -1.5). A word listed as a negator
// or booster becomes a plain word with the given valence.
func New(overrides map[string]float64) (*Analyzer, error) {
	lx, err := baseLexicon()
	if err != nil {
		return nil, fmt.Errorf("sentiment: built-in lexicon: %w", err)
	}
	if len(overrides) > 0 {
		lx = lx.clone()
		var errs []error
		// Sorted, so that errors come out in the same order on every run.
		terms := make([]string, 0, len(overrides))
		for t := range overrides {
			terms = append(terms, t)
		}
		slices.Sort(terms)
		for _, t := range terms {
			if err := lx.add(t, overrides[t]); err != nil {
				errs = append(errs, fmt.Errorf("sentiment: override %q: %w", t, err))
			}
		}
		if len(errs) > 0 {
			return nil, errors.Join(errs...)
		}
		lx.finish()
	}
	return &Analyzer{lx: lx}, nil
}

// Default returns the shared analyzer without overrides.
func Default() *Analyzer {
	defOnce.Do(func() {
		a, err := New(nil)
		if err != nil {
			panic(err) // the embedded lexicon is part of the program; its tests load it
		}
		def = a
	})
	return def
}

// Score returns the sentiment of text.
func (a *Analyzer) Score(text string) Scores {
	sc, _ := a.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{toks: make([]token, 0, 64), buf: make([]byte, 0, 64)}
	}
	var info textInfo
	sc.toks, sc.buf, info = a.lx.tokenize(text, sc.toks[:0], sc.buf[:0])
	s := a.lx.score(sc.toks, info)
	if cap(sc.toks) <= 4096 { // don't keep the scratch of a huge text alive
		a.scratch.Put(sc)
	}
	return s
}

// score applies phrases and rules to the tokens and sums their valences.
func (lx *lexicon) score(toks []token, info textInfo) Scores {
	if len(toks) == 0 {
		return Scores{}
	}
	lx.matchPhrases(toks)
	weighContrasts(toks)
	serviceRules(toks)
	mixedCase := info.capsWords > 0 && info.lowWords > 0

	var sum, pos, neg, neu float64
	var polite struct{ pos, neg, n float64 }
	for i := range toks {
		t := &toks[i]
		if t.kind == kindSkip {
			continue
		}
		if t.val == 0 && t.flags&flagExpect != 0 && t.kind == kindWord && negatedAt(toks, i) {
			v := unmetExpectation * float64(t.weight)
			sum += v
			neg -= v
			continue
		}
		if t.val == 0 || t.kind == kindNegator || t.kind == kindBooster || t.kind == kindContrast {
			neu++
			continue
		}
		v := lx.valence(toks, i, mixedCase)
		switch {
		case t.kind == kindPolite:
			polite.n++
			polite.pos += max(v, 0)
			polite.neg += max(-v, 0)
		case v > 0:
			pos += v
		case v < 0:
			neg -= v
		default:
			neu++
		}
		if t.kind != kindPolite {
			sum += v
		}
	}
	if neg > 0 {
		neu += polite.n // the formula is still a word of the text, just not a stance
	} else {
		sum += polite.pos - polite.neg
		pos += polite.pos
		neg += polite.neg
	}

	if sum == 0 && info.interrobangs > 0 {
		sum, neg = exasperation, neg-exasperation
	}
	// Exclamation and repeated question marks amplify whatever the text already says.
	if sum != 0 {
		amp := float64(min(info.exclaims, maxExclaims)) * exclaimBoost
		if info.questions > 1 {
			amp += min(float64(info.questions)*questionBoost, maxQuestionAmp)
		}
		if sum > 0 {
			sum += amp
			pos += amp
		} else {
			sum -= amp
			neg += amp
		}
	}

	s := Scores{Compound: sum / math.Sqrt(sum*sum+compoundAlpha)}
	if total := pos + neg + neu; total > 0 {
		s.Pos, s.Neg, s.Neu = pos/total, neg/total, neu/total
	}
	return s
}

// valence is the value of the sentiment word at i after caps, stretching, boosters, negation
// and contrast weight.
func (lx *lexicon) valence(toks []token, i int, mixedCase bool) float64 {
	t := &toks[i]
	v := float64(t.val)
	sign := 1.0
	if v < 0 {
		sign = -1
	}
	if t.caps && mixedCase {
		v += sign * capsBoost
	}
	if t.elong {
		v += sign * elongBoost
	}
	negated := false
	seen := 0
	for j := i - 1; j >= 0 && seen < negationWindow; j-- {
		p := &toks[j]
		if p.clauseEnd {
			break // "no, it's great": the negator belongs to another clause
		}
		if p.kind == kindSkip {
			continue
		}
		if p.kind == kindWord && p.val != 0 {
			break // "don't appreciate being lied to": the negator took the nearer word
		}
		switch p.kind {
		case kindNegator:
			negated = true
		case kindBooster:
			b := float64(p.boost) * boosterDecay[seen]
			if p.caps && mixedCase {
				b *= 2
			}
			v += sign * b
		}
		seen++
	}
	if v*sign < 0 {
		v = 0 // softeners weaken a word; they never turn it around
	}
	if negated {
		v *= negScalar
	}
	if t.question && v > 0 {
		v *= questionPositive
	}
	return v * float64(t.weight)
}

// matchPhrases replaces the first word of each known phrase by the phrase, longest match first,
// and marks the rest of its words as skipped. A phrase never spans punctuation.
func (lx *lexicon) matchPhrases(toks []token) {
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		if t.phr < 0 || t.kind == kindSkip {
			continue
		}
	next:
		for _, p := range lx.phrases[t.phr] {
			if i+len(p.rest) >= len(toks) {
				continue
			}
			for k, id := range p.rest {
				if toks[i+k].clauseEnd || toks[i+1+k].id != id {
					continue next
				}
			}
			last := i + len(p.rest)
			t.entry = p.e
			t.clauseEnd, t.sentEnd = toks[last].clauseEnd, toks[last].sentEnd
			for k := i + 1; k <= last; k++ {
				t.caps = t.caps || toks[k].caps
				toks[k].kind = kindSkip
			}
			i = last
			break
		}
	}
}

// weighContrasts marks the tokens of questions and gives each token its contrast weight: in a sentence with "but", the words
// before the last "but" count less and the words after it more. A sentence that opens with
// "But" turns against the previous sentence instead.
func weighContrasts(toks []token) {
	sentStart, prevStart := 0, 0
	for i := 0; i <= len(toks); i++ {
		if i < len(toks) && !toks[i].sentEnd {
			continue
		}
		end := min(i+1, len(toks))
		c := -1
		q := end > sentStart && toks[end-1].question
		for k := sentStart; k < end; k++ {
			toks[k].weight = 1
			toks[k].question = q
			if toks[k].kind == kindContrast {
				c = k
			}
		}
		if c >= 0 {
			from := sentStart
			if c == sentStart {
				from = prevStart
			}
			for k := from; k < c; k++ {
				toks[k].weight = beforeContrast
			}
			for k := c + 1; k < end; k++ {
				toks[k].weight = afterContrast
			}
		}
		prevStart, sentStart = sentStart, end
		if i == len(toks) {
			break
		}
	}
}

// serviceRules reads each sentence the way a customer writes to a service. Generic praise beside
// a service failure (an event such as "delayed", or an unmet expectation such as "hasn't
// arrived") is sarcasm: "great, another delayed flight". So is a sentence of bare praise right
// before or after such a complaint ("Love it.", "Great service. My bag is lost."). A sentence with
// "but" is left to the contrast rule, and specific praise ("fixed", "quick") is taken at its word.
// The mild negative words of a polite request ("could you refund the extra charge?") only name
// what is asked for.
func serviceRules(toks []token) {
	// Each sentence is judged once the next one has been read: a window of three.
	var prev, cur sentenceFacts
	have := false
	for start, i := 0, 0; i < len(toks); i++ {
		if !toks[i].sentEnd && i+1 < len(toks) {
			continue
		}
		next := readSentence(toks[start:i+1], start)
		start = i + 1
		if have {
			applyServiceRules(toks, prev, cur, next)
			prev = cur
		}
		cur, have = next, true
	}
	if have {
		applyServiceRules(toks, prev, cur, sentenceFacts{})
	}
}

// applyServiceRules weighs the words of sentence cur, between its neighbours.
func applyServiceRules(toks []token, prev, cur, next sentenceFacts) {
	s := toks[cur.start : cur.start+cur.len]
	sarcastic := cur.praised && !cur.contrast &&
		(cur.complaint || !cur.judged && (prev.complaint || next.complaint))
	for j := range s {
		t := &s[j]
		switch {
		case sarcastic && t.flags&flagPraise != 0 && t.kind != kindSkip && !negatedAt(s, j):
			t.weight *= sarcasmWeight
		case cur.request && !cur.strong && !sarcastic && t.val < 0 && t.kind == kindWord:
			t.weight *= requestWeight
		}
	}
}

// sentenceFacts is what serviceRules needs to know about one sentence.
type sentenceFacts struct {
	start, len int
	praised    bool // generic praise, not negated
	complaint  bool // a service failure and no specific praise
	judged     bool // a sentiment word other than generic praise
	contrast   bool
	strong     bool // a strongly negative word
	request    bool
}

func readSentence(s []token, start int) sentenceFacts {
	f := sentenceFacts{start: start, len: len(s)}
	failure, first := false, true
	for k := range s {
		t := &s[k]
		if t.kind == kindSkip {
			continue
		}
		if t.kind == kindContrast {
			f.contrast = true
		}
		if t.flags&flagFailure != 0 || t.flags&flagExpect != 0 && t.val == 0 && negatedAt(s, k) {
			failure = true
		}
		switch {
		case t.flags&flagPraise != 0 && !negatedAt(s, k):
			f.praised = true
		case t.val != 0 && t.kind == kindWord:
			f.judged = true // another word that judges: the praise may be meant
		}
		if t.val <= -strongNegative {
			f.strong = true
		}
		if t.flags&flagRequest != 0 && (t.kind == kindPolite || first && t.question) {
			f.request = true
		}
		first = false
	}
	f.complaint = failure && !anyPositive(s)
	return f
}

// anyPositive reports whether a sentence has a positive word that is not generic praise.
func anyPositive(s []token) bool {
	for k := range s {
		if t := &s[k]; t.kind == kindWord && t.val > 0 && t.flags&flagPraise == 0 {
			return true
		}
	}
	return false
}

// negatedAt reports whether a negator within reach, in the same clause, precedes token k.
func negatedAt(s []token, k int) bool {
	seen := 0
	for j := k - 1; j >= 0 && seen < negationWindow; j-- {
		p := &s[j]
		if p.clauseEnd {
			return false
		}
		if p.kind == kindSkip {
			continue
		}
		if p.kind == kindNegator {
			return true
		}
		seen++
	}
	return false
}
