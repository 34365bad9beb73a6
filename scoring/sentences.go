package scoring

import (
	"sync"

	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/english"
)

// The sentence segmenter is the Punkt model prose/v2 segments with, built
// once: prose.NewDocument rebuilds it on every call (about 15 ms), while a
// built one splits a 35-word message in about 9 µs. After construction it
// only reads its model, so one is shared by every goroutine.
var punkt = sync.OnceValue(func() *sentences.DefaultSentenceTokenizer {
	t, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		return nil // the embedded model failed to load; splitSentences falls back
	}
	return t
})

// splitSentences returns the spans of text's sentences: Punkt's breaks,
// and line breaks too (a chat line or an e-mail sign-off ends a sentence
// even without a full stop). Surrounding space is trimmed; empty spans are
// dropped.
func splitSentences(text string) (out []span) {
	breaks := punktBreaks(text)
	start := 0
	emit := func(s, e int) {
		for s < e && isSpace(text[s]) {
			s++
		}
		for e > s && isSpace(text[e-1]) {
			e--
		}
		if e > s {
			out = append(out, span{int32(s), int32(e)})
		}
	}
	bi := 0
	for i := 0; i <= len(text); i++ {
		atBreak := false
		for bi < len(breaks) && breaks[bi] <= i {
			if breaks[bi] == i {
				atBreak = true
			}
			bi++
		}
		if i == len(text) || text[i] == '\n' || atBreak {
			emit(start, i)
			start = i
		}
	}
	return out
}

// punktBreaks runs the segmenter, treating a panic inside it as "no
// breaks" so that no input can crash scoring.
func punktBreaks(text string) (pos []int) {
	t := punkt()
	if len(text) == 0 {
		return nil
	}
	if t == nil {
		return simpleBreaks(text)
	}
	defer func() {
		if recover() != nil {
			pos = simpleBreaks(text)
		}
	}()
	pos = t.SentencePositions(text)
	// Positions must be increasing and inside text.
	for i, p := range pos {
		if p < 0 || p > len(text) || (i > 0 && p < pos[i-1]) {
			return simpleBreaks(text)
		}
	}
	return pos
}

// simpleBreaks breaks after runs of . ! ? followed by a space: the fallback
// when the segmenter is unavailable.
func simpleBreaks(text string) (pos []int) {
	for i := 0; i+1 < len(text); i++ {
		c := text[i]
		if (c == '.' || c == '!' || c == '?') && isSpace(text[i+1]) {
			pos = append(pos, i+1)
		}
	}
	return pos
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }
