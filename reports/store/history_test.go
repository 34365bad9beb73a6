package store

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/iqa-cli/iqa/scoring"
)

func TestAgentHistoryMatchesTheAgentsLatestResults(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		st := open(t, url)
		old := gen("a", 60, week0, 1)
		record(t, st, baseRun("old.csv"), old)
		// The second run scores the first 30 conversations again,
		// differently: those count with their new result only.
		again := gen("a", 30, week0, 2)
		record(t, st, baseRun("again.csv"), again)
		latest := map[string]*scoring.Result{}
		for _, r := range append(slices.Clone(old), again...) {
			latest[r.ID] = r
		}
		type acc struct{ n, pass, sum int }
		overall, crits := map[string]*acc{}, map[string]*acc{}
		add := func(m map[string]*acc, k string, score float64, pass bool) {
			if m[k] == nil {
				m[k] = &acc{}
			}
			m[k].n++
			m[k].sum += int(math.Round(score * 10))
			if pass {
				m[k].pass++
			}
		}
		for _, r := range latest {
			if r.Agent != "Ben" || r.Start.IsZero() {
				continue
			}
			p := r.Start.Format("2006-01") + "-01"
			add(overall, p, r.Score, r.Passed)
			for _, c := range r.Criteria {
				if c.Status != scoring.NotApplicable {
					add(crits, p+" "+c.ID, c.Score, c.Status == scoring.Pass)
				}
			}
		}
		got, err := AgentHistory(context.Background(), st, AgentQuery{Agent: "Ben", Period: Month, Weakest: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(overall) || len(got) < 2 {
			t.Fatalf("%d periods, want %d", len(got), len(overall))
		}
		mean := func(a *acc) float64 { return math.Round(float64(a.sum)*10/float64(a.n)) / 100 }
		for i, p := range got {
			if i > 0 && got[i-1].Period >= p.Period {
				t.Errorf("periods out of order: %s then %s", got[i-1].Period, p.Period)
			}
			w := overall[p.Period]
			if w == nil || p.Conversations != w.n || p.Passed != w.pass || p.Mean != mean(w) || p.PassRate != math.Round(float64(w.pass)*1000/float64(w.n))/10 {
				t.Errorf("period %+v, want %+v", p, w)
			}
			if len(p.Criteria) == 0 {
				t.Errorf("period %s: no criteria", p.Period)
			}
			for _, c := range p.Criteria {
				w := crits[p.Period+" "+c.ID]
				if w == nil || c.Conversations != w.n || c.Passed != w.pass || c.Mean != mean(w) {
					t.Errorf("period %s criterion %+v, want %+v", p.Period, c, w)
				}
			}
			failing := 0
			for _, c := range p.Criteria {
				if c.Passed < c.Conversations {
					failing++
				}
			}
			if len(p.Weakest) != min(2, failing) {
				t.Errorf("period %s: weakest %v of %d failing", p.Period, p.Weakest, failing)
			}
			for _, id := range p.Weakest {
				if w := figures(p, id); w.Passed == w.Conversations {
					t.Errorf("period %s: weakest %s never failed", p.Period, id)
				}
				for _, c := range p.Criteria {
					if !slices.Contains(p.Weakest, c.ID) && c.Passed < c.Conversations && c.Mean < figures(p, id).Mean {
						t.Errorf("period %s: %s (%v) is weaker than %s in %v", p.Period, c.ID, c.Mean, id, p.Weakest)
					}
				}
			}
		}
		agents, err := Agents(context.Background(), st)
		if err != nil || !slices.Equal(agents, []string{"Ana", "Ben", "Chloé", "Dev"}) {
			t.Errorf("agents %v, %v", agents, err)
		}
		if _, err := AgentHistory(context.Background(), st, AgentQuery{Agent: "Bem", Period: Week}); !errors.Is(err, ErrNoAgent) {
			t.Errorf("unknown agent: %v, want ErrNoAgent", err)
		}
		span, err := AgentHistory(context.Background(), st, AgentQuery{Agent: "Ben", Period: Week, Since: farFuture})
		if err != nil || len(span) != 0 {
			t.Errorf("empty span: %v, %v", span, err)
		}
	})
}

func figures(p AgentPeriod, id string) CriterionFigures {
	for _, c := range p.Criteria {
		if c.ID == id {
			return c
		}
	}
	return CriterionFigures{}
}
