package reports

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
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

// Shards' summaries merged give exactly the single run's summary, CSAT
// and unanswered conversations included.
func TestSummaryMergeEqualsSingleRun(t *testing.T) {
	single := NewSummary(RunInfo{})
	shards := []*Summary{NewSummary(RunInfo{}), NewSummary(RunInfo{}), NewSummary(RunInfo{})}
	for i := range 500 {
		r := result(fmt.Sprintf("c%03d", i), []string{"Ana", "Ben", "Cy", "Di"}[i%4], float64(i%1000)/10+0.1, i%3 != 0,
			map[string]float64{"greeting": float64(i % 101), "empathy": float64((i * 7) % 101)})
		switch {
		case i%11 == 0:
			r = unansweredResult(fmt.Sprintf("u%03d", i), "Ben")
		case i%5 != 0: // the others stand for older results, without CSAT
			withCSAT(r, 1+float64(i%41)/10)
		}
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

func withCSAT(r *scoring.Result, v float64) *scoring.Result {
	r.PredictedCSAT = &v
	return r
}

func unansweredResult(id, agent string) *scoring.Result {
	r := result(id, agent, 0, false, nil)
	r.Unanswered = true
	return r
}

// The CSAT mean and distribution cover only results that carry a
// predicted CSAT: an older result without one is not a 0.
func TestSummaryPredictedCSAT(t *testing.T) {
	s := NewSummary(RunInfo{})
	s.Add(withCSAT(result("a", "Ana", 90, true, nil), 4.6))
	s.Add(withCSAT(result("b", "Ana", 40, false, nil), 1.4))
	s.Add(withCSAT(result("c", "Ben", 70, true, nil), 3.5))
	s.Add(withCSAT(result("d", "Ben", 60, true, nil), 2.5))
	s.Add(result("old", "Ben", 80, true, nil))

	if mean, ok := s.CSAT.Mean(); !ok || mean != 3 || s.CSAT.N != 4 {
		t.Errorf("csat mean %v (%v) over %d, want 3 over 4", mean, ok, s.CSAT.N)
	}
	// Rounded half up: 1.4 → 1, 2.5 → 3, 3.5 → 4, 4.6 → 5.
	if want := [5]int{1, 0, 1, 1, 1}; s.CSAT.Buckets != want {
		t.Errorf("csat distribution %v, want %v", s.CSAT.Buckets, want)
	}
	if m, ok := s.Agents["Ana"].CSAT.Mean(); !ok || m != 3 {
		t.Errorf("Ana's csat %v %v, want 3", m, ok)
	}
	if m, ok := s.Agents["Ben"].CSAT.Mean(); !ok || m != 3 {
		t.Errorf("Ben's csat %v %v, want 3 (the result without one left out)", m, ok)
	}
	none := NewSummary(RunInfo{})
	none.Add(result("old", "Ana", 80, true, nil))
	if _, ok := none.CSAT.Mean(); ok {
		t.Error("a run without predicted CSAT has a CSAT mean")
	}
	var text, js bytes.Buffer
	if err := WriteText(&text, s, nil, false, 0); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&js, s, nil); err != nil {
		t.Fatal(err)
	}
	if want := "predicted csat\tmean 3 / 5 over 4 of 5; 1: 1, 2: 0, 3: 1, 4: 1, 5: 1\n"; !strings.Contains(text.String(), want) {
		t.Errorf("console summary lacks %q:\n%s", want, text.String())
	}
	if want := `"predicted_csat": {
    "mean": 3,
    "conversations": 4,
    "distribution": {
      "1": 1,
      "2": 0,
      "3": 1,
      "4": 1,
      "5": 1
    }
  }`; !strings.Contains(js.String(), want) {
		t.Errorf("json summary lacks %s:\n%s", want, js.String())
	}
}

// Unanswered conversations are counted and listed by id, sorted, bounded
// and the same whatever order they came in.
func TestSummaryUnanswered(t *testing.T) {
	a, b := NewSummary(RunInfo{}), NewSummary(RunInfo{})
	for i := range UnansweredKept + 5 {
		r := unansweredResult(fmt.Sprintf("u%04d", UnansweredKept+5-i), "")
		a.Add(r)
		b.Add(unansweredResult(fmt.Sprintf("u%04d", i+1), ""))
	}
	a.Add(result("x", "Ana", 90, true, nil))
	if a.Unanswered != UnansweredKept+5 || len(a.UnansweredIDs) != UnansweredKept || !a.UnansweredTruncated {
		t.Fatalf("unanswered %d, %d ids listed, truncated %v", a.Unanswered, len(a.UnansweredIDs), a.UnansweredTruncated)
	}
	if a.UnansweredIDs[0] != "u0001" || a.UnansweredIDs[UnansweredKept-1] != fmt.Sprintf("u%04d", UnansweredKept) {
		t.Errorf("ids from %s to %s", a.UnansweredIDs[0], a.UnansweredIDs[UnansweredKept-1])
	}
	if !reflect.DeepEqual(a.UnansweredIDs, b.UnansweredIDs) {
		t.Error("the listed ids depend on the order results came in")
	}
	if a.Agents[unknownAgent].Unanswered != UnansweredKept+5 || a.Lowest[0].Unanswered != true {
		t.Errorf("per-agent unanswered %d, lowest %+v", a.Agents[unknownAgent].Unanswered, a.Lowest[0])
	}

	s := NewSummary(RunInfo{})
	s.Add(unansweredResult("z-late", "Ana"))
	s.Add(result("ok", "Ana", 90, true, nil))
	s.Add(unansweredResult("a-early", "Ben"))
	var text bytes.Buffer
	if err := WriteText(&text, s, nil, false, 0); err != nil {
		t.Fatal(err)
	}
	if want := "unanswered\t2: a-early, z-late\n"; !strings.Contains(text.String(), want) {
		t.Errorf("console summary lacks %q:\n%s", want, text.String())
	}
	if want := "a-early\tBen\tchat\t0 unanswered\n"; !strings.Contains(text.String(), want) {
		t.Errorf("console summary lacks %q:\n%s", want, text.String())
	}
}

func TestUnansweredGate(t *testing.T) {
	s := NewSummary(RunInfo{})
	s.Add(result("a", "Ana", 80, true, nil))
	s.Add(result("b", "Ana", 60, true, nil))
	s.Add(unansweredResult("u1", "Ben"))
	s.Add(unansweredResult("u2", ""))
	under, rate := 60.0, 40.0
	gateOf := func(rs []GateResult, name string) GateResult {
		for _, r := range rs {
			if r.Name == name {
				return r
			}
		}
		t.Fatalf("no gate %q in %+v", name, rs)
		return GateResult{}
	}

	// fail (the default): unanswered fail the run, and count as failed
	// conversations with a score of 0.
	got := Gates{FailUnder: &under, MaxFailRate: &rate}.Check(s)
	if g := gateOf(got, "unanswered"); g.Passed || g.Value != 2 ||
		g.Message != "2 conversations got no answer (none allowed; --unanswered skip ignores them)" {
		t.Errorf("unanswered gate %+v", g)
	}
	if g := gateOf(got, "fail-under"); g.Passed || g.Value != 35 || g.Message != "mean score 35 (must be at least 60; 2 unanswered conversations counted as 0)" {
		t.Errorf("fail-under counting unanswered as 0: %+v", g)
	}
	if g := gateOf(got, "max-fail-rate"); g.Passed || g.Value != 50 || g.Message != "50% of conversations did not pass (at most 40% allowed; 2 unanswered conversations counted as failed)" {
		t.Errorf("max-fail-rate counting unanswered as failed: %+v", g)
	}
	// No gate asked for: the unanswered are reported, the run is not
	// failed; --unanswered fail given on its own is a gate.
	if got := (Gates{}).Check(s); len(got) != 0 {
		t.Errorf("no gate flag given, unanswered conversations: %+v, want no gate", got)
	}
	if got := (Gates{UnansweredAsked: true}).Check(s); len(got) != 1 || got[0].Name != "unanswered" || got[0].Passed {
		t.Errorf("--unanswered fail given: %+v, want the unanswered gate failed", got)
	}

	// skip: left out of the mean, the fail rate and the unanswered gate.
	got = Gates{FailUnder: &under, MaxFailRate: &rate, Unanswered: UnansweredSkip}.Check(s)
	if len(Failed(got)) != 0 {
		t.Errorf("--unanswered skip: failed %+v", Failed(got))
	}
	if g := gateOf(got, "fail-under"); g.Value != 70 || g.Message != "mean score 70 (must be at least 60; 2 unanswered conversations left out)" {
		t.Errorf("fail-under under skip: %+v", g)
	}
	if g := gateOf(got, "max-fail-rate"); g.Value != 0 {
		t.Errorf("max-fail-rate under skip: %+v", g)
	}
	if g := gateOf(got, "unanswered"); !g.Passed || g.Message != "2 conversations got no answer (left out of the gates: --unanswered skip)" {
		t.Errorf("unanswered gate under skip: %+v", g)
	}

	// Every conversation unanswered and skipped: nothing left to judge.
	only := NewSummary(RunInfo{})
	only.Add(unansweredResult("u1", "Ben"))
	if failed := Failed(Gates{FailUnder: &under, Unanswered: UnansweredSkip}.Check(only)); len(failed) != 1 || failed[0].Name != "fail-under" ||
		!strings.Contains(failed[0].Message, "nothing to judge") {
		t.Errorf("skip with every conversation unanswered: %+v", failed)
	}

	// A run without unanswered conversations shows the gate only when asked.
	answered := NewSummary(RunInfo{})
	answered.Add(result("a", "Ana", 80, true, nil))
	if got := (Gates{}).Check(answered); len(got) != 0 {
		t.Errorf("gates not asked for: %+v", got)
	}
	if got := (Gates{UnansweredAsked: true}).Check(answered); len(got) != 1 || !got[0].Passed ||
		got[0].Message != "0 conversations got no answer (none allowed; --unanswered skip ignores them)" {
		t.Errorf("--unanswered fail given, none unanswered: %+v", got)
	}
	if _, err := ParseUnansweredMode("ignore"); err == nil || err.Error() != `--unanswered "ignore": use fail or skip` {
		t.Errorf("bad mode error %v", err)
	}
}
