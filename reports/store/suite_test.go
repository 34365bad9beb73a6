package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/scoring"
)

// backend is one database the suite runs against.
type backend struct {
	name string
	// url returns the URL of a new, empty store for one test.
	url func(t testing.TB) string
}

// backends are SQLite always, and PostgreSQL when IQA_TEST_POSTGRES_URL
// names a server; with IQA_REQUIRE_POSTGRES=1 a missing server fails the
// suite instead of skipping it (CI sets both, see .ci/postgres).
func backends(t testing.TB) []backend {
	bs := []backend{{"sqlite", func(t testing.TB) string { return filepath.Join(t.TempDir(), "iqa.db") }}}
	pg := os.Getenv("IQA_TEST_POSTGRES_URL")
	switch {
	case pg != "":
		bs = append(bs, backend{"postgres", func(t testing.TB) string { return postgresSchema(t, pg) }})
	case os.Getenv("IQA_REQUIRE_POSTGRES") == "1":
		t.Fatal("IQA_REQUIRE_POSTGRES=1 but IQA_TEST_POSTGRES_URL is not set: start a server with '. .ci/postgres'")
	default:
		t.Log("PostgreSQL not tested: set IQA_TEST_POSTGRES_URL (see .ci/postgres)")
	}
	return bs
}

// postgresSchema makes a schema of its own for one test, so tests share
// the server's database without seeing each other, and drops it after.
func postgresSchema(t testing.TB, base string) string {
	var b [6]byte
	rand.Read(b[:])
	schema := "iqa_test_" + hex.EncodeToString(b[:])
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		db.Close()
		t.Fatalf("postgres at %s: %v", base, err)
	}
	t.Cleanup(func() {
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	})
	sep := "?"
	if containsQuery(base) {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

func containsQuery(u string) bool {
	for _, r := range u {
		if r == '?' {
			return true
		}
	}
	return false
}

// eachBackend runs fn as a subtest per backend.
func eachBackend(t *testing.T, fn func(t *testing.T, url string)) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) { fn(t, b.url(t)) })
	}
}

func open(t testing.TB, url string) Store {
	t.Helper()
	st, err := Open(context.Background(), url, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// gen makes n results: agents, teams and channels in turn, starts spread
// over weeks from start, scores and statuses that vary, some without a
// predicted CSAT and some without a start.
func gen(prefix string, n int, start time.Time, salt int) []*scoring.Result {
	agents := []string{"Ana", "Ben", "Chloé", "Dev"}
	teams := []string{"billing", "tech"}
	channels := []string{"chat", "email", "call"}
	out := make([]*scoring.Result, n)
	for i := range out {
		k := i*7 + salt*13
		score := float64((k*37)%1001) / 10
		r := &scoring.Result{
			Schema: scoring.ResultSchema, Seq: i, ID: fmt.Sprintf("%s-%04d", prefix, i),
			Agent: agents[k%len(agents)], Team: teams[(k/3)%len(teams)], Channel: channels[(k/2)%len(channels)],
			Start: start.Add(time.Duration(i) * 37 * time.Hour),
			Score: score, Passed: score >= 70, CriticalFailure: k%11 == 0,
			Rubric: scoring.RubricRef{Name: "default", Version: "3", Hash: "abc123def456"},
		}
		if i%9 == 4 {
			r.Start = time.Time{}
		}
		if i%5 != 0 {
			v := float64(10+(k*3)%41) / 10
			r.PredictedCSAT = &v
		}
		for j, id := range []string{"greeting", "empathy", "resolution"} {
			st := scoring.Pass
			cs := float64((k*(j+3))%1001) / 10
			switch {
			case (k+j)%6 == 0:
				st, cs = scoring.NotApplicable, 0
			case cs < 60:
				st = scoring.Fail
			}
			r.Criteria = append(r.Criteria, scoring.CriterionResult{ID: id, Name: "The " + id, Critical: id == "resolution", Score: cs, Status: st})
		}
		out[i] = r
	}
	return out
}

func recording(t testing.TB, st Store, run Run, results []*scoring.Result) *Recording {
	t.Helper()
	rec, err := st.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rec.Close() })
	rec.Run = run
	for _, r := range results {
		if err := rec.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	return rec
}

func record(t testing.TB, st Store, run Run, results []*scoring.Result) (Run, bool) {
	t.Helper()
	got, added, err := st.Record(context.Background(), recording(t, st, run, results))
	if err != nil {
		t.Fatal(err)
	}
	return got, added
}

func readAll(t testing.TB, st Store, id string) []*scoring.Result {
	t.Helper()
	var out []*scoring.Result
	if err := st.Results(context.Background(), id, func(r *scoring.Result) error {
		out = append(out, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

var (
	week0     = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // a Monday
	farFuture = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
)

func baseRun(inputs ...string) Run {
	return Run{Rubric: scoring.RubricRef{Name: "default", Version: "3", Hash: "abc123def456"}, RubricYAML: "name: default\n", Inputs: inputs}
}
