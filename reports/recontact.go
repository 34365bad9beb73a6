package reports

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/iqa-cli/iqa/scoring"
)

// First contact resolution (FCR) within one batch: a conversation is
// re-contacted when the same customer opens another conversation within
// the window after it, and it was resolved (its resolution criterion
// passed, or the export's status says so). FCR is the share of
// conversations with a customer identity that were not re-contacted.
// Customers whose identity cannot be read are counted apart, never
// guessed.

// DefaultRecontactWindow is how soon after a resolved conversation another
// one of the same customer counts as a re-contact.
const DefaultRecontactWindow = 7 * 24 * time.Hour

// RecontactsKept bounds the re-contacted conversations listed in --summary
// json; the console shows the first shownRecontacts.
const (
	RecontactsKept  = 1000
	shownRecontacts = 10
)

// identityKeys are metadata keys that importers (or CSV columns) fill with
// an id of the customer rather than of the conversation, most specific
// first.
var identityKeys = []string{"customer_id", "requester_id", "contact_id", "contact", "customer_email",
	"requester_email", "contact_email", "customer_phone", "customer_handle"}

// resolvedStatuses are export statuses (meta "status") that mark a
// conversation resolved, as the default rubric's resolution criterion
// reads them.
var resolvedStatuses = map[string]bool{"solved": true, "resolved": true, "closed": true, "done": true, "completed": true}

// ParseRecontactWindow reads a window as a Go duration ("36h") or a number
// of days ("7d").
func ParseRecontactWindow(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n > 3650 {
			return 0, fmt.Errorf("--recontact-window %q: give days as a whole number up to 3650 (7d) or a duration (36h)", s)
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("--recontact-window %q: give a duration such as 7d or 36h", s)
		}
	}
	if d <= 0 {
		return 0, fmt.Errorf("--recontact-window %q: give a window longer than zero, such as 7d", s)
	}
	return d, nil
}

// formatWindow says a window in days or hours when it is whole ones.
func formatWindow(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return d.String()
}

// CustomerIdentity returns the customer's identity in r, normalised
// (trimmed, lower case; a phone number as its digits), or "" when there is
// none to trust: a customer id from the metadata, else the customer's name
// when it is an e-mail address, a phone number, an id (one word holding a
// digit) or a redaction pseudonym. A plain name is not an identity: two
// customers may share it. Call it before masking: masked metadata
// ("xxxxxxx") is not an identity.
func CustomerIdentity(r *scoring.Result) string {
	for _, k := range identityKeys {
		if k == "contact_id" && r.Meta["platform"] == "contact-lens" {
			continue // Amazon Connect's contact id names the call, not the customer
		}
		if id := identityOf(r.Meta[k]); id != "" {
			return id
		}
	}
	return identityOf(r.Customer)
}

func identityOf(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	switch {
	case s == "" || len(s) > 256:
		return ""
	case pseudonymRe.MatchString(s):
		return s
	case masked(s):
		return ""
	case emailRe.FindString(s) == s:
		return s
	}
	if d := phoneDigits(s); d != "" {
		return "tel:" + d
	}
	if !strings.Contains(s, " ") && strings.ContainsAny(s, "0123456789") {
		return s
	}
	return ""
}

// phoneDigits returns the digits of a phone number (7 to 15 digits with
// the usual separators, optionally after a +), or "".
func phoneDigits(s string) string {
	var b strings.Builder
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
			b.WriteRune(c)
		case c == '+' && i == 0, c == ' ', c == '-', c == '.', c == '(', c == ')':
		default:
			return ""
		}
	}
	if n := b.Len(); n < 7 || n > 15 {
		return ""
	}
	return b.String()
}

// masked reports whether s is what RedactText leaves of personal data:
// only x's and separators.
func masked(s string) bool {
	return strings.Contains(s, "xxx") && strings.Trim(s, "x.@+-() _") == ""
}

// Resolved reports whether r was resolved: its resolution criterion passed,
// or the export's status is a resolved one.
func Resolved(r *scoring.Result) bool {
	for i := range r.Criteria {
		if cr := &r.Criteria[i]; cr.Kind == "resolution" && cr.Status == scoring.Pass {
			return true
		}
	}
	return resolvedStatuses[strings.ToLower(strings.TrimSpace(r.Meta["status"]))]
}

// contact is what re-contact finding keeps of one result.
type contact struct {
	identity             string
	start                time.Time
	id                   string
	seq                  int
	agent, team, channel string
	resolved             bool
}

// Recontacts collects the results of a run and finds its re-contacts. It
// keeps a small record per result with an identity, so a batch fits in
// memory; the figures do not depend on the order results come in.
type Recontacts struct {
	window     time.Duration
	contacts   []contact
	noIdentity int
	noStart    int
}

// NewRecontacts starts collecting with the given window.
func NewRecontacts(window time.Duration) *Recontacts {
	return &Recontacts{window: window}
}

// Add records r under identity (from CustomerIdentity, taken before the
// result was masked; the agent's name and the rest are taken as shown).
func (rc *Recontacts) Add(r *scoring.Result, identity string) {
	switch {
	case identity == "":
		rc.noIdentity++
		return
	case r.Start.IsZero():
		rc.noStart++
		return
	}
	rc.contacts = append(rc.contacts, contact{identity: identity, start: r.Start.UTC(), id: r.ID, seq: r.Seq,
		agent: orUnknown(r.Agent), team: r.Team, channel: r.Channel, resolved: Resolved(r)})
}

// FCRStats is first contact resolution over a run.
type FCRStats struct {
	Window time.Duration
	FCRGroup
	// NoIdentity counts conversations without a customer identity;
	// NoStart those with one but without a start time. Neither is in the
	// figures.
	NoIdentity, NoStart int
	Agents              []FCRGroup
	Teams               []FCRGroup
	Channels            []FCRGroup
	// Recontacts lists re-contacted conversations by start (the first
	// RecontactsKept; Truncated says when there were more).
	Recontacts []Recontact
	Truncated  bool
}

// FCRGroup is FCR over the identified conversations of a group (the run,
// an agent, a team, a channel); a re-contact counts against the
// conversation before it.
type FCRGroup struct {
	Name        string
	Identified  int
	Resolved    int
	Recontacted int
}

// Rate is the share (0-1) of identified conversations resolved at first
// contact: resolved, and the customer did not come back within the window.
// An unresolved conversation is no first-contact resolution, so an agent
// who resolves nothing scores 0, not 100.
func (g *FCRGroup) Rate() float64 {
	return ratio(float64(g.Resolved-g.Recontacted), g.Identified)
}

// Recontact is a resolved conversation and the customer's next one within
// the window.
type Recontact struct {
	ID, Agent, Team, Channel string
	Start                    time.Time
	NextID, NextAgent        string
	NextStart                time.Time
}

// After is the time from the conversation to the re-contact.
func (r *Recontact) After() time.Duration { return r.NextStart.Sub(r.Start) }

// Stats finds the re-contacts and the FCR figures.
func (rc *Recontacts) Stats() *FCRStats {
	cs := rc.contacts
	sort.Slice(cs, func(i, j int) bool {
		a, b := &cs[i], &cs[j]
		if a.identity != b.identity {
			return a.identity < b.identity
		}
		if !a.start.Equal(b.start) {
			return a.start.Before(b.start)
		}
		if a.id != b.id {
			return a.id < b.id
		}
		return a.seq < b.seq
	})
	st := &FCRStats{Window: rc.window, NoIdentity: rc.noIdentity, NoStart: rc.noStart}
	agents, teams, channels := map[string]*FCRGroup{}, map[string]*FCRGroup{}, map[string]*FCRGroup{}
	var found []Recontact
	for i := range cs {
		c := &cs[i]
		next := rc.next(cs, i)
		groups := []*FCRGroup{&st.FCRGroup, fcrGroup(agents, c.agent), fcrGroup(channels, c.channel)}
		if c.team != "" {
			groups = append(groups, fcrGroup(teams, c.team))
		}
		for _, g := range groups {
			g.Identified++
			if c.resolved {
				g.Resolved++
			}
			if next != nil {
				g.Recontacted++
			}
		}
		if next != nil {
			found = append(found, Recontact{ID: c.id, Agent: c.agent, Team: c.team, Channel: c.channel, Start: c.start,
				NextID: next.id, NextAgent: next.agent, NextStart: next.start})
		}
	}
	sort.Slice(found, func(i, j int) bool {
		if !found[i].Start.Equal(found[j].Start) {
			return found[i].Start.Before(found[j].Start)
		}
		return found[i].ID < found[j].ID
	})
	if len(found) > RecontactsKept {
		found, st.Truncated = found[:RecontactsKept], true
	}
	st.Recontacts = found
	st.Agents, st.Teams, st.Channels = sortedFCR(agents), sortedFCR(teams), sortedFCR(channels)
	return st
}

// next returns the re-contact of cs[i] (sorted by identity and start): the
// customer's next conversation that starts later, within the window, when
// cs[i] was resolved.
func (rc *Recontacts) next(cs []contact, i int) *contact {
	c := &cs[i]
	if !c.resolved {
		return nil
	}
	for j := i + 1; j < len(cs) && cs[j].identity == c.identity; j++ {
		if d := cs[j].start.Sub(c.start); d > 0 {
			if d <= rc.window {
				return &cs[j]
			}
			return nil
		}
	}
	return nil
}

func fcrGroup(m map[string]*FCRGroup, name string) *FCRGroup {
	g := m[name]
	if g == nil {
		g = &FCRGroup{Name: name}
		m[name] = g
	}
	return g
}

func sortedFCR(m map[string]*FCRGroup) []FCRGroup {
	out := make([]FCRGroup, 0, len(m))
	for _, g := range m {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
