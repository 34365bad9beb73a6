package reports

import (
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/scoring"
	"github.com/iqa-cli/iqa/transcript"
)

func TestRedactText(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"e-mail", "write to ana.souza+help@mail.example.co.uk today", "write to xxx.xxxxx+xxxx@xxxx.xxxxxxx.xx.xx today"},
		{"card with spaces, Luhn-valid", "card 4111 1111 1111 1111 ok", "card xxxx xxxx xxxx xxxx ok"},
		{"card with dashes", "5500-0000-0000-0004.", "xxxx-xxxx-xxxx-xxxx."},
		{"grouped digits failing Luhn are not a card", "ref 4111 1111 1111 1112 ok", "ref 4111 1111 1111 1112 ok"},
		{"international phone", "call +44 20 7946 0958 now", "call +xx xx xxxx xxxx now"},
		{"phone with brackets", "(555) 123-4567", "(xxx) xxx-xxxx"},
		{"long digit run", "account 12345678", "account xxxxxxxx"},
		{"short numbers stay", "order #40213 on 2026-03-02 at 09:14, £5", "order #40213 on 2026-03-02 at 09:14, £5"},
		{"non-ASCII text keeps its bytes", "Chloé: tél 06 12 34 56 78 — merci", "Chloé: tél xx xx xx xx xx — merci"},
		{"nothing to mask", "Hello Bob", "Hello Bob"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := RedactText(c.in)
			if got != c.want {
				t.Errorf("RedactText(%q) = %q, want %q", c.in, got, c.want)
			}
			if len(got) != len(c.in) {
				t.Errorf("length %d, want %d", len(got), len(c.in))
			}
		})
	}
}

func TestRedactResultKeepsEvidenceSpans(t *testing.T) {
	text := "Sure, mail me at bob@example.com or call 0044 20 7946 0958. Sorry!"
	r := &scoring.Result{Customer: "bob@example.com", Transcript: []transcript.Message{{Role: transcript.Agent, Text: text}},
		Criteria: []scoring.CriterionResult{{ID: "empathy", Evidence: []scoring.Evidence{
			{Message: 0, Start: strings.Index(text, "Sorry"), End: strings.Index(text, "Sorry") + 5, Text: "Sorry"},
			{Message: 0, Start: 17, End: 32, Text: "bob@example.com"}}}},
		Meta: map[string]string{"requester": "bob@example.com"}}
	RedactResult(r)
	got := r.Transcript[0].Text
	if strings.Contains(got, "bob@") || strings.Contains(got, "7946") || len(got) != len(text) {
		t.Errorf("transcript %q", got)
	}
	ev := r.Criteria[0].Evidence
	if got[ev[0].Start:ev[0].End] != "Sorry" || ev[1].Text != "xxx@xxxxxxx.xxx" || got[ev[1].Start:ev[1].End] != ev[1].Text {
		t.Errorf("evidence %+v on %q", ev, got)
	}
	if r.Customer != RedactName("bob@example.com", "customer") || r.Meta["requester"] != "xxx@xxxxxxx.xxx" {
		t.Errorf("customer %q meta %q", r.Customer, r.Meta)
	}
}

func TestRedactNameGivesStablePseudonyms(t *testing.T) {
	joyce := RedactName("joyce@example.com", "agent")
	for _, c := range []struct{ name, in, role, want string }{
		{"a plain name is kept", "Ana Souza", "agent", "Ana Souza"},
		{"no name stays none", "", "agent", ""},
		{"an e-mail address becomes a pseudonym", "joyce@example.com", "agent", joyce},
		{"the same name, the same pseudonym", "joyce@example.com", "agent", joyce},
		{"a pseudonym is kept, so redacting twice changes nothing", joyce, "agent", joyce},
		{"a phone number", "+1 415 555 0199", "customer", "customer 9a90f056"},
		{"an unknown role", "omar@example.com", "system", "author 0de61b11"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := RedactName(c.in, c.role); got != c.want {
				t.Errorf("RedactName(%q, %q) = %q, want %q", c.in, c.role, got, c.want)
			}
		})
	}
	if !strings.HasPrefix(joyce, "agent ") || strings.Contains(joyce, "joyce") {
		t.Errorf("pseudonym %q", joyce)
	}
	if other := RedactName("omar@example.com", "agent"); other == joyce {
		t.Errorf("two agents share the pseudonym %q", other)
	}
}

func TestRedactResultNamesAgentAndAuthorsAlike(t *testing.T) {
	r := &scoring.Result{Agent: "joyce@example.com", Customer: "Bob",
		Transcript: []transcript.Message{{Role: transcript.Agent, Author: "joyce@example.com"}, {Role: transcript.Customer, Author: "Bob"},
			{Role: transcript.Agent, Author: "omar@example.com"}}}
	RedactResult(r)
	if r.Agent == "joyce@example.com" || r.Transcript[0].Author != r.Agent || r.Transcript[1].Author != "Bob" ||
		r.Transcript[2].Author != RedactName("omar@example.com", "agent") {
		t.Errorf("agent %q, authors %+v", r.Agent, r.Transcript)
	}
}

func FuzzRedactTextKeepsLength(f *testing.F) {
	for _, s := range []string{"4111 1111 1111 1111", "a@b.co", "+1 (555) 123-4567", "Chloé 06 12 34 56 78", "2026-03-02"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := RedactText(s); len(got) != len(s) {
			t.Errorf("RedactText(%q) changed the length: %q", s, got)
		}
	})
}
