package scoring

import (
	"fmt"
	"regexp"
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

var (
	reMyNameIs = regexp.MustCompile(`(?i)\b(?:my name is|my name's|i am|i'm|this is)\s+(\p{Lu}[\p{L}'-]+)`)
	reNameHere = regexp.MustCompile(`(?:^|[.!?]\s+|,\s+)(\p{Lu}[\p{L}'-]+) here\b`)
	reSignOff  = regexp.MustCompile(`(?i)(?:^|\n)(?:thanks|thank you|regards|best regards|kind regards|best|cheers|sincerely|many thanks)[,!.]?\s*\n\s*(\p{L}[\p{L}'-]+)`)
)

// customerName returns the customer's first name and evidence of where it
// came from.
func customerName(a *Analysis) (string, Evidence, bool) {
	if n := firstName(a.Conv.Customer); n != "" {
		return n, Evidence{Message: -1, Text: a.Conv.Customer, Note: "customer name from the conversation"}, true
	}
	for _, i := range a.Customer {
		text := a.Conv.Messages[i].Text
		for _, re := range []*regexp.Regexp{reMyNameIs, reNameHere, reSignOff} {
			for _, loc := range re.FindAllStringSubmatchIndex(text, 4) {
				name := text[loc[2]:loc[3]]
				if notNames[strings.ToLower(name)] || !startsUpper(name) {
					continue
				}
				return strings.ToLower(name), Evidence{Message: i, Start: loc[2], End: loc[3], Text: name, Note: "the customer gave their name"}, true
			}
		}
	}
	return "", Evidence{}, false
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
	return lowerSameLen(w)
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
