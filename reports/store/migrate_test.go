package store

import (
	"context"
	"database/sql"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/scoring"
)

func schemaOf(t *testing.T, url string) (*sql.DB, dialect) {
	t.Helper()
	d, dsn, _, err := source(url, true)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open(d.driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, d
}

func TestMigrateAnEmptyStore(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		open(t, url).Close()
		open(t, url).Close() // opening again applies nothing twice
		db, _ := schemaOf(t, url)
		var n, v int
		if err := db.QueryRow(`SELECT COUNT(*), MAX(version) FROM schema_version`).Scan(&n, &v); err != nil {
			t.Fatal(err)
		}
		if n != SchemaVersion() || v != SchemaVersion() {
			t.Fatalf("schema_version holds %d rows up to %d, want %d", n, v, SchemaVersion())
		}
	})
}

func TestMigrateFromVersion1KeepsItsRuns(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		v1, err := Open(context.Background(), url, OpenOptions{schema: 1})
		if err != nil {
			t.Fatal(err)
		}
		old, _ := record(t, v1, baseRun("v1.csv"), gen("v", 40, week0, 1))
		// A later run scores 20 of those conversations again: after
		// migrating, trends count them once, with the later score.
		again := gen("v", 20, week0, 7)
		record(t, v1, baseRun("again.csv"), again)
		v1.Close()
		db, d := schemaOf(t, url)
		if indexes(t, db, d) != "" {
			t.Fatalf("a version 1 store has indexes: %s", indexes(t, db, d))
		}

		st := open(t, url)
		if got := len(readAll(t, st, old.ID)); got != 40 {
			t.Fatalf("after migrating, the version 1 run has %d results, want 40", got)
		}
		if idx := indexes(t, db, d); idx != "results_by_conversation results_by_start runs_by_time" {
			t.Fatalf("indexes after migrating to version %d: %q", SchemaVersion(), idx)
		}
		got, err := st.Trend(context.Background(), TrendQuery{By: ByAgent, Period: Week})
		if err != nil {
			t.Fatal(err)
		}
		want := expectTrend([][]*scoring.Result{gen("v", 40, week0, 1), again}, time.Time{}, farFuture)
		if !reflect.DeepEqual(trendText(got), trendText(want)) {
			t.Fatalf("trend after migrating:\n got %v\nwant %v", trendText(got), trendText(want))
		}
		if _, added := record(t, st, baseRun("v2.csv"), gen("v", 40, week0, 2)); !added {
			t.Fatal("a run after migrating was not added")
		}
		if _, added := record(t, st, baseRun("v1.csv"), gen("v", 40, week0, 1)); added {
			t.Fatal("the version 1 run recorded again after migrating was added")
		}
	})
}

func indexes(t *testing.T, db *sql.DB, d dialect) string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name`
	if d.dollar {
		q = `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key' ORDER BY indexname`
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	return strings.Join(names, " ")
}

func TestANewerSchemaIsRefused(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		open(t, url).Close()
		db, d := schemaOf(t, url)
		if _, err := db.Exec(d.rebind(`INSERT INTO schema_version (version, applied_at, about) VALUES (?, 0, 'from the future')`), SchemaVersion()+1); err != nil {
			t.Fatal(err)
		}
		_, err := Open(context.Background(), url, OpenOptions{})
		if err == nil || !strings.Contains(err.Error(), "newer than this iqa") {
			t.Fatalf("a store of a newer schema: %v", err)
		}
	})
}

func TestMessagesNeverShowAPassword(t *testing.T) {
	for _, url := range []string{"postgres://qa:s3cret@db.internal:5432/iqa?sslmode=disable", "postgresql://qa:s3cret@db.internal/iqa"} {
		if name := DisplayName(url); strings.Contains(name, "s3cret") || !strings.Contains(name, "db.internal") {
			t.Errorf("DisplayName(%q) = %q", url, name)
		}
		_, _, name, err := source(url, true)
		if err != nil || strings.Contains(name, "s3cret") {
			t.Errorf("source(%q) names it %q, %v", url, name, err)
		}
	}
	if got := DisplayName("sqlite:runs/iqa.db"); got != "runs/iqa.db" {
		t.Errorf("DisplayName of a SQLite path: %q", got)
	}
}
