package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/scoring"
)

// BenchmarkRecord records a run of 100,000 results of 13 criteria each
// (as many as the default rubric has) into a new SQLite store: spooling as
// they come, then the one transaction that writes them.
func BenchmarkRecord(b *testing.B) {
	results := gen("b", 100000, week0, 1)
	for _, r := range results {
		for i := len(r.Criteria); i < 13; i++ {
			c := r.Criteria[i%3]
			c.ID = fmt.Sprintf("extra_%d", i)
			r.Criteria = append(r.Criteria, c)
		}
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		st, err := Open(context.Background(), filepath.Join(b.TempDir(), fmt.Sprintf("bench-%d.db", i)), OpenOptions{})
		if err != nil {
			b.Fatal(err)
		}
		rec, err := st.Begin(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range results {
			if err := rec.Add(r); err != nil {
				b.Fatal(err)
			}
		}
		if _, added, err := st.Record(context.Background(), rec); err != nil || !added {
			b.Fatal(added, err)
		}
		rec.Close()
		st.Close()
	}
	b.ReportMetric(float64(len(results))*float64(b.N)/b.Elapsed().Seconds(), "results/s")
}

// realistic spreads the n-th of a million results over a year and 100
// agents, as a contact centre's year would be.
func realistic(r *scoring.Result, n int) {
	r.Start = week0.Add(time.Duration(n%(365*24*60)) * time.Minute * 1)
	r.Agent = fmt.Sprintf("agent-%03d", n%100)
}

// BenchmarkTrend asks a store of 1,000,000 results (ten runs of 100,000,
// a year of 100 agents) for the weekly trend per agent.
func BenchmarkTrend(b *testing.B) {
	st, err := Open(context.Background(), filepath.Join(b.TempDir(), "trend.db"), OpenOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	for i := range 10 {
		rec, err := st.Begin(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		for j, r := range gen(fmt.Sprintf("t%d", i), 100000, week0, i) {
			realistic(r, i*100000+j)
			rec.Add(r)
		}
		if _, _, err := st.Record(context.Background(), rec); err != nil {
			b.Fatal(err)
		}
		rec.Close()
	}
	b.ResetTimer()
	for b.Loop() {
		rows, err := st.Trend(context.Background(), TrendQuery{By: ByAgent, Period: Week})
		if err != nil || len(rows) == 0 {
			b.Fatal(len(rows), err)
		}
	}
}
