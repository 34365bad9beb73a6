package scoring

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/iqa-cli/iqa/rubrics"
)

// personalizationCheck asks whether the responder addressed the customer
// by name at least MinUses times. The name is the first name of the
// conversation's customer, or the name the customer gave ("my name is
// Dana", "this is Dana", "Dana here", an e-mail sign-off). Scores 100 at
// MinUses, proportionally less below; not applicable when no name is known.
type personalizationCheck struct{ minUses int }

func compilePersonalization(p *rubrics.PersonalizationParams) (check, error) {
	return &personalizationCheck{minUses: max(p.MinUses, 1)}, nil
}

// notNames are words that fill a customer field or follow "this is"
// without being a name.
var notNames = map[string]bool{"customer": true, "visitor": true, "guest": true, "user": true, "unknown": true,
	"anonymous": true, "client": true, "caller": true, "me": true, "not": true, "the": true, "a": true, "an": true,
	"it": true, "so": true, "very": true, "really": true, "about": true, "regarding": true, "just": true, "still": true,
	"what": true, "ridiculous": true, "unacceptable": true, "urgent": true, "my": true, "your": true, "sir": true,
	"madam": true, "team": true, "support": true, "thanks": true, "thank": true, "regards": true, "cheers": true,
	"best": true, "hi": true, "hello": true, "hey": true, "dear": true, "no": true, "yes": true, "ok": true, "okay": true}

// customerName returns the customer's first name (lower-cased) and
// evidence of where it came from.
func customerName(a *Analysis) (string, Evidence, bool) {
	if n := firstName(a.Conv.Customer); n != "" {
		return n, Evidence{Message: -1, Text: a.Conv.Customer, Note: "customer name from the conversation"}, true
	}
	for _, i := range a.Customer {
		if sp, ok := selfIntroduction(a, i); ok {
			text := a.Conv.Messages[i].Text
			return a.Msgs[i].Lower[sp.Start:sp.End], Evidence{Message: i, Start: int(sp.Start), End: int(sp.End),
				Text: text[sp.Start:sp.End], Note: "the customer gave their name"}, true
		}
	}
	return "", Evidence{}, false
}

// selfIntroduction finds the name a customer gives in message i: "my name
// is Dana", "I'm Dana", "this is Dana", "Dana here", or an e-mail sign-off
// ("Thanks,\nDana"). The name must be capitalised and end the phrase (a
// comma, full stop, "and", "from" or the end follows), so "I'm Very
// upset" names nobody.
func selfIntroduction(a *Analysis, i int) (span, bool) {
	ma := &a.Msgs[i]
	text := a.Conv.Messages[i].Text
	ws := ma.Words
	w := func(k int) string {
		if k < 0 || k >= len(ws) {
			return ""
		}
		return ma.Lower[ws[k].Start:ws[k].End]
	}
	ok := func(k int) bool {
		if k < 0 || k >= len(ws) {
			return false
		}
		name := text[ws[k].Start:ws[k].End]
		if !startsUpper(name) || utf8.RuneCountInString(name) < 2 || notNames[w(k)] || strings.ContainsAny(name, "0123456789'’") {
			return false
		}
		rest := strings.TrimLeft(text[ws[k].End:], " ")
		if rest == "" || strings.ContainsRune(",.!?;\n", rune(rest[0])) {
			return true
		}
		switch w(k + 1) {
		case "and", "from", "here", "speaking", "again", "calling", "writing":
			return true
		}
		return false
	}
	for k := range ws {
		cand := -1
		switch w(k) {
		case "my":
			if w(k+1) == "name" && w(k+2) == "is" {
				cand = k + 3
			} else if w(k+1) == "name's" || w(k+1) == "name’s" {
				cand = k + 2
			}
		case "i'm", "i’m", "im":
			cand = k + 1
		case "i":
			if w(k+1) == "am" {
				cand = k + 2
			}
		case "this":
			if w(k+1) == "is" {
				cand = k + 2
			}
		case "here":
			// "Dana here" at the start of the message or a sentence.
			if k > 0 && (k == 1 || strings.ContainsAny(text[ws[k-2].End:ws[k-1].Start], ".,!?\n")) {
				cand = k - 1
			}
		}
		if cand >= 0 && ok(cand) {
			return ws[cand], true
		}
	}
	// An e-mail sign-off: a line of one name after a line of thanks or
	// regards.
	if strings.Contains(text, "\n") {
		lines := strings.Split(strings.TrimRight(text, "\n "), "\n")
		if len(lines) >= 2 {
			last := strings.TrimSpace(lines[len(lines)-1])
			prev := strings.ToLower(strings.Trim(strings.TrimSpace(lines[len(lines)-2]), ",.!-"))
			switch prev {
			case "thanks", "thank you", "many thanks", "regards", "best regards", "kind regards", "best", "cheers",
				"sincerely", "yours sincerely", "best wishes", "warm regards", "thanks in advance":
				end := len(strings.TrimRight(text, "\n "))
				start := end - len(last)
				for k, sp := range ws {
					if int(sp.Start) == start && int(sp.End) == end && startsUpper(last) && !notNames[w(k)] {
						return sp, true
					}
				}
			}
		}
	}
	return span{}, false
}

// firstName is the first word of a customer field that looks like a name:
// letters only, not an e-mail address or a placeholder.
func firstName(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "@0123456789") {
		return ""
	}
	f := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	if len(f) == 0 {
		return ""
	}
	w := f[0]
	// "Mr Smith", "Ms. Lee": the title is not the name to use alone, but
	// "Mr Smith" is how to address them; match on the surname.
	switch strings.ToLower(strings.TrimSuffix(w, ".")) {
	case "mr", "mrs", "ms", "miss", "dr", "mx":
		if len(f) > 1 {
			w = f[1]
		}
	}
	if utf8.RuneCountInString(w) < 2 || notNames[strings.ToLower(w)] {
		return ""
	}
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '\'' && r != '-' {
			return ""
		}
	}
	l, _ := lowerSameLen(w)
	return l
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func (c *personalizationCheck) run(a *Analysis) outcome {
	if len(a.Responder) == 0 {
		return notApplicable("no " + string(a.ResponderRole) + " turn")
	}
	name, src, ok := customerName(a)
	if !ok {
		return notApplicable("the customer's name is not known")
	}
	key := wordKey(name)
	ev := []Evidence{src}
	uses := 0
	for _, i := range a.Responder {
		ma := &a.Msgs[i]
		for w, sp := range ma.Words {
			if wordKey(a.word(i, w)) == key {
				uses++
				ev = append(ev, spanEvidence(a, i, int(sp.Start), int(sp.End), "uses the customer's name", "+"))
				break // one use per turn
			}
		}
	}
	display := src.Text
	score := 100 * float64(min(uses, c.minUses)) / float64(c.minUses)
	if uses == 0 {
		ev = append(ev, Evidence{Message: -1, Note: fmt.Sprintf("the %s never used the name %q", a.ResponderRole, display), Effect: "-"})
		return graded(0, fmt.Sprintf("never addressed the customer as %q", display), ev)
	}
	return graded(score, fmt.Sprintf("used the customer's name in %s (wanted %d)", plural(uses, "turn"), c.minUses), ev)
}
