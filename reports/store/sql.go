package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/iqa-cli/iqa/scoring"
)

// sqlStore is the Store over database/sql, for both dialects.
type sqlStore struct {
	db   *sql.DB
	d    dialect
	name string
	// schema is the version the store was migrated to: SchemaVersion,
	// except in tests that build stores of an older schema, which then
	// write what that schema holds.
	schema int
}

// hasLatest says whether results carry the latest flag (version 3).
func (s *sqlStore) hasLatest() bool { return s.schema >= 3 }

func (s *sqlStore) Close() error { return s.db.Close() }

func (s *sqlStore) errorf(format string, args ...any) error {
	return fmt.Errorf("store %s: %s", s.name, cleanErr(fmt.Errorf(format, args...)))
}

func (s *sqlStore) exec(ctx context.Context, tx *sql.Tx, q string, args ...any) (sql.Result, error) {
	return tx.ExecContext(ctx, s.d.rebind(q), args...)
}

const runColumns = `id, run_time, recorded_at, stamp, rubric_name, rubric_version, rubric_hash, rubric_yaml, inputs, selection, shard, criteria, conversations, passed, rejected, mean_score`

// The staging tables of a recording: temporary, so they belong to the
// recording's connection only and take no lock on the store's tables.
const (
	stageResultColumns = `pos, conversation, agent, team, channel, start_us, week, month, score_tenths, passed, critical_failure, csat_tenths`
	stageCriteriaCols  = `pos, crit, score_tenths, status`
)

func (s *sqlStore) dropStage(ctx context.Context, conn *sql.Conn) error {
	_, err1 := conn.ExecContext(ctx, `DROP TABLE IF EXISTS iqa_stage_results`)
	_, err2 := conn.ExecContext(ctx, `DROP TABLE IF EXISTS iqa_stage_criteria`)
	return errors.Join(err1, err2)
}

// Begin implements Store.
func (s *sqlStore) Begin(ctx context.Context) (*Recording, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, s.errorf("start recording: %v", err)
	}
	stmts := []string{
		`DROP TABLE IF EXISTS iqa_stage_results`,
		`DROP TABLE IF EXISTS iqa_stage_criteria`,
		`CREATE TEMPORARY TABLE iqa_stage_results (pos INTEGER NOT NULL, conversation TEXT NOT NULL, agent TEXT NOT NULL, team TEXT NOT NULL, channel TEXT NOT NULL,
			start_us BIGINT, week TEXT, month TEXT, score_tenths INTEGER NOT NULL, passed INTEGER NOT NULL, critical_failure INTEGER NOT NULL, csat_tenths INTEGER)`,
		`CREATE TEMPORARY TABLE iqa_stage_criteria (pos INTEGER NOT NULL, crit INTEGER NOT NULL, score_tenths INTEGER NOT NULL, status TEXT NOT NULL)`,
	}
	for _, q := range stmts {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			conn.Close()
			return nil, s.errorf("start recording: %v", err)
		}
	}
	rec := &Recording{s: s, conn: conn, rows: sha256.New(), seen: map[string]int{}, queue: make(chan row, 4096), staged: make(chan error, 1)}
	go func() { rec.staged <- s.stage(ctx, conn, rec.queue, &rec.failed) }()
	return rec, nil
}

// stage writes the queued rows into the staging tables; after an error it
// drains the queue, so that Add never blocks.
func (s *sqlStore) stage(ctx context.Context, conn *sql.Conn, queue <-chan row, failed *atomic.Pointer[error]) error {
	results := s.batch(conn, `INSERT INTO iqa_stage_results (`+stageResultColumns+`) VALUES `, 12, 64)
	crits := &critBatch{db: conn, stmt: s.d.rebind(s.d.jsonRows(`INSERT INTO iqa_stage_criteria (` + stageCriteriaCols + `)
		SELECT CAST(value->>0 AS INTEGER), CAST(value->>1 AS INTEGER), CAST(value->>2 AS INTEGER), value->>3 FROM {{json_rows}}`))}
	var err error
	pos := 0
	for rw := range queue {
		if err != nil {
			continue
		}
		var start, week, month, csat any
		if rw.HasStart {
			t := time.UnixMicro(rw.Start).UTC()
			start, week, month = rw.Start, weekOf(t), monthOf(t)
		}
		if rw.HasCSAT {
			csat = rw.CSAT
		}
		err = results.add(ctx, pos, rw.ID, rw.Agent, rw.Team, rw.Channel, start, week, month, rw.Score, b2i(rw.Passed), b2i(rw.Critical), csat)
		if err == nil {
			err = crits.add(ctx, pos, rw.Criteria)
		}
		if err != nil {
			err = s.stageError(ctx, err)
			failed.Store(&err)
		}
		pos++
	}
	if err != nil {
		return err
	}
	if err := errors.Join(results.flush(ctx), crits.flush(ctx)); err != nil {
		return s.stageError(ctx, err)
	}
	return nil
}

func (s *sqlStore) stageError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return s.errorf("stage results: %v", err)
}

// Record implements Store.
func (s *sqlStore) Record(ctx context.Context, rec *Recording) (Run, bool, error) {
	if rec.s != s || rec.conn == nil {
		return Run{}, false, fmt.Errorf("record: the recording was not begun on this store, or is closed")
	}
	if err := rec.finish(); err != nil {
		return Run{}, false, err
	}
	if run, err := s.Run(ctx, rec.Run.ID); err == nil {
		return run, false, nil
	}
	run := rec.Run
	run.Recorded = time.Now().UTC().Truncate(time.Microsecond)
	run.Time = run.Recorded
	if t, err := time.Parse(time.RFC3339, run.Stamp); err == nil {
		run.Time = t.UTC()
	}
	err := s.insert(ctx, rec.conn, &run)
	if err != nil {
		// Another writer may have recorded the same run meanwhile: then
		// this one adds nothing, as if it had come second.
		if stored, lerr := s.Run(context.WithoutCancel(ctx), run.ID); lerr == nil {
			return stored, false, nil
		}
		if ctx.Err() != nil || errors.Is(err, context.Canceled) {
			return Run{}, false, context.Canceled
		}
		return Run{}, false, s.errorf("record run %s: %v", run.ID, err)
	}
	return run, true, nil
}

// insert copies the staged rows into the store's tables, in one
// transaction: the only time a recording holds the store's write lock.
func (s *sqlStore) insert(ctx context.Context, conn *sql.Conn, run *Run) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	inputs, _ := json.Marshal(nonNil(run.Inputs))
	criteria, _ := json.Marshal(run.Criteria)
	var seq int64
	err = tx.QueryRowContext(ctx, s.d.rebind(`INSERT INTO runs (`+runColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`),
		run.ID, run.Time.UnixMicro(), run.Recorded.UnixMicro(), run.Stamp, run.Rubric.Name, run.Rubric.Version, run.Rubric.Hash, run.RubricYAML,
		string(inputs), run.Selection, run.Shard, string(criteria), run.Conversations, run.Passed, run.Rejected, run.Mean).Scan(&seq)
	if err != nil {
		return err
	}
	if s.d.recordLock != "" {
		if _, err := tx.ExecContext(ctx, s.d.recordLock); err != nil {
			return err
		}
	}
	unlatest := `UPDATE results SET latest = 0 WHERE latest = 1 AND conversation IN (SELECT conversation FROM iqa_stage_results) AND run_seq <> ?`
	if !s.hasLatest() {
		unlatest = `SELECT CAST(? AS BIGINT)` // an older schema's store, in tests
	}
	for _, q := range []string{
		// The run's conversations are no longer latest elsewhere.
		unlatest,
		`INSERT INTO results (run_seq, ` + stageResultColumns + `) SELECT ?, ` + stageResultColumns + ` FROM iqa_stage_results`,
		`INSERT INTO criteria (run_seq, ` + stageCriteriaCols + `) SELECT ?, ` + stageCriteriaCols + ` FROM iqa_stage_criteria`,
	} {
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.d.rebind(q), seq); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return tx.Commit()
}

func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// weekOf is the Monday of t's ISO week, monthOf the first of its month.
func weekOf(t time.Time) string {
	wd := (int(t.Weekday()) + 6) % 7
	return time.Date(t.Year(), t.Month(), t.Day()-wd, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

func monthOf(t time.Time) string {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

// batcher inserts rows many to a statement: far fewer round trips than
// one a row, on both databases.
type batcher struct {
	s          *sqlStore
	tx         execer
	head       string
	cols, size int
	full       *sql.Stmt
	args       []any
}

// execer is a transaction or a connection.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

func (s *sqlStore) batch(tx execer, head string, cols, size int) *batcher {
	return &batcher{s: s, tx: tx, head: head, cols: cols, size: size}
}

func (b *batcher) values(rows int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", b.cols), ", ") + ")"
	return b.s.d.rebind(b.head + strings.TrimSuffix(strings.Repeat(one+", ", rows), ", "))
}

func (b *batcher) add(ctx context.Context, vals ...any) error {
	b.args = append(b.args, vals...)
	if len(b.args) < b.cols*b.size {
		return nil
	}
	if b.full == nil {
		st, err := b.tx.PrepareContext(ctx, b.values(b.size))
		if err != nil {
			return err
		}
		b.full = st
	}
	_, err := b.full.ExecContext(ctx, b.args...)
	b.args = b.args[:0]
	return err
}

func (b *batcher) flush(ctx context.Context) error {
	if len(b.args) > 0 {
		if _, err := b.tx.ExecContext(ctx, b.values(len(b.args)/b.cols), b.args...); err != nil {
			return err
		}
		b.args = b.args[:0]
	}
	if b.full != nil {
		return b.full.Close()
	}
	return nil
}

// critBatch inserts criteria rows a few thousand to a statement, passed
// as one JSON array of [pos, crit, score, status] that the database turns
// into rows: binding millions of values one by one costs more than the
// insert itself.
type critBatch struct {
	db   execer
	stmt string
	buf  []byte
	rows int
}

func (b *critBatch) add(ctx context.Context, pos int, crits []critRow) error {
	for _, c := range crits {
		if b.rows == 0 {
			b.buf = append(b.buf[:0], '[')
		} else {
			b.buf = append(b.buf, ',')
		}
		b.buf = append(b.buf, '[')
		b.buf = strconv.AppendInt(b.buf, int64(pos), 10)
		b.buf = append(b.buf, ',')
		b.buf = strconv.AppendInt(b.buf, int64(c.Index), 10)
		b.buf = append(b.buf, ',')
		b.buf = strconv.AppendInt(b.buf, c.Score, 10)
		b.buf = append(b.buf, ',')
		b.buf = strconv.AppendQuote(b.buf, c.Status) // statuses are ASCII words
		b.buf = append(b.buf, ']')
		b.rows++
	}
	if b.rows >= 4096 {
		return b.flush(ctx)
	}
	return nil
}

func (b *critBatch) flush(ctx context.Context) error {
	if b.rows == 0 {
		return nil
	}
	b.buf = append(b.buf, ']')
	_, err := b.db.ExecContext(ctx, b.stmt, string(b.buf))
	b.rows = 0
	return err
}

type scanner interface{ Scan(dest ...any) error }

func scanRun(sc scanner) (Run, error) {
	var r Run
	var runTime, recorded int64
	var inputs, criteria string
	err := sc.Scan(&r.ID, &runTime, &recorded, &r.Stamp, &r.Rubric.Name, &r.Rubric.Version, &r.Rubric.Hash, &r.RubricYAML,
		&inputs, &r.Selection, &r.Shard, &criteria, &r.Conversations, &r.Passed, &r.Rejected, &r.Mean)
	if err != nil {
		return r, err
	}
	r.Time, r.Recorded = time.UnixMicro(runTime).UTC(), time.UnixMicro(recorded).UTC()
	if err := json.Unmarshal([]byte(inputs), &r.Inputs); err != nil {
		return r, fmt.Errorf("run %s: bad inputs: %v", r.ID, err)
	}
	if err := json.Unmarshal([]byte(criteria), &r.Criteria); err != nil {
		return r, fmt.Errorf("run %s: bad criteria: %v", r.ID, err)
	}
	return r, nil
}

// Runs implements Store.
func (s *sqlStore) Runs(ctx context.Context) ([]Run, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+runColumns+` FROM runs ORDER BY seq DESC`)
	if err != nil {
		return nil, s.errorf("list runs: %v", err)
	}
	defer rows.Close()
	var runs []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, s.errorf("list runs: %v", err)
		}
		runs = append(runs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, s.errorf("list runs: %v", err)
	}
	return runs, nil
}

// Run implements Store.
func (s *sqlStore) Run(ctx context.Context, ref string) (Run, error) {
	if ref == "latest" || strings.HasPrefix(ref, "latest~") {
		back := 0
		if n, ok := strings.CutPrefix(ref, "latest~"); ok {
			v, err := strconv.Atoi(n)
			if err != nil || v < 0 {
				return Run{}, fmt.Errorf("run %q: write latest, latest~N (N runs before the latest) or a run id", ref)
			}
			back = v
		}
		row := s.db.QueryRowContext(ctx, s.d.rebind(`SELECT `+runColumns+` FROM runs ORDER BY seq DESC LIMIT 1 OFFSET ?`), back)
		r, err := scanRun(row)
		if errors.Is(err, sql.ErrNoRows) {
			return Run{}, fmt.Errorf("run %s: the store %s has fewer than %d runs: %w", ref, s.name, back+1, ErrNoRun)
		}
		if err != nil {
			return Run{}, s.errorf("find run %s: %v", ref, err)
		}
		return r, nil
	}
	ref = strings.ToLower(ref)
	if _, err := hex.DecodeString(ref + strings.Repeat("0", len(ref)%2)); err != nil || len(ref) < 6 || len(ref) > 20 {
		return Run{}, fmt.Errorf("run %q: give a run id (6 to 20 hex digits, see 'iqa history runs'), latest or latest~N", ref)
	}
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT `+runColumns+` FROM runs WHERE id >= ? AND id < ? ORDER BY id LIMIT 2`), ref, ref+"g")
	if err != nil {
		return Run{}, s.errorf("find run %s: %v", ref, err)
	}
	defer rows.Close()
	var found []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return Run{}, s.errorf("find run %s: %v", ref, err)
		}
		found = append(found, r)
	}
	if err := rows.Err(); err != nil {
		return Run{}, s.errorf("find run %s: %v", ref, err)
	}
	switch len(found) {
	case 0:
		return Run{}, fmt.Errorf("run %s is not in the store %s (see 'iqa history runs'): %w", ref, s.name, ErrNoRun)
	case 1:
		return found[0], nil
	}
	return Run{}, fmt.Errorf("run %s: more than one run's id starts so; give more of the id", ref)
}

// Results implements Store.
func (s *sqlStore) Results(ctx context.Context, runID string, onResult func(*scoring.Result) error) error {
	run, err := s.Run(ctx, runID)
	if err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT r.pos, r.conversation, r.agent, r.team, r.channel, r.start_us, r.score_tenths, r.passed, r.critical_failure, r.csat_tenths, c.crit, c.score_tenths, c.status
		FROM runs u JOIN results r ON r.run_seq = u.seq LEFT JOIN criteria c ON c.run_seq = r.run_seq AND c.pos = r.pos
		WHERE u.id = ? ORDER BY r.pos, c.crit`), run.ID)
	if err != nil {
		return s.errorf("read run %s: %v", run.ID, err)
	}
	defer rows.Close()
	var cur *scoring.Result
	curPos := -1
	for rows.Next() {
		var pos int
		var id, agent, team, channel string
		var start, csat, critScore sql.NullInt64
		var score, passed, critical int64
		var crit sql.NullInt64
		var status sql.NullString
		if err := rows.Scan(&pos, &id, &agent, &team, &channel, &start, &score, &passed, &critical, &csat, &crit, &critScore, &status); err != nil {
			return s.errorf("read run %s: %v", run.ID, err)
		}
		if pos != curPos {
			if cur != nil {
				if err := onResult(cur); err != nil {
					return err
				}
			}
			curPos = pos
			cur = &scoring.Result{Schema: scoring.ResultSchema, Seq: pos, ID: id, Agent: agent, Team: team, Channel: channel,
				Score: float64(score) / 10, Passed: passed != 0, CriticalFailure: critical != 0, Rubric: run.Rubric}
			if start.Valid {
				cur.Start = time.UnixMicro(start.Int64).UTC()
			}
			if csat.Valid {
				v := float64(csat.Int64) / 10
				cur.PredictedCSAT = &v
			}
		}
		if crit.Valid {
			if crit.Int64 < 0 || int(crit.Int64) >= len(run.Criteria) {
				return s.errorf("read run %s: criterion %d of result %d is not in the run's list", run.ID, crit.Int64, pos)
			}
			c := run.Criteria[crit.Int64]
			cur.Criteria = append(cur.Criteria, scoring.CriterionResult{ID: c.ID, Name: c.Name, Critical: c.Critical,
				Score: float64(critScore.Int64) / 10, Status: scoring.Status(status.String)})
		}
	}
	if err := rows.Err(); err != nil {
		return s.errorf("read run %s: %v", run.ID, err)
	}
	if cur != nil {
		return onResult(cur)
	}
	return nil
}

// Trend implements Store.
func (s *sqlStore) Trend(ctx context.Context, q TrendQuery) ([]TrendRow, error) {
	period := map[string]string{Week: "week", Month: "month"}[q.Period]
	if period == "" {
		return nil, fmt.Errorf("trend period %q: use week or month", q.Period)
	}
	// Each conversation once: its result in the latest run that has it;
	// a bound on the start only when asked, so that a trend over all
	// results reads the table rather than the index on start.
	span, args := startSpan(q.Since, q.Until, nil)
	latest := `WITH latest AS (
		SELECT run_seq, pos, agent, team, channel, week, month, score_tenths, passed, csat_tenths
		FROM results WHERE latest = 1` + span + `)
	`
	var query string
	var names map[int64][]Criterion
	switch q.By {
	case ByAgent, ByTeam, ByChannel:
		query = latest + `SELECT ` + period + `, ` + q.By + `, 0, COUNT(*), SUM(score_tenths), SUM(passed), SUM(csat_tenths), COUNT(csat_tenths)
		FROM latest GROUP BY ` + period + `, ` + q.By
	case ByCriterion:
		// Grouped by each run's criterion number, then merged by id.
		var err error
		if names, err = s.criteriaLists(ctx); err != nil {
			return nil, err
		}
		query = latest + `SELECT l.` + period + `, l.run_seq, c.crit, COUNT(*), SUM(c.score_tenths), SUM(CASE WHEN c.status = 'pass' THEN 1 ELSE 0 END), 0, 0
		FROM latest l JOIN criteria c ON c.run_seq = l.run_seq AND c.pos = l.pos
		WHERE c.status <> 'n/a' GROUP BY l.` + period + `, l.run_seq, c.crit`
	default:
		return nil, fmt.Errorf("trend by %q: use agent, team, channel or criterion", q.By)
	}
	rows, err := s.db.QueryContext(ctx, s.d.rebind(query), args...)
	if err != nil {
		return nil, s.errorf("trend: %v", err)
	}
	defer rows.Close()
	type key struct{ period, group string }
	type acc struct{ n, sum, passed, csatSum, csatN int64 }
	accs := map[key]*acc{}
	for rows.Next() {
		var p, group string
		var crit, n, sum, passed, csatN int64
		var csatSum sql.NullInt64
		if err := rows.Scan(&p, &group, &crit, &n, &sum, &passed, &csatSum, &csatN); err != nil {
			return nil, s.errorf("trend: %v", err)
		}
		if names != nil {
			seq, _ := strconv.ParseInt(group, 10, 64)
			list := names[seq]
			if crit < 0 || int(crit) >= len(list) {
				return nil, s.errorf("trend: criterion %d of run %d is not in the run's list", crit, seq)
			}
			group = list[crit].ID
		}
		k := key{p, group}
		a := accs[k]
		if a == nil {
			a = &acc{}
			accs[k] = a
		}
		a.n, a.sum, a.passed, a.csatSum, a.csatN = a.n+n, a.sum+sum, a.passed+passed, a.csatSum+csatSum.Int64, a.csatN+csatN
	}
	if err := rows.Err(); err != nil {
		return nil, s.errorf("trend: %v", err)
	}
	out := make([]TrendRow, 0, len(accs))
	for k, a := range accs {
		t := TrendRow{Period: k.period, Group: k.group, Conversations: int(a.n), Passed: int(a.passed), Mean: meanHundredths(a.sum, a.n),
			PassRate: math.Round(float64(a.passed)*1000/float64(a.n)) / 10}
		if a.csatN > 0 {
			v := meanHundredths(a.csatSum, a.csatN)
			t.CSAT = &v
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b TrendRow) int {
		return cmp.Or(strings.Compare(a.Period, b.Period), strings.Compare(a.Group, b.Group))
	})
	return out, nil
}

// criteriaLists are every run's criteria, by run number.
func (s *sqlStore) criteriaLists(ctx context.Context) (map[int64][]Criterion, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, criteria FROM runs`)
	if err != nil {
		return nil, s.errorf("trend: %v", err)
	}
	defer rows.Close()
	lists := map[int64][]Criterion{}
	for rows.Next() {
		var seq int64
		var js string
		if err := rows.Scan(&seq, &js); err != nil {
			return nil, s.errorf("trend: %v", err)
		}
		var list []Criterion
		if err := json.Unmarshal([]byte(js), &list); err != nil {
			return nil, s.errorf("trend: run %d: bad criteria: %v", seq, err)
		}
		lists[seq] = list
	}
	return lists, rows.Err()
}

// meanHundredths is the mean of n values summing to sum tenths, in
// points rounded to two decimals.
func meanHundredths(sum, n int64) float64 {
	if n == 0 {
		return 0
	}
	return math.Round(float64(sum)*10/float64(n)) / 100
}

// Prune implements Store.
func (s *sqlStore) Prune(ctx context.Context, before time.Time) (int, int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, s.errorf("prune: %v", err)
	}
	defer tx.Rollback()
	if s.d.recordLock != "" {
		if _, err := tx.ExecContext(ctx, s.d.recordLock); err != nil {
			return 0, 0, s.errorf("prune: %v", err)
		}
	}
	t := before.UnixMicro()
	old := `(SELECT seq FROM runs WHERE run_time < ?)`
	if _, err := s.exec(ctx, tx, `DELETE FROM criteria WHERE run_seq IN `+old, t); err != nil {
		return 0, 0, s.errorf("prune: %v", err)
	}
	res, err := s.exec(ctx, tx, `DELETE FROM results WHERE run_seq IN `+old, t)
	if err != nil {
		return 0, 0, s.errorf("prune: %v", err)
	}
	results, _ := res.RowsAffected()
	res, err = s.exec(ctx, tx, `DELETE FROM runs WHERE run_time < ?`, t)
	if err != nil {
		return 0, 0, s.errorf("prune: %v", err)
	}
	runs, _ := res.RowsAffected()
	// A conversation whose latest result went is latest in the run
	// before, if one is left.
	if s.hasLatest() {
		if _, err := s.exec(ctx, tx, `UPDATE results SET latest = 1 WHERE latest = 0
		AND run_seq = (SELECT MAX(l.run_seq) FROM results l WHERE l.conversation = results.conversation)
		AND NOT EXISTS (SELECT 1 FROM results x WHERE x.conversation = results.conversation AND x.latest = 1)`); err != nil {
			return 0, 0, s.errorf("prune: %v", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, s.errorf("prune: %v", err)
	}
	return int(runs), int(results), nil
}

// startSpan is the SQL condition keeping results that have a start time
// within [since, until), either bound left out when zero; its arguments
// are appended to args.
func startSpan(since, until time.Time, args []any) (string, []any) {
	cond := ` AND start_us IS NOT NULL`
	if !since.IsZero() {
		cond += ` AND start_us >= ?`
		args = append(args, since.UnixMicro())
	}
	if !until.IsZero() {
		cond += ` AND start_us < ?`
		args = append(args, until.UnixMicro())
	}
	return cond, args
}
