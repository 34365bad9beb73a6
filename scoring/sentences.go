package scoring

import (
	"strings"
	"sync"
	"unicode/utf8"

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
func splitSentences(text string) []span { return appendSentences(nil, text) }

// appendSentences appends the spans of text's sentences to out.
func appendSentences(out []span, text string) []span {
	breaks, ok := plainBreaks(text)
	if !ok {
		breaks = punktBreaks(text)
	}
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

// plainBreaks is the short cut for text whose sentence ends are not in
// doubt, which is most of it: every '!' or '?', and every single '.' after
// a word that is not an abbreviation, an initial or a number, followed by
// space or the end. Punkt breaks at exactly those places too (it splits
// tokens on space and only doubts a period after an abbreviation, an
// initial, a number or an ellipsis); TestPlainBreaksAgreeWithPunkt holds
// it to that. Anything in doubt reports false and goes to Punkt.
func plainBreaks(text string) (pos []int, ok bool) {
	t := punkt()
	if t == nil {
		return nil, false
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i
		dots, marks := 0, 0
		for j < len(text) && (text[j] == '.' || text[j] == '!' || text[j] == '?') {
			if text[j] == '.' {
				dots++
			} else {
				marks++
			}
			j++
		}
		k := j
		for k < len(text) && strings.IndexByte(")\"'", text[k]) >= 0 {
			k++
		}
		if k < len(text) && !isSpace(text[k]) {
			if strings.HasPrefix(text[k:], "’") || strings.HasPrefix(text[k:], "”") || text[k] >= utf8.RuneSelf {
				return nil, false
			}
			i = j - 1
			continue // inside a token: "3.5", "e.g.x", "?!x"
		}
		switch {
		case dots == 0:
		case dots == 1 && marks == 0:
			// The token before the period.
			b := i
			for b > 0 && !isSpace(text[b-1]) {
				b--
			}
			tok := strings.TrimLeft(text[b:i], "(\"'")
			if !plainWord(tok) || t.Storage.AbbrevTypes.Has(strings.ToLower(tok)) {
				return nil, false
			}
		default:
			return nil, false // an ellipsis or ".?"
		}
		pos = append(pos, k)
		i = k - 1
	}
	return pos, true
}

// plainWord reports whether tok is two or more ASCII letters, with
// apostrophes, hyphens or commas but no digit or period.
func plainWord(tok string) bool {
	letters := 0
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		switch {
		case ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z'):
			letters++
		case c == '\'' || c == '-' || c == ',':
		default:
			return false
		}
	}
	return letters >= 2
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
