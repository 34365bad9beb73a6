package sentiment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word, emoji or emoticon of the text being scored, with its lexicon entry.
type token struct {
	entry
	caps      bool    // ALL CAPS word
	elong     bool    // found only after squeezing repeated letters ("sooo")
	clauseEnd bool    // punctuation follows: negation and boosters stop here
	sentEnd   bool    // . ! ? follows
	question  bool    // ? follows; set on the whole sentence by weighContrasts
	weight    float32 // set by the contrast rule
}

// textInfo is what the tokenizer learns about the whole text.
type textInfo struct {
	exclaims, questions int
	interrobangs        int // "?!" or "!?"

	capsWords, lowWords int
}

// tokenize appends the tokens of text to toks; buf is scratch space for lower-casing.
// @mentions and URLs are dropped because they name things rather than judge them.
func (lx *lexicon) tokenize(text string, toks []token, buf []byte) ([]token, []byte, textInfo) {
	var info textInfo
	for len(text) > 0 {
		// Cut the next whitespace-separated field.
		start := 0
		for start < len(text) {
			size := spaceAt(text, start)
			if size == 0 {
				break
			}
			start += size
		}
		end := start
		for end < len(text) {
			if spaceAt(text, end) > 0 {
				break
			}
			end++
		}
		field := text[start:end]
		text = text[end:]
		if field == "" {
			continue
		}
		if field[0] == '@' || isURL(field) {
			continue
		}
		if len(field) <= lx.maxSymbol && !allWord(field) {
			if v, ok := lx.symbols[field]; ok {
				toks = append(toks, token{entry: entry{val: v, id: -1, phr: -1}})
				continue
			}
		}
		toks, buf = lx.scanField(field, toks, buf, &info)
	}
	return toks, buf, info
}

// spaceAt returns the length of the white space rune at text[i], or 0.
func spaceAt(text string, i int) int {
	c := text[i]
	if c < utf8.RuneSelf {
		return int(asciiClass[c] & classSpace)
	}
	r, size := utf8.DecodeRuneInString(text[i:])
	if unicode.IsSpace(r) {
		return size
	}
	return 0
}

const (
	classSpace  = 1 << iota // must be 1: spaceAt returns it as a length
	classWord               // letters and digits
	classInWord             // apostrophe and hyphen: inside a word only
)

// asciiClass classifies ASCII bytes so that the hot loops avoid the unicode tables.
var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for _, c := range " \t\n\r\v\f" {
		t[c] |= classSpace
	}
	for c := range t {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			t[c] |= classWord
		}
	}
	t['\''] |= classInWord
	t['-'] |= classInWord
	return t
}()

// allWord reports whether f is only ASCII letters and digits, which no emoticon is.
func allWord(f string) bool {
	for i := 0; i < len(f); i++ {
		if c := f[i]; c >= utf8.RuneSelf || asciiClass[c]&classWord == 0 {
			return false
		}
	}
	return true
}

func isURL(f string) bool {
	if c := f[0] | 0x20; c != 'h' && c != 'w' {
		return false
	}
	return hasPrefixFold(f, "http://") || hasPrefixFold(f, "https://") || hasPrefixFold(f, "www.")
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// scanField splits one field into words, emoji and punctuation marks.
func (lx *lexicon) scanField(f string, toks []token, buf []byte, info *textInfo) ([]token, []byte) {
	var prevMark rune
	for i := 0; i < len(f); {
		r, size := rune(f[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(f[i:])
		}
		if r < utf8.RuneSelf && asciiClass[r]&classWord != 0 || r >= utf8.RuneSelf && isWordRune(r) && r != '’' {
			j := i + size
			for j < len(f) {
				r2, s2 := rune(f[j]), 1
				if r2 >= utf8.RuneSelf {
					r2, s2 = utf8.DecodeRuneInString(f[j:])
				}
				if !isWordRune(r2) {
					break
				}
				j += s2
			}
			toks, buf = lx.appendWord(f[i:j], toks, buf, info)
			i, prevMark = j, 0
			continue
		}
		i += size
		if r == '!' && prevMark == '?' || r == '?' && prevMark == '!' {
			info.interrobangs++
		}
		prevMark = r
		switch r {
		case '!':
			info.exclaims++
			markEnd(toks, true)
		case '?':
			info.questions++
			markEnd(toks, true)
			if len(toks) > 0 {
				toks[len(toks)-1].question = true
			}
		case '.', '…':
			markEnd(toks, true)
		case ',', ';', ':', '(', ')', '"', '“', '”', '–', '—':
			markEnd(toks, false)
		default:
			if v, ok := lx.emoji[r]; ok {
				toks = append(toks, token{entry: entry{val: v, id: -1, phr: -1}})
			}
		}
	}
	return toks, buf
}

func markEnd(toks []token, sentence bool) {
	if len(toks) == 0 {
		return
	}
	t := &toks[len(toks)-1]
	t.clauseEnd = true
	if sentence {
		t.sentEnd = true
	}
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r]&(classWord|classInWord) != 0
	}
	return r == '’' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// appendWord looks up one word and appends its token.
func (lx *lexicon) appendWord(w string, toks []token, buf []byte, info *textInfo) ([]token, []byte) {
	buf, upper, lower, clitic := normWord(buf[:0], w)
	if len(buf) == 0 {
		return toks, buf
	}
	t := token{caps: upper >= 2 && lower == 0}
	if t.caps {
		info.capsWords++
	} else if lower > 0 {
		info.lowWords++
	}
	e, ok := lx.table.get(buf)
	if !ok && squeezable(buf) {
		// "sooo" -> "soo" -> "so": try doubled letters first, then single ones.
		for _, keep := range [...]int{2, 1} {
			sq := squeeze(buf[len(buf):], buf, keep)
			if e, ok = lx.table.get(sq); ok {
				t.elong = true
				break
			}
		}
	}
	if !ok {
		e = entry{id: -1, phr: -1}
		if strings.HasSuffix(w, "n't") || strings.HasSuffix(w, "n’t") {
			e.kind = kindNegator // contractions the negator list lacks ("mightn't", "shan't")
		}
	}
	t.entry = e
	toks = append(toks, t)
	if clitic >= 0 {
		toks = append(toks, token{entry: lx.clitics[clitic]})
	}
	return toks, buf
}

// squeezable reports whether some letter repeats three times or more.
func squeezable(b []byte) bool {
	for i := 2; i < len(b); i++ {
		if b[i] == b[i-1] && b[i] == b[i-2] {
			return true
		}
	}
	return false
}

// squeeze appends to dst a copy of b in which runs of a byte are cut to at most keep.
func squeeze(dst, b []byte, keep int) []byte {
	run := 0
	for i, c := range b {
		if i > 0 && c == b[i-1] {
			run++
		} else {
			run = 1
		}
		if run <= keep {
			dst = append(dst, c)
		}
	}
	return dst
}

// termKeys returns the lexicon keys of the words of a term, as the tokenizer would see them.
func termKeys(term string) []string {
	var keys []string
	for _, w := range strings.Fields(term) {
		k, _, _, cl := normWord(nil, w)
		keys = append(keys, string(k))
		if cl >= 0 {
			keys = append(keys, clitics[cl].word)
		}
	}
	return keys
}

// normWord appends the lexicon key of a word to dst: lower case, apostrophes removed
// ("doesn't" -> "doesnt"), hyphens trimmed at the ends, numbers in digits read as "0". A
// clitic is cut off and returned as the index in clitics of the word it stands for ("I'd" -> "i" + "would", so that
// "I'd like" is not "I like", and "I'll" is not "ill"); a possessive "'s" is dropped.
// It also counts upper- and lower-case letters, for the caps rule.
func normWord(dst []byte, w string) (key []byte, upper, lower, clitic int) {
	clitic = -1
	apos := false
	start := len(dst)
	for _, r := range w {
		switch {
		case r == '’' || r == '\'':
			apos = true
			dst = append(dst, '\'')
		case r < utf8.RuneSelf:
			c := byte(r)
			if 'A' <= c && c <= 'Z' {
				upper++
				c += 'a' - 'A'
			} else if 'a' <= c && c <= 'z' {
				lower++
			}
			dst = append(dst, c)
		default:
			if unicode.IsUpper(r) {
				upper++
			} else if unicode.IsLower(r) {
				lower++
			}
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
	}
	word := dst[start:]
	if isNumber(word) {
		// Every number reads as "0", so one phrase ("been 3 weeks") covers them all. Spelled-out
		// numbers stay words: "five stars" and "zero stars" must not meet.
		return append(dst[:start], '0'), upper, lower, clitic
	}
	if !apos && (len(word) == 0 || word[0] != '-' && word[len(word)-1] != '-') {
		return dst, upper, lower, clitic
	}
	for i, cl := range clitics {
		if len(word) > len(cl.suffix) && string(word[len(word)-len(cl.suffix):]) == cl.suffix {
			word = word[:len(word)-len(cl.suffix)]
			if cl.word != "" {
				clitic = i
			}
			break
		}
	}
	// Remove the remaining apostrophes and trim hyphens.
	n := 0
	for _, c := range word {
		if c != '\'' {
			word[n] = c
			n++
		}
	}
	word = word[:n]
	for len(word) > 0 && word[0] == '-' {
		word = word[1:]
	}
	for len(word) > 0 && word[len(word)-1] == '-' {
		word = word[:len(word)-1]
	}
	if len(word) > 0 && &word[0] != &dst[start] {
		copy(dst[start:], word)
	}
	return dst[:start+len(word)], upper, lower, clitic
}

var clitics = [...]struct{ suffix, word string }{
	{"'s", ""}, {"'m", "am"}, {"'re", "are"}, {"'ve", "have"}, {"'ll", "will"}, {"'d", "would"},
}

func isNumber(w []byte) bool {
	if len(w) == 0 {
		return false
	}
	for _, c := range w {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
