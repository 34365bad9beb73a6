package scoring

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/iqa-cli/iqa/rubrics"
	"github.com/iqa-cli/iqa/transcript"
)

// phrasesCheck requires or forbids phrases in one speaker's turns: pass
// (100) or fail (0), nothing between.
type phrasesCheck struct {
	forbid  bool
	speaker transcript.Role
	scope   string
	turns   int
	m       *matcher
}

func (e *Engine) compilePhrases(p *rubrics.PhrasesParams) (check, error) {
	c := &phrasesCheck{scope: p.Scope, turns: p.Turns}
	switch p.Mode {
	case "require", "":
	case "forbid":
		c.forbid = true
	default:
		return nil, fmt.Errorf("mode %q: want require or forbid", p.Mode)
	}
	switch p.Speaker {
	case "agent", "":
		c.speaker = transcript.Agent
	case "customer":
		c.speaker = transcript.Customer
	case "bot":
		c.speaker = transcript.Bot
	default:
		return nil, fmt.Errorf("speaker %q: want agent, bot or customer", p.Speaker)
	}
	switch p.Scope {
	case "anywhere", "":
		c.scope = "anywhere"
	case "first", "last":
		if c.turns <= 0 {
			c.turns = 1
		}
	default:
		return nil, fmt.Errorf("scope %q: want anywhere, first or last", p.Scope)
	}
	if len(p.Phrases) == 0 {
		return nil, fmt.Errorf("no phrases")
	}
	m, err := e.compileMatcher(p.Phrases)
	if err != nil {
		return nil, err
	}
	c.m = m
	return c, nil
}

func (c *phrasesCheck) run(a *Analysis) outcome {
	var turns []int
	switch c.speaker {
	case transcript.Customer:
		turns = a.Customer
	case transcript.Agent:
		turns = a.Agents
	case transcript.Bot:
		turns = a.Bots
	}
	if len(turns) == 0 {
		return notApplicable(fmt.Sprintf("the %s never wrote", c.speaker))
	}
	where := "anywhere"
	switch c.scope {
	case "first":
		if len(turns) > c.turns {
			turns = turns[:c.turns]
		}
		where = fmt.Sprintf("in the %s's first %s", c.speaker, plural(c.turns, "turn"))
	case "last":
		if len(turns) > c.turns {
			turns = turns[len(turns)-c.turns:]
		}
		where = fmt.Sprintf("in the %s's last %s", c.speaker, plural(c.turns, "turn"))
	default:
		where = fmt.Sprintf("in the %s's turns", c.speaker)
	}
	var found []match
	var ev []Evidence
	for _, i := range turns {
		found = c.m.find(a, i, found[:0])
		for _, f := range found {
			effect := "+"
			note := "required phrase"
			if c.forbid {
				effect, note = "-", "forbidden phrase"
			}
			ev = append(ev, spanEvidence(a, i, f.Start, f.End, note, effect))
		}
		if !c.forbid && len(ev) > 0 {
			break // one is enough
		}
	}
	switch {
	case c.forbid && len(ev) > 0:
		return outcome{Score: 0, Status: Fail, Reason: fmt.Sprintf("forbidden %q %s", ev[0].Text, where), Evidence: ev}
	case c.forbid:
		return outcome{Score: 100, Status: Pass, Reason: "no forbidden phrase " + where}
	case len(ev) > 0:
		return outcome{Score: 100, Status: Pass, Reason: fmt.Sprintf("found %q %s", ev[0].Text, where), Evidence: ev}
	}
	return outcome{Score: 0, Status: Fail, Reason: "none of the required phrases " + where,
		Evidence: []Evidence{{Message: -1, Note: "expected one of: " + phraseList(c.m.phrases, 6), Effect: "-"}}}
}

// phraseList names up to n phrases as people read them: a regular
// expression of one group of words ("re:good (morning|afternoon)") as
// "good morning/afternoon", and any other left out and counted with the
// rest.
func phraseList(ps []rubrics.Phrase, n int) string {
	var b strings.Builder
	shown := 0
	for _, p := range ps {
		text, ok := readablePhrase(p)
		if !ok {
			continue
		}
		if shown == n {
			break
		}
		if shown > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", text)
		shown++
	}
	if more := len(ps) - shown; more > 0 {
		if shown > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "… (%d more)", more)
	}
	return b.String()
}

// alternationRe is a regular expression people can read: words, one
// group of alternative words, words, with optional word boundaries.
var alternationRe = regexp.MustCompile(`^(?:\\b)?([\pL\pN' ,!-]*)\((?:\?:)?([\pL\pN' |-]+)\)([\pL\pN' ,!-]*?)(?:\\b)?$`)

// readablePhrase is a phrase as a trainer reads it, or false for a
// regular expression that cannot be said in words.
func readablePhrase(p rubrics.Phrase) (string, bool) {
	if !p.IsRegexp() {
		return string(p), true
	}
	pat := strings.TrimSuffix(strings.TrimPrefix(p.Pattern(), `\b`), `\b`)
	if regexp.QuoteMeta(pat) == pat && pat != "" {
		return pat, true
	}
	if m := alternationRe.FindStringSubmatch(p.Pattern()); m != nil {
		return m[1] + strings.ReplaceAll(m[2], "|", "/") + m[3], true
	}
	return "", false
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
