package scoring

import (
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/iqa-cli/iqa/scoring/sentiment"
	"github.com/iqa-cli/iqa/transcript"
)

// span is a byte range [Start, End) in a message's text.
type span struct{ Start, End int32 }

// msgAnalysis is what the engine learned about one message.
type msgAnalysis struct {
	// Lower is the text lower-cased rune by rune where that keeps byte
	// offsets, so a span in Lower is the same span in the original text.
	Lower string
	// ASCII reports whether the text is all ASCII.
	ASCII bool
	// Words are the word spans: letters and digits with inner apostrophes.
	Words []span
	// IDs are the words' ids in the engine's phrase vocabulary, -1 for a
	// word no phrase uses; parallel to Words.
	IDs []int32
	// Hashes are the words' hashes (see hashWord); parallel to Words.
	Hashes []uint64
	// Sentiment is set for visible agent, bot and customer turns.
	Sentiment    sentiment.Scores
	HasSentiment bool
	// Sentences are spans of the message's sentences; only filled for
	// responder turns when a check needs them.
	Sentences []span
}

// Analysis is a conversation read once: every check reads it and none
// changes it.
type Analysis struct {
	Conv    *transcript.Conversation
	Channel string
	Msgs    []msgAnalysis
	// Customer and Responder list indices of visible scored turns in order.
	// The responder is the human agent, or the bot in a conversation no
	// human agent took part in (see responderRole).
	Customer  []int
	Responder []int
	// ResponderRole is the role whose turns Responder lists.
	ResponderRole transcript.Role
	// Agents and Bots are visible turns by role, whatever the responder is.
	Agents []int
	Bots   []int
	// Timed reports whether every visible agent, bot and customer turn has
	// a timestamp; Offsets whether every one has call offsets.
	Timed   bool
	Offsets bool
	// vocabFlags are the engine's flags by word id.
	vocabFlags []uint8
	// exp is the customer's experience as expJudge read it (see
	// experienceOf); expJudge is nil until it is read.
	exp      experience
	expJudge *experienceJudge

	// Buffers kept between conversations (see analysisPool).
	wordBuf     []span
	idBuf       []int32
	hashBuf     []uint64
	sentenceBuf []span
}

// analysisPool recycles analyses: nothing a Result holds points into one
// (evidence quotes the conversation's own text), so after Score its
// buffers serve the next conversation instead of becoming garbage.
var analysisPool = sync.Pool{New: func() any { return new(Analysis) }}

// release returns the analysis to the pool, dropping every reference to
// the conversation.
func (a *Analysis) release() {
	clear(a.Msgs)
	*a = Analysis{Msgs: a.Msgs[:0], Customer: a.Customer[:0], Responder: nil, Agents: a.Agents[:0], Bots: a.Bots[:0],
		wordBuf: a.wordBuf[:0], idBuf: a.idBuf[:0], hashBuf: a.hashBuf[:0], sentenceBuf: a.sentenceBuf[:0]}
	analysisPool.Put(a)
}

// flags returns the vocabulary flags of word w of message i.
func (a *Analysis) flags(i, w int) uint8 {
	id := a.Msgs[i].IDs[w]
	if id < 0 {
		return 0
	}
	return a.vocabFlags[id]
}

// Msg returns message i of the conversation.
func (a *Analysis) Msg(i int) *transcript.Message { return &a.Conv.Messages[i] }

// word returns the lower-cased text of word w of message i.
func (a *Analysis) word(i, w int) string {
	m := &a.Msgs[i]
	return m.Lower[m.Words[w].Start:m.Words[w].End]
}

// analyse reads a conversation once.
func (e *Engine) analyse(c *transcript.Conversation) *Analysis {
	a := analysisPool.Get().(*Analysis)
	a.Conv, a.Channel, a.vocabFlags = c, string(c.Channel), e.vocab.flags
	a.Msgs = slices.Grow(a.Msgs[:0], len(c.Messages))[:len(c.Messages)]
	// One backing array for every message's words, ids and hashes keeps
	// the allocations per conversation constant; sized for the worst
	// case (a word and a separator per two bytes) so that it never
	// moves while messages hold slices of it.
	total := 0
	for i := range c.Messages {
		total += len(c.Messages[i].Text)/2 + 1
	}
	wordBuf := slices.Grow(a.wordBuf[:0], total)
	idBuf := slices.Grow(a.idBuf[:0], total)
	hashBuf := slices.Grow(a.hashBuf[:0], total)
	a.Timed, a.Offsets = true, true
	scored := 0
	for i := range c.Messages {
		m := &c.Messages[i]
		ma := &a.Msgs[i]
		ma.Lower, ma.ASCII = lowerSameLen(m.Text)
		start := len(wordBuf)
		if ma.ASCII {
			wordBuf, hashBuf, idBuf = e.scanASCII(ma.Lower, wordBuf, hashBuf, idBuf)
		} else {
			wordBuf = scanWords(ma.Lower, wordBuf)
			for _, w := range wordBuf[start:] {
				word := ma.Lower[w.Start:w.End]
				h := hashWord(word)
				hashBuf = append(hashBuf, h)
				idBuf = append(idBuf, e.vocab.lookup(h, word))
			}
		}
		ma.Words = wordBuf[start:len(wordBuf):len(wordBuf)]
		ma.IDs = idBuf[start:len(idBuf):len(idBuf)]
		ma.Hashes = hashBuf[start:len(hashBuf):len(hashBuf)]
		if m.Internal {
			continue
		}
		switch m.Role {
		case transcript.Customer:
			a.Customer = append(a.Customer, i)
		case transcript.Agent:
			a.Agents = append(a.Agents, i)
		case transcript.Bot:
			a.Bots = append(a.Bots, i)
		default:
			continue
		}
		scored++
		if !m.HasTime() {
			a.Timed = false
		}
		if !m.HasOffsets() || *m.EndMS < *m.StartMS {
			a.Offsets = false
		}
		ma.Sentiment = e.sentiment.Score(m.Text)
		ma.HasSentiment = true
	}
	if scored == 0 {
		a.Timed, a.Offsets = false, false
	}
	a.Responder, a.ResponderRole = a.Agents, transcript.Agent
	if len(a.Agents) == 0 && len(a.Bots) > 0 {
		a.Responder, a.ResponderRole = a.Bots, transcript.Bot
	}
	a.wordBuf, a.idBuf, a.hashBuf = wordBuf, idBuf, hashBuf
	if e.needSentences {
		buf := a.sentenceBuf[:0]
		starts := make([]int, 0, 16)
		for _, i := range a.Responder {
			starts = append(starts, len(buf))
			buf = appendSentences(buf, c.Messages[i].Text)
		}
		// Slice only once the buffer has stopped growing.
		for k, i := range a.Responder {
			end := len(buf)
			if k+1 < len(starts) {
				end = starts[k+1]
			}
			a.Msgs[i].Sentences = buf[starts[k]:end:end]
		}
		a.sentenceBuf = buf
	}
	return a
}

// lowerSameLen lower-cases s rune by rune, leaving a rune unchanged when its
// lower case has a different UTF-8 length, so byte offsets carry over.
// It also reports whether s is all ASCII.
func lowerSameLen(s string) (string, bool) {
	upper, ascii := false, true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			upper = true
			break
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if !upper {
		return s, ascii
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		l := unicode.ToLower(r)
		if l != r && utf8.RuneLen(l) == size {
			b = utf8.AppendRune(b, l)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b), ascii
}

// isWordRune reports whether r is part of a word.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// scanWords appends the spans of the words of s: runs of letters and digits
// joined by single inner apostrophes (' or ’), so "don't" is one word.
func scanWords(s string, out []span) []span {
	start := -1
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			i += size
			continue
		}
		if start >= 0 && (r == '\'' || r == '’') && i+size < len(s) {
			next, _ := utf8.DecodeRuneInString(s[i+size:])
			if isWordRune(next) {
				i += size
				continue
			}
		}
		if start >= 0 {
			out = append(out, span{int32(start), int32(i)})
			start = -1
		}
		i += size
	}
	if start >= 0 {
		out = append(out, span{int32(start), int32(len(s))})
	}
	return out
}

// asciiWord marks the bytes of ASCII words.
var asciiWord = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	return t
}()

// scanASCII is scanWords, hashWord and the vocabulary lookup in one pass,
// for lower-cased ASCII text: the common case.
func (e *Engine) scanASCII(s string, words []span, hashes []uint64, ids []int32) ([]span, []uint64, []int32) {
	const offset, prime = 14695981039346656037, 1099511628211
	for i := 0; i < len(s); {
		if !asciiWord[s[i]] {
			i++
			continue
		}
		start := i
		h := uint64(offset)
		for i < len(s) {
			c := s[i]
			if !asciiWord[c] {
				if c != '\'' || i+1 >= len(s) || !asciiWord[s[i+1]] {
					break
				}
			}
			h ^= uint64(c)
			h *= prime
			i++
		}
		words = append(words, span{int32(start), int32(i)})
		hashes = append(hashes, h)
		ids = append(ids, e.vocab.lookup(h, s[start:i]))
	}
	return words, hashes, ids
}

// wordKey is the form a word is looked up by: the typographic apostrophe
// becomes a plain one.
func wordKey(w string) string {
	for i := 0; i+2 < len(w); i++ {
		if w[i] == 0xe2 && w[i+1] == 0x80 && w[i+2] == 0x99 {
			b := []byte(nil)
			for j := 0; j < len(w); {
				if j+2 < len(w) && w[j] == 0xe2 && w[j+1] == 0x80 && w[j+2] == 0x99 {
					b = append(b, '\'')
					j += 3
					continue
				}
				b = append(b, w[j])
				j++
			}
			return string(b)
		}
	}
	return w
}

// syllables estimates the syllables of a lower-case English word: vowel
// groups, less a silent final e, plus a final consonant+"le"; at least one.
// Digits count one syllable per word.
func syllables(w string) int {
	n := 0
	prevVowel := false
	letters := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			continue
		}
		if c < 'a' || c > 'z' {
			prevVowel = false
			continue
		}
		letters++
		v := c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || (c == 'y' && i > 0)
		if v && !prevVowel {
			n++
		}
		prevVowel = v
	}
	if letters == 0 {
		return 1
	}
	l := len(w)
	if l > 2 && w[l-1] == 'e' && n > 1 {
		switch {
		case w[l-2] == 'l' && l > 3 && !isVowel(w[l-3]):
			// "table", "simple": the e is a syllable of its own
		case w[l-2] == 'e' || isVowel(w[l-2]):
			// "free", "agree"
		default:
			n--
		}
	}
	if l > 3 && (w[l-2:] == "ed" && w[l-3] != 't' && w[l-3] != 'd') && n > 1 {
		n-- // "asked", "shipped"
	}
	if l > 2 && w[l-2:] == "es" && n > 1 && !(l > 3 && (w[l-3] == 's' || w[l-3] == 'x' || w[l-3] == 'z' || w[l-3] == 'c' || w[l-3] == 'g' || w[l-3] == 'h')) {
		n-- // "makes", "times"
	}
	if n < 1 {
		n = 1
	}
	return n
}

func isVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'
}
