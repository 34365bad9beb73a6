package reports

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"time"
)

// agentPage is what coach-agent.tmpl renders.
type agentPage struct {
	Assets    any
	Title     string
	Agent     string
	Team      *teamFigures
	Row       coachRow
	TooFew    bool
	Min       int
	Figures   []figure
	Criteria  template.HTML
	Strengths []strength
	Focus     []focusArea
	Trend     template.HTML
	Review    []*convView
	Period    string
	// LowCSAT are the agent's conversations with the lowest predicted
	// CSAT, with what brought it down.
	LowCSAT []lowCSATView
}

type lowCSATView struct {
	ID, CSAT, Class string
	Evidence        []string
}

// coachRow is an agent's line in the index.
type coachRow struct {
	Name, File, Team, Mean, PassRate, Rank, Focus, CSAT string
	N, Critical                                         int
	// CSATValue sorts the CSAT column; -1 when none carried one.
	MeanValue, PassValue, RankValue, CSATValue float64
	TooFew                                     bool
	Class                                      string
}

type coachIndex struct {
	Assets any
	Title  string
	Team   *teamFigures
	Rows   []coachRow
	Min    int
	// Unnamed counts the conversations without an agent name.
	Unnamed int
}

type strength struct {
	Name, Mean, Team, Why string
	Example               *moment
}

type focusArea struct {
	Name, Mean, Team, Failed, Coaching string
	Excerpts                           []*moment
	Example                            *moment
}

func (c *Coach) agentPage(a *agentCoach, team *teamFigures) *agentPage {
	g := c.sum.Agents[a.name]
	if g == nil { // only when results and summary disagree; show what we have
		g = &GroupStats{Name: a.name}
	}
	p := &agentPage{Assets: pageAssets, Title: "Coaching · " + a.name, Agent: a.name, Team: team, Min: c.opts.MinConversations,
		TooFew: g.Conversations < c.opts.MinConversations}
	row := coachRow{Name: a.name, File: AgentFile(a.name), Team: a.team, N: g.Conversations, Mean: num(g.Mean()), MeanValue: g.Mean(),
		PassRate: pct(g.PassRate()) + "%", PassValue: g.PassRate(), Critical: g.CriticalFailures, TooFew: p.TooFew,
		Class: scoreClass(g.Mean()), RankValue: -1, Rank: "too few to judge", CSAT: "–", CSATValue: -1}
	if m, ok := g.CSAT.Mean(); ok {
		row.CSAT, row.CSATValue = num(m), m
	}
	rank := ""
	if !p.TooFew {
		pr := percentBelow(team.rankedMeans, g.Mean())
		row.RankValue, row.Rank = pr, fmt.Sprintf("%s%%", num(pr))
		rank = fmt.Sprintf("above %s%% of %d ranked agents", num(pr), team.Ranked)
	}
	if !a.first.IsZero() {
		p.Period = a.first.UTC().Format("2006-01-02") + " to " + a.last.UTC().Format("2006-01-02")
	}
	spread := ""
	if team.Q1 != "" {
		spread = "middle half of agents " + team.Q1 + "–" + team.Q3
	}
	p.Figures = []figure{
		{Label: "conversations", Value: fmt.Sprint(g.Conversations), Note: p.Period},
		{Label: "mean score", Value: num(g.Mean()), Note: "team average " + team.MeanText + prefixed("; ", spread), Class: scoreClass(g.Mean())},
		{Label: "pass rate", Value: row.PassRate, Note: fmt.Sprintf("%d of %d passed", g.Passed, g.Conversations), Class: scoreClass(g.PassRate() * 100)},
		{Label: "critical failures", Value: fmt.Sprint(g.CriticalFailures), Class: badIfAny(g.CriticalFailures)},
	}
	p.Figures = append(p.Figures, agentCSATFigure(&g.CSAT, &c.sum.CSAT, g.Conversations))
	if f, ok := surveyFigure(c.sum.Surveys, g.Name); ok {
		p.Figures = append(p.Figures, f)
	}
	for _, it := range a.lowCSAT.sorted() {
		p.LowCSAT = append(p.LowCSAT, lowCSATView{ID: it.ID, CSAT: num(it.CSAT), Class: csatClass(it.CSAT), Evidence: it.Evidence})
	}
	if p.TooFew {
		p.Figures = append(p.Figures, figure{Label: "rank", Value: "–", Note: fmt.Sprintf("too few conversations to judge (fewer than %d)", c.opts.MinConversations)})
	} else {
		p.Figures = append(p.Figures, figure{Label: "rank percentile", Value: row.Rank, Note: rank})
	}

	// Per criterion: the agent's mean against the team's.
	var bars []barRow
	type scored struct {
		id     string
		impact float64
	}
	var focus []scored
	for _, id := range team.Order {
		am, ok := a.crit[id]
		if !ok || am.n == 0 {
			continue
		}
		tm := team.CriterionMeans[id]
		mean := am.mean()
		class := "good"
		switch {
		case mean < tm-10:
			class = "bad"
		case mean < tm:
			class = "warn"
		}
		tmv := tm
		bars = append(bars, barRow{Label: team.CriterionNames[id], Value: mean, Marker: &tmv, Class: class,
			Note: "team average " + num(tm), Sub: "their mean from " + count(am.n, "conversation")})
		if f := a.failed[id]; f > 0 {
			// The points the criterion would add to the agent's score: its
			// weight, the gap to full marks, and how often it fails. A
			// critical failure costs the whole conversation's score, as if
			// every criterion had scored 0.
			weight, gap := team.CriterionWeights[id], 100-mean
			if team.Critical[id] {
				weight, gap = team.TotalWeight, 100
			}
			focus = append(focus, scored{id, weight * gap * float64(f) / float64(am.n)})
		}
		if !p.TooFew {
			if why, ok := clearlyAbove(am, c.crit[id]); ok {
				var ex *moment
				if b := a.best[id].sorted(); len(b) > 0 {
					ex = b[0]
				}
				p.Strengths = append(p.Strengths, strength{Name: team.CriterionNames[id], Mean: num(mean), Team: num(tm), Why: why, Example: ex})
			}
		}
	}
	if len(bars) > 0 {
		p.Criteria = barsSVG("Criteria: "+a.name+" against the team", bars, "bar: "+a.name+"   tick: team mean")
	}
	sort.SliceStable(focus, func(i, j int) bool { return focus[i].impact > focus[j].impact })
	for _, f := range focus[:min(len(focus), coachFocus)] {
		am := a.crit[f.id]
		coaching := c.opts.Coaching[f.id]
		p.Focus = append(p.Focus, focusArea{Name: team.CriterionNames[f.id], Mean: num(am.mean()), Team: num(team.CriterionMeans[f.id]),
			Failed:   fmt.Sprintf("failed %d of %d (%s%%)", a.failed[f.id], am.n, pct(float64(a.failed[f.id])/float64(am.n))),
			Coaching: coaching, Excerpts: a.fails[f.id].sorted(), Example: c.teamExample(f.id, a.name)})
		if row.Focus == "" {
			row.Focus = team.CriterionNames[f.id]
		}
	}
	if !a.first.IsZero() && a.last.Sub(a.first) >= 14*24*time.Hour {
		p.Trend = trendSVG("Mean score by week: "+a.name, weeklyPoints(a.weeks), "week")
	}
	for _, it := range a.review.sorted() {
		p.Review = append(p.Review, it.view)
	}
	if row.Focus == "" {
		row.Focus = "–"
	}
	p.Row = row
	return p
}

// agentCSATFigure is an agent's mean predicted CSAT against the team's;
// "–" when none of their results carries one.
func agentCSATFigure(agent, team *CSATStats, conversations int) figure {
	f := figure{Label: "predicted CSAT", Value: "–", Note: "no result carries one"}
	m, ok := agent.Mean()
	if !ok {
		return f
	}
	f.Value, f.Class = num(m)+" / 5", csatClass(m)
	f.Note = fmt.Sprintf("mean of %d of %d", agent.N, conversations)
	if tm, ok := team.Mean(); ok {
		f.Note += "; team average " + num(tm)
	}
	return f
}

// clearlyAbove reports whether an agent's criterion mean is above the
// team's by more than noise: at least 2 points and two standard errors of
// the difference.
func clearlyAbove(agent, team *moments) (string, bool) {
	if agent == nil || team == nil || agent.n < 2 || team.n < 2 {
		return "", false
	}
	diff := agent.mean() - team.mean()
	se := math.Sqrt(agent.variance()/float64(agent.n) + team.variance()/float64(team.n))
	if diff < 2 || diff <= 2*se {
		return "", false
	}
	return fmt.Sprintf("+%s points over %d conversations (±%s)", num(diff), agent.n, num(2*se)), true
}

func weeklyPoints(weeks map[string]*moments) []trendPoint {
	keys := make([]string, 0, len(weeks))
	for k := range weeks {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	pts := make([]trendPoint, len(keys))
	for i, k := range keys {
		var y, w int
		fmt.Sscanf(k, "%d-W%d", &y, &w)
		pts[i] = trendPoint{Label: k, Mean: weeks[k].mean(), N: weeks[k].n, Period: weekPeriod(isoWeekMonday(y, w))}
	}
	return pts
}
