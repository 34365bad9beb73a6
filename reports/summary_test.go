package reports

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/scoring"
)

func result(id, agent string, score float64, passed bool, crit map[string]float64) *scoring.Result {
	r := &scoring.Result{ID: id, Agent: agent, Channel: "chat", Score: score, Passed: passed,
		Start: time.Date(2026, 1, 2+len(id)%3, 9, 0, 0, 0, time.UTC)}
	for _, cid := range []string{"greeting", "empathy"} {
		cr := scoring.CriterionResult{ID: cid, Status: scoring.NotApplicable}
		if v, ok := crit[cid]; ok {
			cr.Score, cr.Status = v, scoring.Pass
			if v < 50 {
				cr.Status = scoring.Fail
			}
		}
		r.Criteria = append(r.Criteria, cr)
	}
	return r
}

func TestSummaryFigures(t *testing.T) {
	s := NewSummary(RunInfo{})
	s.Add(result("a", "Ana", 90, true, map[string]float64{"greeting": 100, "empathy": 80}))
	s.Add(result("b", "Ana", 40.5, false, map[string]float64{"greeting": 0}))
	s.Add(result("c", "Ben", 70, true, map[string]float64{"greeting": 100, "empathy": 40}))
	s.Add(result("d", "Ben", 20.1, false, nil))

	if s.Conversations != 4 || s.Passed != 2 || s.Mean() != 55.15 || s.Median() != 55.25 {
		t.Errorf("counts %d passed %d mean %v median %v", s.Conversations, s.Passed, s.Mean(), s.Median())
	}
	g := s.Criteria["greeting"]
	if g.Applicable != 3 || g.Failed != 1 || g.NotApplicable != 1 || g.Mean() != 200.0/3 {
		t.Errorf("greeting stats %+v mean %v", g, g.Mean())
	}
	if e := s.Criteria["empathy"]; e.Mean() != 60 || e.FailRate() != 0.5 {
		t.Errorf("empathy mean %v fail rate %v", e.Mean(), e.FailRate())
	}
	if got := s.RankedAgents(); got[0].Name != "Ben" || got[0].Mean() != 45.05 {
		t.Errorf("lowest agent %s %v", got[0].Name, got[0].Mean())
	}
	if s.Lowest[0].ID != "d" || s.Lowest[3].ID != "a" {
		t.Errorf("lowest order %v", s.Lowest)
	}
	if b := s.Buckets(); b[2] != 1 || b[4] != 1 || b[7] != 1 || b[9] != 1 {
		t.Errorf("buckets %v", b)
	}
}

// Shards' summaries merged give exactly the single run's summary.
func TestSummaryMergeEqualsSingleRun(t *testing.T) {
	single := NewSummary(RunInfo{})
	shards := []*Summary{NewSummary(RunInfo{}), NewSummary(RunInfo{}), NewSummary(RunInfo{})}
	for i := range 500 {
		r := result(fmt.Sprintf("c%03d", i), []string{"Ana", "Ben", "Cy", "Di"}[i%4], float64(i%1000)/10+0.1, i%3 != 0,
			map[string]float64{"greeting": float64(i % 101), "empathy": float64((i * 7) % 101)})
		single.Add(r)
		shards[i%3].Add(r)
	}
	merged := NewSummary(RunInfo{})
	for _, s := range shards {
		merged.Merge(s)
	}
	// Criterion order can differ only if shards saw criteria in another
	// order; here every result lists them alike.
	if !reflect.DeepEqual(merged, single) {
		t.Errorf("merged summary differs from the single run:\nmerged mean %v median %v\nsingle mean %v median %v",
			merged.Mean(), merged.Median(), single.Mean(), single.Median())
	}
}

func TestGates(t *testing.T) {
	s := NewSummary(RunInfo{})
	s.Add(result("a", "Ana", 80, true, nil))
	s.Add(result("b", "Ana", 50, false, nil))
	s.CriticalFailures = 1
	under, rate := 70.0, 40.0
	got := Gates{FailUnder: &under, MaxFailRate: &rate, FailOnCritical: true}.Check(s)
	if len(got) != 3 || got[0].Passed || got[0].Value != 65 || got[1].Passed || got[1].Value != 50 || got[2].Passed {
		t.Fatalf("gates: %+v", got)
	}
	under, rate = 65, 50
	s.CriticalFailures = 0
	if failed := Failed(Gates{FailUnder: &under, MaxFailRate: &rate, FailOnCritical: true}.Check(s)); len(failed) != 0 {
		t.Errorf("gates at the boundary failed: %+v", failed)
	}
}

func TestGatesFailWhenNothingWasScored(t *testing.T) {
	under, rate := 0.0, 100.0
	got := Gates{FailUnder: &under, MaxFailRate: &rate, FailOnCritical: true}.Check(NewSummary(RunInfo{}))
	if len(got) != 3 || len(Failed(got)) != 3 {
		t.Fatalf("gates on a run that scored nothing: %+v, want all three failed", got)
	}
	if got[0].Message != "no conversation was scored, so there is nothing to judge" {
		t.Errorf("message %q", got[0].Message)
	}
	if got := (Gates{}).Check(NewSummary(RunInfo{})); len(got) != 0 {
		t.Errorf("no gate asked for, yet %+v", got)
	}
}
