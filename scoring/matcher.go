package scoring

import (
	"fmt"
	"strings"

	"github.com/iqa-cli/iqa/rubrics"
)

// A matcher finds a list of phrases in messages. Plain phrases are word
// sequences matched on word boundaries against the analysis's word ids:
// the engine gives every word any phrase uses an id, the analysis looks
// each message word up once, and a matcher only follows the phrases that
// start with a word's id, so the cost does not grow with the number of
// phrases. "re:" phrases are case-insensitive regular expressions run on
// the message text.
type matcher struct {
	phrases []rubrics.Phrase
	// words[i] are the word ids of plain phrase i; nil for a regexp.
	words [][]int32
	// byID lists, by first word id, the plain phrases starting with it,
	// longest first; built by freeze.
	byID [][]int
	res  []compiledRe
}

type compiledRe struct {
	phrase int
	re     *phraseRe
}

// match is one phrase found: its index in the matcher and its byte span.
type match struct {
	Phrase     int
	Start, End int
}

// compileMatcher compiles phrases, adding their words to the engine's
// vocabulary.
func (e *Engine) compileMatcher(phrases []rubrics.Phrase) (*matcher, error) {
	m := &matcher{phrases: phrases, words: make([][]int32, len(phrases))}
	e.matchers = append(e.matchers, m)
	for i, p := range phrases {
		if p.IsRegexp() {
			re, err := compilePhraseRe(p.Pattern())
			if err != nil {
				return nil, fmt.Errorf("phrase %q: %w", string(p), err)
			}
			m.res = append(m.res, compiledRe{i, re})
			continue
		}
		text, _ := lowerSameLen(strings.TrimSpace(string(p)))
		spans := scanWords(text, nil)
		if len(spans) == 0 {
			return nil, fmt.Errorf("phrase %q has no words", string(p))
		}
		ids := make([]int32, len(spans))
		for j, s := range spans {
			ids[j] = e.vocab.add(wordKey(text[s.Start:s.End]))
			e.vocab.flags[ids[j]] |= flagPhrase
		}
		m.words[i] = ids
	}
	return m, nil
}

// freeze indexes the phrases by first word id once the vocabulary is
// frozen, matching each word as its canonical id (a word and its
// inflections share one).
func (m *matcher) freeze(canon []int32) {
	m.byID = make([][]int, len(canon))
	for p, ws := range m.words {
		for k := range ws {
			ws[k] = canon[ws[k]]
		}
		if len(ws) > 0 {
			m.byID[ws[0]] = append(m.byID[ws[0]], p)
		}
	}
	for _, list := range m.byID {
		// Longest first, then rubric order: the longest phrase at a
		// position is the one reported.
		sortStable(list, func(a, b int) bool { return len(m.words[a]) > len(m.words[b]) })
	}
}

// empty reports whether the matcher has no phrases.
func (m *matcher) empty() bool { return m == nil || len(m.phrases) == 0 }

// find appends the phrases found in message i, in text order; matches of
// plain phrases do not overlap each other.
func (m *matcher) find(a *Analysis, i int, out []match) []match {
	if m.empty() {
		return out
	}
	ma := &a.Msgs[i]
	ids := ma.IDs
	n0 := len(out)
	for w := 0; w < len(ids); w++ {
		if ids[w] < 0 {
			continue
		}
		cands := m.byID[ids[w]]
		for _, p := range cands {
			pw := m.words[p]
			if w+len(pw) > len(ids) {
				continue
			}
			ok := true
			for k := 1; k < len(pw); k++ {
				if ids[w+k] != pw[k] {
					ok = false
					break
				}
			}
			if ok {
				out = append(out, match{p, int(ma.Words[w].Start), int(ma.Words[w+len(pw)-1].End)})
				w += len(pw) - 1
				break
			}
		}
	}
	if len(m.res) > 0 {
		text := a.Conv.Messages[i].Text
		for _, r := range m.res {
			out = r.re.findAll(text, ma.Lower, ma.ASCII, r.phrase, out)
		}
		if len(out)-n0 > 1 {
			tail := out[n0:]
			sortStable(tail, func(x, y match) bool { return x.Start < y.Start })
		}
	}
	return out
}

// first returns the first phrase found in message i.
func (m *matcher) first(a *Analysis, i int) (match, bool) {
	var buf [8]match
	found := m.find(a, i, buf[:0])
	if len(found) == 0 {
		return match{}, false
	}
	return found[0], true
}

// sortStable is an insertion sort: the lists sorted here are short.
func sortStable[T any](s []T, less func(a, b T) bool) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && less(s[j], s[j-1]); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
