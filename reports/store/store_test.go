package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/scoring"
)

func TestRecordTwiceAddsNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		st := open(t, url)
		results := gen("c", 50, week0, 0)
		first, added := record(t, st, baseRun("a.csv"), results)
		if !added || len(first.ID) != 20 || first.Conversations != 50 {
			t.Fatalf("first record: added %v, run %+v", added, first)
		}
		again, added := record(t, st, baseRun("a.csv"), results)
		if added || again.ID != first.ID {
			t.Fatalf("the same run recorded again: added %v, id %s (first %s)", added, again.ID, first.ID)
		}
		// Another store handle, as another process would have.
		if _, added := record(t, open(t, url), baseRun("a.csv"), results); added {
			t.Fatal("the same run recorded from another handle was added")
		}
		runs, err := st.Runs(context.Background())
		if err != nil || len(runs) != 1 {
			t.Fatalf("runs after three records of one run: %d, %v", len(runs), err)
		}
		if got := len(readAll(t, st, first.ID)); got != 50 {
			t.Fatalf("results after three records of one run: %d, want 50", got)
		}
		// One changed score is another run.
		changed := gen("c", 50, week0, 0)
		changed[17].Score += 0.1
		other, added := record(t, st, baseRun("a.csv"), changed)
		if !added || other.ID == first.ID {
			t.Fatalf("a run with one score changed: added %v, id %s", added, other.ID)
		}
		// So is the same results under another description.
		if _, added := record(t, st, baseRun("b.csv"), results); !added {
			t.Fatal("the same results from other inputs were not a run of their own")
		}
	})
}

func TestResultsReadBackWhatWasRecorded(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		st := open(t, url)
		results := gen("r", 30, week0, 3)
		run := baseRun("x.jsonl", "y.jsonl")
		run.Selection, run.Shard, run.Rejected, run.Stamp = "agent Ana", "2/4", 3, "2026-03-09T10:00:00Z"
		stored, _ := record(t, st, run, results)
		got, err := st.Run(context.Background(), stored.ID[:8])
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Inputs, run.Inputs) || got.Selection != "agent Ana" || got.Shard != "2/4" || got.Rejected != 3 ||
			got.RubricYAML != run.RubricYAML || got.Rubric != run.Rubric || !got.Time.Equal(time.Date(2026, 3, 9, 10, 0, 0, 0, time.UTC)) {
			t.Fatalf("run read back: %+v", got)
		}
		var sum float64
		passed := 0
		for _, r := range results {
			sum += r.Score
			if r.Passed {
				passed++
			}
		}
		if got.Passed != passed || math.Abs(got.Mean-math.Round(sum/30*100)/100) > 0.0051 {
			t.Fatalf("run counts: passed %d mean %v, want %d and %.2f", got.Passed, got.Mean, passed, sum/30)
		}
		back := readAll(t, st, stored.ID)
		if len(back) != len(results) {
			t.Fatalf("read %d results, recorded %d", len(back), len(results))
		}
		for i, want := range results {
			g := back[i]
			if g.ID != want.ID || g.Agent != want.Agent || g.Team != want.Team || g.Channel != want.Channel ||
				!g.Start.Equal(want.Start) || g.Score != want.Score || g.Passed != want.Passed ||
				g.CriticalFailure != want.CriticalFailure || g.Rubric != want.Rubric {
				t.Fatalf("result %d read back as %+v, recorded %+v", i, g, want)
			}
			if (g.PredictedCSAT == nil) != (want.PredictedCSAT == nil) || (g.PredictedCSAT != nil && *g.PredictedCSAT != *want.PredictedCSAT) {
				t.Fatalf("result %d: predicted CSAT %v, recorded %v", i, g.PredictedCSAT, want.PredictedCSAT)
			}
			if len(g.Criteria) != len(want.Criteria) {
				t.Fatalf("result %d: %d criteria, recorded %d", i, len(g.Criteria), len(want.Criteria))
			}
			for j, c := range want.Criteria {
				gc := g.Criteria[j]
				if gc.ID != c.ID || gc.Name != c.Name || gc.Critical != c.Critical || gc.Score != c.Score || gc.Status != c.Status {
					t.Fatalf("result %d criterion %d: %+v, recorded %+v", i, j, gc, c)
				}
			}
		}
	})
}

func TestRunReferences(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		st := open(t, url)
		var ids []string
		for i := range 3 {
			r, _ := record(t, st, baseRun("w.csv"), gen("w", 5, week0, i))
			ids = append(ids, r.ID)
		}
		ctx := context.Background()
		for ref, want := range map[string]string{"latest": ids[2], "latest~0": ids[2], "latest~1": ids[1], "latest~2": ids[0], ids[1]: ids[1], ids[0][:6]: ids[0]} {
			got, err := st.Run(ctx, ref)
			if err != nil || got.ID != want {
				t.Errorf("run %s: %s, %v; want %s", ref, got.ID, err, want)
			}
		}
		if _, err := st.Run(ctx, "latest~3"); !errors.Is(err, ErrNoRun) {
			t.Errorf("latest~3 of 3 runs: %v", err)
		}
		if _, err := st.Run(ctx, "ffffffffff"); !errors.Is(err, ErrNoRun) {
			t.Errorf("an id not stored: %v", err)
		}
		for _, bad := range []string{"latest~x", "abc", "xyz12345", "latest~-1"} {
			if _, err := st.Run(ctx, bad); err == nil || errors.Is(err, ErrNoRun) {
				t.Errorf("run %q: %v, want a usage error", bad, err)
			}
		}
		runs, _ := st.Runs(ctx)
		if len(runs) != 3 || runs[0].ID != ids[2] || runs[2].ID != ids[0] {
			t.Errorf("runs are not latest first: %v", runs)
		}
	})
}

// expectTrend computes the trend per agent and week from the results, as
// the store should: each conversation's latest result, starts in range.
func expectTrend(runs [][]*scoring.Result, since, until time.Time) []TrendRow {
	latest := map[string]*scoring.Result{}
	for _, run := range runs {
		for _, r := range run {
			latest[r.ID] = r
		}
	}
	type key struct{ week, agent string }
	type acc struct {
		n, passed int
		sum, csat float64
		csatN     int
	}
	accs := map[key]*acc{}
	for _, r := range latest {
		if r.Start.IsZero() || r.Start.Before(since) || !r.Start.Before(until) {
			continue
		}
		d := r.Start.UTC()
		monday := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		for monday.Weekday() != time.Monday {
			monday = monday.AddDate(0, 0, -1)
		}
		k := key{monday.Format("2006-01-02"), r.Agent}
		a := accs[k]
		if a == nil {
			a = &acc{}
			accs[k] = a
		}
		a.n++
		a.sum += r.Score
		if r.Passed {
			a.passed++
		}
		if r.PredictedCSAT != nil {
			a.csat += *r.PredictedCSAT
			a.csatN++
		}
	}
	var out []TrendRow
	for k, a := range accs {
		row := TrendRow{Period: k.week, Group: k.agent, Conversations: a.n, Passed: a.passed,
			Mean: math.Round(a.sum/float64(a.n)*100) / 100, PassRate: math.Round(float64(a.passed)/float64(a.n)*1000) / 10}
		if a.csatN > 0 {
			v := math.Round(a.csat/float64(a.csatN)*100) / 100
			row.CSAT = &v
		}
		out = append(out, row)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Period != out[j].Period {
			return out[i].Period < out[j].Period
		}
		return out[i].Group < out[j].Group
	})
	return out
}

func TestTrendPerAgentPerWeekMatchesTheResults(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		st := open(t, url)
		// Two runs of different weeks, and a third that scores some of
		// the first run's conversations again: they count once, as now.
		week1 := gen("wk1", 120, week0, 1)
		week2 := gen("wk2", 120, week0.AddDate(0, 0, 14), 2)
		again := gen("wk1", 40, week0, 5)
		runs := [][]*scoring.Result{week1, week2, again}
		for i, r := range runs {
			record(t, st, baseRun("run"+string(rune('a'+i))), r)
		}
		for _, span := range []struct{ since, until time.Time }{
			{time.Time{}, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)},
			{week0.AddDate(0, 0, 7), week0.AddDate(0, 0, 21)},
		} {
			got, err := st.Trend(context.Background(), TrendQuery{By: ByAgent, Period: Week, Since: span.since, Until: span.until})
			if err != nil {
				t.Fatal(err)
			}
			want := expectTrend(runs, span.since, span.until)
			if len(want) < 8 {
				t.Fatalf("the test's data makes only %d rows", len(want))
			}
			if !reflect.DeepEqual(trendText(got), trendText(want)) {
				t.Fatalf("trend %v..%v:\n got %v\nwant %v", span.since, span.until, trendText(got), trendText(want))
			}
		}
	})
}

func trendText(rows []TrendRow) []string {
	var out []string
	for _, r := range rows {
		s := fmt.Sprintf("%s %s n=%d mean=%.2f passed=%d rate=%.1f", r.Period, r.Group, r.Conversations, r.Mean, r.Passed, r.PassRate)
		if r.CSAT != nil {
			s += fmt.Sprintf(" csat=%.2f", *r.CSAT)
		}
		out = append(out, s)
	}
	return out
}

func TestTrendByCriterionAndMonth(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		st := open(t, url)
		results := gen("m", 90, week0, 4)
		record(t, st, baseRun("m.csv"), results)
		got, err := st.Trend(context.Background(), TrendQuery{By: ByCriterion, Period: Month})
		if err != nil {
			t.Fatal(err)
		}
		type acc struct{ n, pass, sum int }
		want := map[string]*acc{}
		for _, r := range results {
			if r.Start.IsZero() {
				continue
			}
			for _, c := range r.Criteria {
				if c.Status == scoring.NotApplicable {
					continue
				}
				k := r.Start.Format("2006-01") + "-01 " + c.ID
				if want[k] == nil {
					want[k] = &acc{}
				}
				want[k].n++
				want[k].sum += int(math.Round(c.Score * 10))
				if c.Status == scoring.Pass {
					want[k].pass++
				}
			}
		}
		if len(got) != len(want) || len(got) < 6 {
			t.Fatalf("%d rows, want %d", len(got), len(want))
		}
		for _, row := range got {
			w := want[row.Period+" "+row.Group]
			if w == nil || row.Conversations != w.n || row.Passed != w.pass || row.Mean != math.Round(float64(w.sum)*10/float64(w.n))/100 || row.CSAT != nil {
				t.Errorf("row %+v, want %+v", row, w)
			}
		}
		for _, bad := range []TrendQuery{{By: "customer", Period: Week}, {By: ByAgent, Period: "day"}} {
			if _, err := st.Trend(context.Background(), bad); err == nil {
				t.Errorf("trend %+v: no error", bad)
			}
		}
	})
}

func TestPruneDeletesOldRunsOnly(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		st := open(t, url)
		var ids []string
		for i, stamp := range []string{"2026-01-05T08:00:00Z", "2026-02-02T08:00:00Z", "2026-03-02T08:00:00Z"} {
			run := baseRun("p.csv")
			run.Stamp = stamp
			r, _ := record(t, st, run, gen("p", 20+i, week0, i))
			ids = append(ids, r.ID)
		}
		runs, results, err := st.Prune(context.Background(), time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC))
		if err != nil || runs != 2 || results != 41 {
			t.Fatalf("prune: %d runs, %d results, %v; want 2 and 41", runs, results, err)
		}
		left, _ := st.Runs(context.Background())
		if len(left) != 1 || left[0].ID != ids[2] || len(readAll(t, st, ids[2])) != 22 {
			t.Fatalf("after prune: %v", left)
		}
		if _, err := st.Run(context.Background(), ids[0]); !errors.Is(err, ErrNoRun) {
			t.Fatalf("a pruned run is still found: %v", err)
		}
		got, _ := st.Trend(context.Background(), TrendQuery{By: ByAgent, Period: Week})
		n := 0
		for _, r := range got {
			n += r.Conversations
		}
		if want := len(expectTrend([][]*scoring.Result{gen("p", 22, week0, 2)}, time.Time{}, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))); n == 0 || len(got) != want {
			t.Fatalf("trend after prune has %d rows, want %d", len(got), want)
		}
	})
}

func TestPruningALatestRunMakesTheRunBeforeItLatest(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		st := open(t, url)
		older, newer := baseRun("a.csv"), baseRun("b.csv")
		// Recorded later, but stamped earlier: pruned first.
		older.Stamp, newer.Stamp = "2026-03-01T00:00:00Z", "2025-01-01T00:00:00Z"
		first := gen("x", 60, week0, 1)
		record(t, st, older, first)
		record(t, st, newer, gen("x", 60, week0, 2))
		if _, _, err := st.Prune(context.Background(), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		got, err := st.Trend(context.Background(), TrendQuery{By: ByAgent, Period: Week})
		if err != nil {
			t.Fatal(err)
		}
		if want := expectTrend([][]*scoring.Result{first}, time.Time{}, farFuture); !reflect.DeepEqual(trendText(got), trendText(want)) {
			t.Fatalf("trend after pruning the latest run:\n got %v\nwant %v", trendText(got), trendText(want))
		}
	})
}

// failAfter is a context whose Err turns to Canceled after n calls: a
// run stopped part way through its ingest, deterministically.
type failAfter struct {
	context.Context
	n int
}

func (f *failAfter) Err() error {
	if f.n--; f.n < 0 {
		return context.Canceled
	}
	return nil
}

func TestAStoppedIngestLeavesNothingAndARerunCompletesIt(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		st := open(t, url)
		results := gen("k", 300, week0, 6)
		// Stopped at each step in turn (the run's row written, its
		// results, its criteria...): the transaction takes all of it
		// back, until the run is allowed to reach its commit.
		stopped := 0
		for n := 0; ; n++ {
			rec := recording(t, st, baseRun("k.csv"), results)
			run, added, err := st.Record(&failAfter{Context: context.Background(), n: n}, rec)
			rec.Close()
			if err == nil {
				if !added || len(readAll(t, st, run.ID)) != 300 || stopped < 3 {
					t.Fatalf("the run recorded after %d stops: added %v", stopped, added)
				}
				break
			}
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("record stopped at step %d: %v", n, err)
			}
			stopped++
			if runs, _ := st.Runs(context.Background()); len(runs) != 0 {
				t.Fatalf("an ingest stopped at step %d left %d runs", n, len(runs))
			}
			if got, _ := st.Trend(context.Background(), TrendQuery{By: ByCriterion, Period: Week}); len(got) != 0 {
				t.Fatalf("an ingest stopped at step %d left criteria: %v", n, got)
			}
		}
	})
}

func TestARecordingClosedUnrecordedLeavesNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		st := open(t, url)
		rec := recording(t, st, baseRun("c.csv"), gen("c", 100, week0, 1))
		if err := rec.Close(); err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.Record(context.Background(), rec); err == nil {
			t.Fatal("a closed recording was recorded")
		}
		if runs, _ := st.Runs(context.Background()); len(runs) != 0 {
			t.Fatalf("a closed recording left %d runs", len(runs))
		}
		// Its connection went back to the pool without its staged rows.
		_, added := record(t, st, baseRun("d.csv"), gen("d", 10, week0, 2))
		if r, _ := st.Run(context.Background(), "latest"); !added || r.Conversations != 10 {
			t.Fatalf("the next recording: added %v, %+v", added, r)
		}
	})
}
