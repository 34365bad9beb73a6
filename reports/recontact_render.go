package reports

import (
	"fmt"
	"sort"
	"time"
)

// writeFCRText prints first contact resolution: the run, the lowest
// agents, every team and channel, then the first re-contacts.
func writeFCRText(p func(string, ...any), st *FCRStats) {
	if st.Identified == 0 {
		p("\nfirst contact resolution\t- (no conversation names its customer by id, e-mail or phone: %s not counted)\n",
			count(st.NoIdentity+st.NoStart, "conversation"))
		return
	}
	p("\nfirst contact resolution\tfcr\tidentified\tresolved\tre-contacted\n")
	row := func(label string, g *FCRGroup) {
		p("%s\t%s\t%d\t%d\t%d\n", label, fcrRate(g), g.Identified, g.Resolved, g.Recontacted)
	}
	row("all", &st.FCRGroup)
	agents := append([]FCRGroup(nil), st.Agents...)
	sort.SliceStable(agents, func(i, j int) bool { return agents[i].Rate() < agents[j].Rate() })
	for i := range agents[:min(len(agents), shownInConsole)] {
		row("agent "+agents[i].Name, &agents[i])
	}
	for i := range st.Teams {
		row("team "+st.Teams[i].Name, &st.Teams[i])
	}
	for i := range st.Channels {
		row("channel "+st.Channels[i].Name, &st.Channels[i])
	}
	note := fmt.Sprintf("re-contact window %s", formatWindow(st.Window))
	if n := len(agents) - shownInConsole; n > 0 {
		note += fmt.Sprintf("; %s more in --summary json", count(n, "agent"))
	}
	if st.NoIdentity > 0 {
		note += fmt.Sprintf("; %s without a customer identity not counted", count(st.NoIdentity, "conversation"))
	}
	if st.NoStart > 0 {
		note += fmt.Sprintf("; %s without a start time not counted", count(st.NoStart, "conversation"))
	}
	p("(%s)\n", note)
	if len(st.Recontacts) == 0 {
		return
	}
	p("\nre-contacted\tagent\tre-contact\tafter\n")
	for _, r := range st.Recontacts[:min(len(st.Recontacts), shownRecontacts)] {
		p("%s\t%s\t%s\t%s\n", r.ID, r.Agent, r.NextID, formatAfter(r.After()))
	}
	switch more := st.Recontacted - min(len(st.Recontacts), shownRecontacts); {
	case st.Truncated:
		p("(%d more; --summary json lists the first %d)\n", more, len(st.Recontacts))
	case more > 0:
		p("(%d more in --summary json)\n", more)
	}
}

func fcrRate(g *FCRGroup) string {
	if g.Identified == 0 {
		return "-"
	}
	return pct(g.Rate()) + "%"
}

// formatAfter says a time between conversations in days and hours, or
// hours and minutes under a day.
func formatAfter(d time.Duration) string {
	if d >= 24*time.Hour {
		return fmt.Sprintf("%dd %dh", d/(24*time.Hour), d%(24*time.Hour)/time.Hour)
	}
	return fmt.Sprintf("%dh %dm", d/time.Hour, d%time.Hour/time.Minute)
}

// fcrJSON is --summary json's "fcr": rates are percentages (0-100, one
// decimal), null for a group without an identified conversation.
type fcrJSON struct {
	Window      string          `json:"window"`
	WindowHours float64         `json:"window_hours"`
	NoIdentity  int             `json:"no_identity"`
	NoStart     int             `json:"no_start"`
	Identified  int             `json:"identified"`
	Resolved    int             `json:"resolved"`
	Recontacted int             `json:"recontacted"`
	FCR         *float64        `json:"fcr"`
	Agents      []fcrGroupJSON  `json:"agents"`
	Teams       []fcrGroupJSON  `json:"teams"`
	Channels    []fcrGroupJSON  `json:"channels"`
	Recontacts  []recontactJSON `json:"recontacts"`
	Truncated   bool            `json:"recontacts_truncated"`
}

type fcrGroupJSON struct {
	Name        string   `json:"name"`
	Identified  int      `json:"identified"`
	Resolved    int      `json:"resolved"`
	Recontacted int      `json:"recontacted"`
	FCR         *float64 `json:"fcr"`
}

type recontactJSON struct {
	ID         string    `json:"id"`
	Agent      string    `json:"agent"`
	Team       string    `json:"team,omitempty"`
	Channel    string    `json:"channel"`
	Start      time.Time `json:"start"`
	NextID     string    `json:"recontact_id"`
	NextAgent  string    `json:"recontact_agent"`
	NextStart  time.Time `json:"recontact_start"`
	AfterHours float64   `json:"after_hours"`
}

func fcrOf(st *FCRStats) *fcrJSON {
	if st == nil {
		return nil
	}
	rate := func(g *FCRGroup) *float64 {
		if g.Identified == 0 {
			return nil
		}
		return ptr(percent(g.Rate()))
	}
	groups := func(list []FCRGroup) []fcrGroupJSON {
		out := make([]fcrGroupJSON, 0, len(list))
		for i := range list {
			g := &list[i]
			out = append(out, fcrGroupJSON{Name: g.Name, Identified: g.Identified, Resolved: g.Resolved, Recontacted: g.Recontacted, FCR: rate(g)})
		}
		return out
	}
	out := &fcrJSON{Window: formatWindow(st.Window), WindowHours: round1(st.Window.Hours()), NoIdentity: st.NoIdentity, NoStart: st.NoStart,
		Identified: st.Identified, Resolved: st.Resolved, Recontacted: st.Recontacted, FCR: rate(&st.FCRGroup),
		Agents: groups(st.Agents), Teams: groups(st.Teams), Channels: groups(st.Channels),
		Recontacts: make([]recontactJSON, 0, len(st.Recontacts)), Truncated: st.Truncated}
	for _, r := range st.Recontacts {
		out.Recontacts = append(out.Recontacts, recontactJSON{ID: r.ID, Agent: r.Agent, Team: r.Team, Channel: r.Channel, Start: r.Start,
			NextID: r.NextID, NextAgent: r.NextAgent, NextStart: r.NextStart, AfterHours: round1(r.After().Hours())})
	}
	return out
}
