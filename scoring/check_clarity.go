package scoring

import (
	"fmt"
	"strings"

	"github.com/iqa-cli/iqa/rubrics"
)

// clarityCheck judges how easy the responder's messages are to read. It
// starts at 100 and deducts:
//   - reading ease: 1.5 points per point of Flesch reading ease below
//     MinReadingEase, at most 45 (only with 20 words or more);
//   - long sentences: 8 each, at most 24;
//   - walls of text (more words than the channel allows in a message): 15
//     each, at most 30;
//   - jargon: 8 each, at most 24;
//   - shouting: 15 each, at most 30;
//   - repeated punctuation ("!!", "?!"): 5 each, at most 15.
type clarityCheck struct {
	minEase       float64
	maxSentence   int
	maxWords      map[string]int
	jargon        *matcher
	shoutWords    int
	repeatedPunct bool
	minEaseWords  int
}

// acronyms are capitalised words that are not shouting.
var acronyms = strings.Fields(`ok id pin pdf url faq usa uk eu us sms api it atm vat tv pc ip dns vpn ssl usb ups dhl fedex
	iban pm am utc gmt cet est pst asap fyi hr ceo nyc wifi dsl gps ios sim eta rma vip`)

func (e *Engine) compileClarity(p *rubrics.ClarityParams) (check, error) {
	c := &clarityCheck{minEase: p.MinReadingEase, maxSentence: p.MaxSentenceWords, maxWords: p.MaxMessageWords,
		shoutWords: p.ShoutingWords, repeatedPunct: p.RepeatedPunctuation, minEaseWords: 20}
	if len(p.Jargon) > 0 {
		m, err := e.compileMatcher(p.Jargon)
		if err != nil {
			return nil, fmt.Errorf("jargon: %w", err)
		}
		c.jargon = m
	}
	return c, nil
}

func (c *clarityCheck) maxMessageWords(channel string) int {
	if n, ok := c.maxWords[channel]; ok {
		return n
	}
	return c.maxWords["default"]
}

// penalty accumulates deductions of one kind up to a cap.
type penalty struct{ each, limit, total float64 }

func (p *penalty) add() { p.total = min(p.total+p.each, p.limit) }

func (c *clarityCheck) run(a *Analysis) outcome {
	if len(a.Responder) == 0 {
		return notApplicable("no " + string(a.ResponderRole) + " turn")
	}
	var ev []Evidence
	var words, sents, syll int
	long := penalty{each: 8, limit: 24}
	wall := penalty{each: 15, limit: 30}
	jarg := penalty{each: 8, limit: 24}
	shout := penalty{each: 15, limit: 30}
	punct := penalty{each: 5, limit: 15}
	maxWords := c.maxMessageWords(a.Channel)
	var found []match
	for _, i := range a.Responder {
		ma := &a.Msgs[i]
		text := a.Conv.Messages[i].Text
		words += len(ma.Words)
		for _, w := range ma.Words {
			syll += syllables(ma.Lower[w.Start:w.End])
		}
		// Sentences: count words per sentence by walking both span lists.
		w := 0
		for _, s := range ma.Sentences {
			n := 0
			for w < len(ma.Words) && ma.Words[w].Start < s.End {
				if ma.Words[w].Start >= s.Start {
					n++
				}
				w++
			}
			if n == 0 {
				continue
			}
			sents++
			if c.maxSentence > 0 && n > c.maxSentence {
				// The scanner splits URLs and addresses into many words;
				// prose's tokenizer has the last word on a long sentence.
				if pn, ok := proseWordCount(text[s.Start:s.End]); ok {
					n = pn
				}
			}
			if c.maxSentence > 0 && n > c.maxSentence {
				long.add()
				e := spanEvidence(a, i, int(s.Start), int(s.End), fmt.Sprintf("long sentence: %d words (limit %d)", n, c.maxSentence), "-")
				v := float64(n)
				e.Value, e.Unit = &v, "words"
				ev = append(ev, e)
			}
		}
		if maxWords > 0 && len(ma.Words) > maxWords {
			wall.add()
			ev = append(ev, valueEvidence(i, float64(len(ma.Words)), "words",
				fmt.Sprintf("wall of text: %d words in one message (limit %d for %s)", len(ma.Words), maxWords, channelName(a.Channel)), "-"))
		}
		if c.jargon != nil {
			found = c.jargon.find(a, i, found[:0])
			for _, f := range found {
				jarg.add()
				ev = append(ev, spanEvidence(a, i, f.Start, f.End, "jargon", "-"))
			}
		}
		if c.shoutWords > 0 {
			for _, s := range shouting(text, ma, a.vocabFlags, c.shoutWords) {
				shout.add()
				ev = append(ev, spanEvidence(a, i, int(s.Start), int(s.End), "shouting: capital letters", "-"))
			}
		}
		if c.repeatedPunct {
			for _, s := range repeatedPunctuation(text) {
				punct.add()
				ev = append(ev, spanEvidence(a, i, int(s.Start), int(s.End), "repeated punctuation", "-"))
			}
		}
	}
	if sents == 0 {
		sents = 1
	}
	ease := 0.0
	easePenalty := 0.0
	if words > 0 {
		ease = 206.835 - 1.015*float64(words)/float64(sents) - 84.6*float64(syll)/float64(words)
	}
	if words >= c.minEaseWords {
		if ease < c.minEase {
			easePenalty = min(1.5*(c.minEase-ease), 45)
			ev = append([]Evidence{valueEvidence(-1, ease, "flesch", fmt.Sprintf("reading ease %.0f is below %.0f", ease, c.minEase), "-")}, ev...)
		} else {
			ev = append([]Evidence{valueEvidence(-1, ease, "flesch", fmt.Sprintf("reading ease %.0f", ease), "+")}, ev...)
		}
	}
	score := 100 - easePenalty - long.total - wall.total - jarg.total - shout.total - punct.total
	var issues []string
	if easePenalty > 0 {
		issues = append(issues, "hard to read")
	}
	for _, x := range []struct {
		p    penalty
		name string
	}{{long, "long sentences"}, {wall, "walls of text"}, {jarg, "jargon"}, {shout, "shouting"}, {punct, "repeated punctuation"}} {
		if x.p.total > 0 {
			issues = append(issues, x.name)
		}
	}
	reason := fmt.Sprintf("clear: reading ease %.0f over %d words", ease, words)
	if words < c.minEaseWords {
		reason = fmt.Sprintf("clear; too few words (%d) to measure reading ease", words)
	}
	if len(issues) > 0 {
		reason = strings.Join(issues, ", ") + fmt.Sprintf(" (reading ease %.0f)", ease)
	}
	return graded(score, reason, ev)
}

// shouting returns runs of at least n consecutive all-capital words of two
// or more letters; acronyms and one-letter words neither count nor break a
// run.
func shouting(text string, ma *msgAnalysis, flags []uint8, n int) []span {
	var out []span
	run := 0
	var start, end int32
	flush := func() {
		if run >= n {
			out = append(out, span{start, end})
		}
		run = 0
	}
	for k, w := range ma.Words {
		word := text[w.Start:w.End]
		letters, upper := 0, 0
		for k := 0; k < len(word); k++ {
			ch := word[k]
			switch {
			case 'A' <= ch && ch <= 'Z':
				letters++
				upper++
			case 'a' <= ch && ch <= 'z':
				letters++
			}
		}
		if letters >= 2 && upper != letters {
			flush()
			continue
		}
		if letters < 2 || ma.IDs[k] >= 0 && flags[ma.IDs[k]]&flagAcronym != 0 {
			continue
		}
		if run == 0 {
			start = w.Start
		}
		run++
		end = w.End
	}
	flush()
	return out
}

// repeatedPunctuation finds runs of two or more of ! and ?.
func repeatedPunctuation(text string) []span {
	var out []span
	for i := 0; i < len(text); i++ {
		if text[i] != '!' && text[i] != '?' {
			continue
		}
		j := i + 1
		for j < len(text) && (text[j] == '!' || text[j] == '?') {
			j++
		}
		if j-i >= 2 {
			out = append(out, span{int32(i), int32(j)})
		}
		i = j - 1
	}
	return out
}
