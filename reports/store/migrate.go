package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// migrations are the schema's versions, applied in order on open; the
// store's schema_version table says which it has. A migration is never
// changed once released: a change of schema is a new migration.
var migrations = []struct {
	about string
	stmts []string
}{
	{"runs, results and criteria", []string{
		`CREATE TABLE runs (
			seq {{serial}},
			id TEXT NOT NULL UNIQUE,
			run_time BIGINT NOT NULL,
			recorded_at BIGINT NOT NULL,
			stamp TEXT NOT NULL,
			rubric_name TEXT NOT NULL,
			rubric_version TEXT NOT NULL,
			rubric_hash TEXT NOT NULL,
			rubric_yaml TEXT NOT NULL,
			inputs TEXT NOT NULL,
			selection TEXT NOT NULL,
			shard TEXT NOT NULL,
			criteria TEXT NOT NULL,
			conversations INTEGER NOT NULL,
			passed INTEGER NOT NULL,
			rejected INTEGER NOT NULL,
			mean_score DOUBLE PRECISION NOT NULL
		)`,
		`CREATE TABLE results (
			run_seq BIGINT NOT NULL REFERENCES runs(seq),
			pos INTEGER NOT NULL,
			conversation TEXT NOT NULL,
			agent TEXT NOT NULL,
			team TEXT NOT NULL,
			channel TEXT NOT NULL,
			start_us BIGINT,
			week TEXT,
			month TEXT,
			score_tenths INTEGER NOT NULL,
			passed INTEGER NOT NULL,
			critical_failure INTEGER NOT NULL,
			csat_tenths INTEGER,
			PRIMARY KEY (run_seq, pos)
		){{without_rowid}}`,
		// A criterion's outcome in one result; crit is the criterion's
		// place (from 0) in its run's criteria list (runs.criteria, JSON),
		// a number rather than the id: runs hold millions of these rows.
		`CREATE TABLE criteria (
			run_seq BIGINT NOT NULL REFERENCES runs(seq),
			pos INTEGER NOT NULL,
			crit INTEGER NOT NULL,
			score_tenths INTEGER NOT NULL,
			status TEXT NOT NULL,
			PRIMARY KEY (run_seq, pos, crit)
		){{without_rowid}}`,
	}},
	{"indexes for trends, runs by time and results by conversation", []string{
		`CREATE INDEX runs_by_time ON runs (run_time)`,
		`CREATE INDEX results_by_start ON results (start_us)`,
		`CREATE INDEX results_by_conversation ON results (conversation, run_seq)`,
	}},
	// Trends count each conversation once, with its latest result: a flag
	// kept as runs are recorded and pruned answers that without a search
	// per result.
	{"results.latest: a conversation's result in the latest run that has it", []string{
		`ALTER TABLE results ADD COLUMN latest INTEGER NOT NULL DEFAULT 1`,
		// No index on the flag: nearly every result is latest, and a
		// trend over all of them reads the table faster than an index.
		`UPDATE results SET latest = 0 WHERE run_seq < (SELECT MAX(l.run_seq) FROM results l WHERE l.conversation = results.conversation)`,
	}},
}

// SchemaVersion is the schema this iqa writes and reads.
func SchemaVersion() int { return len(migrations) }

// migrate brings the store's schema up to version upTo, in one
// transaction: a failed migration leaves the store as it was.
func migrate(ctx context.Context, db *sql.DB, d dialect, upTo int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if d.migrationLock != "" {
		if _, err := tx.ExecContext(ctx, d.migrationLock); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL, about TEXT NOT NULL)`); err != nil {
		return err
	}
	have, err := version(ctx, tx)
	if err != nil {
		return err
	}
	if have > len(migrations) {
		return fmt.Errorf("its schema is version %d, newer than this iqa's %d: upgrade iqa to use it", have, len(migrations))
	}
	if have >= upTo {
		return nil
	}
	for v := have + 1; v <= upTo; v++ {
		m := migrations[v-1]
		for _, stmt := range m.stmts {
			if _, err := tx.ExecContext(ctx, d.ddl(stmt)); err != nil {
				return fmt.Errorf("migration %d (%s): %v", v, m.about, err)
			}
		}
		if _, err := tx.ExecContext(ctx, d.rebind(`INSERT INTO schema_version (version, applied_at, about) VALUES (?, ?, ?)`), v, time.Now().UnixMicro(), m.about); err != nil {
			return fmt.Errorf("migration %d (%s): %v", v, m.about, err)
		}
	}
	return tx.Commit()
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func version(ctx context.Context, q querier) (int, error) {
	var v sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_version`).Scan(&v); err != nil {
		return 0, err
	}
	return int(v.Int64), nil
}
