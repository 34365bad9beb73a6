package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"

	"github.com/iqa-cli/iqa/scoring"
)

// Redaction masks personal data in text before any report shows it:
// e-mail addresses, phone numbers, payment card numbers (those that pass
// the Luhn check) and long runs of digits (accounts, ids). Letters and
// digits become 'x'; separators stay, and so does the byte length, so that
// evidence spans (byte offsets) still point at the same words.

var (
	emailRe = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)
	// A card: 13 to 19 digits, optionally grouped by spaces or dashes.
	cardRe = regexp.MustCompile(`\b\d(?:[ -]?\d){12,18}\b`)
	// A phone number: 9 to 15 digits with the usual separators, optionally
	// after a +; dates and times are told apart below.
	phoneRe   = regexp.MustCompile(`(?:\+|\b)\d[\d ().-]{7,20}\d\b`)
	dateRe    = regexp.MustCompile(`^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$`)
	digitRunR = regexp.MustCompile(`\d{6,}`)
)

// RedactText masks e-mail addresses, phone numbers, payment card numbers and
// long digit runs in s, keeping its byte length and every non-alphanumeric
// byte.
func RedactText(s string) string {
	if !strings.ContainsAny(s, "0123456789@") {
		return s
	}
	var spans [][]int
	spans = append(spans, emailRe.FindAllStringIndex(s, -1)...)
	for _, m := range cardRe.FindAllStringIndex(s, -1) {
		if luhn(s[m[0]:m[1]]) {
			spans = append(spans, m)
		}
	}
	for _, m := range phoneRe.FindAllStringIndex(s, -1) {
		if n := countDigits(s[m[0]:m[1]]); n >= 9 && n <= 15 && !dateRe.MatchString(strings.TrimSpace(s[m[0]:m[1]])) {
			spans = append(spans, m)
		}
	}
	spans = append(spans, digitRunR.FindAllStringIndex(s, -1)...)
	if len(spans) == 0 {
		return s
	}
	b := []byte(s)
	for _, m := range spans {
		for i := m[0]; i < m[1]; i++ {
			if c := b[i]; c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
				b[i] = 'x'
			}
		}
	}
	return string(b)
}

// luhn reports whether the digits of s pass the Luhn check that every
// payment card number passes.
func luhn(s string) bool {
	sum, n := 0, 0
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c < '0' || c > '9' {
			continue
		}
		d := int(c - '0')
		if n%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		n++
	}
	return n >= 13 && sum%10 == 0
}

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

// pseudonymRe matches what RedactName returns, so that masking a masked
// result again (iqa report --redact on redacted shards) changes nothing.
var pseudonymRe = regexp.MustCompile(`^(?:agent|customer|bot|author) [0-9a-f]{8}$`)

// RedactName replaces a person's name that holds personal data (an e-mail
// address, a phone number: many exports name people so) with a pseudonym:
// the role and a short hash of the name, "agent 3f2a9c0d". The same name
// always gets the same pseudonym, in every run and shard, and different
// names different ones, so agents stay apart in every figure. A name
// without personal data is kept.
func RedactName(name, role string) string {
	if name == "" || RedactText(name) == name || pseudonymRe.MatchString(name) {
		return name
	}
	switch role {
	case "agent", "customer", "bot":
	default:
		role = "author"
	}
	sum := sha256.Sum256([]byte(name))
	return role + " " + hex.EncodeToString(sum[:4])
}

// RedactResult masks personal data in place in everything of r a report
// shows as text: the transcript, the agent's, customer's and authors'
// names (often e-mail addresses, replaced by a pseudonym), evidence,
// reasons and metadata. Ids are kept, so that results still join with
// their sources.
func RedactResult(r *scoring.Result) {
	agent, customer := r.Agent, r.Customer
	r.Agent = RedactName(agent, "agent")
	r.Customer = RedactName(customer, "customer")
	for i := range r.Transcript {
		m := &r.Transcript[i]
		m.Text = RedactText(m.Text)
		switch {
		case m.Author == agent:
			m.Author = r.Agent
		case m.Author == customer:
			m.Author = r.Customer
		default:
			m.Author = RedactName(m.Author, string(m.Role))
		}
	}
	for i := range r.Criteria {
		cr := &r.Criteria[i]
		cr.Reason = RedactText(cr.Reason)
		for j := range cr.Evidence {
			ev := &cr.Evidence[j]
			ev.Text = RedactText(ev.Text)
			ev.Note = RedactText(ev.Note)
		}
	}
	for k, v := range r.Meta {
		r.Meta[k] = RedactText(v)
	}
}
