package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"math"
	"sync/atomic"

	"github.com/iqa-cli/iqa/scoring"
)

// Recording collects one run's results for Record. Begin it before the
// run scores: results are staged in temporary tables of the store's
// connection as they come (on a goroutine of their own, beside the
// scoring), and hashed on the way, so that the run's id (its content's
// hash) is known at the end. Record then copies the staged rows into the
// store in one short transaction. Memory stays flat however large the
// run. Close it when done.
type Recording struct {
	// Run describes the run; Record fills ID, the times and the counts.
	// Set the rest before calling Record.
	Run Run

	s      *sqlStore
	conn   *sql.Conn
	rows   hash.Hash
	sum    int64 // score tenths
	seen   map[string]int
	n      int
	queue  chan row
	staged chan error            // the stager's outcome, once the queue is closed
	failed atomic.Pointer[error] // set by the stager when it stops early
	err    error                 // the first error: from Add or the stager
	closed bool
}

// row is one result as the store keeps it; scores are in tenths of a
// point (every score iqa writes has one decimal), so that sums and means
// are exact and the same on every database.
type row struct {
	ID, Agent, Team, Channel string
	Start                    int64 // Unix microseconds, when HasStart
	HasStart                 bool
	Score                    int64
	Passed, Critical         bool
	CSAT                     int64 // tenths, when HasCSAT
	HasCSAT                  bool
	Criteria                 []critRow
}

type critRow struct {
	ID     string
	Index  int // in Run.Criteria
	Score  int64
	Status string
}

func tenths(v float64) int64 { return int64(math.Round(v * 10)) }

// Add takes one result, in run order.
func (rec *Recording) Add(r *scoring.Result) error {
	if rec.err != nil {
		return rec.err
	}
	if rec.closed {
		return fmt.Errorf("recording is closed")
	}
	if err := rec.failed.Load(); err != nil { // the stager stopped early
		rec.err = *err
		return rec.err
	}
	rw := row{ID: r.ID, Agent: r.Agent, Team: r.Team, Channel: r.Channel, Score: tenths(r.Score), Passed: r.Passed, Critical: r.CriticalFailure}
	if !r.Start.IsZero() {
		rw.Start, rw.HasStart = r.Start.UnixMicro(), true
	}
	if r.PredictedCSAT != nil {
		rw.CSAT, rw.HasCSAT = tenths(*r.PredictedCSAT), true
	}
	rw.Criteria = make([]critRow, len(r.Criteria))
	for i, c := range r.Criteria {
		idx, ok := rec.seen[c.ID]
		if !ok {
			idx = len(rec.Run.Criteria)
			rec.seen[c.ID] = idx
			rec.Run.Criteria = append(rec.Run.Criteria, Criterion{ID: c.ID, Name: c.Name, Critical: c.Critical})
		}
		rw.Criteria[i] = critRow{ID: c.ID, Index: idx, Score: tenths(c.Score), Status: string(c.Status)}
	}
	rw.hash(rec.rows)
	rec.n++
	rec.sum += rw.Score
	if rw.Passed {
		rec.Run.Passed++
	}
	rec.queue <- rw
	return nil
}

// wait closes the queue and waits for the stager; it returns the first
// error of the recording.
func (rec *Recording) wait() error {
	if !rec.closed {
		rec.closed = true
		close(rec.queue)
		if err := <-rec.staged; err != nil && rec.err == nil {
			rec.err = err
		}
	}
	return rec.err
}

// Close stops the recording and drops what it staged; after Record it
// only releases the connection.
func (rec *Recording) Close() error {
	if rec.conn == nil {
		return nil
	}
	rec.wait()
	err := rec.s.dropStage(context.Background(), rec.conn)
	rec.conn.Close()
	rec.conn = nil
	return err
}

// finish completes the run's description: its id and counts.
func (rec *Recording) finish() error {
	if err := rec.wait(); err != nil {
		return err
	}
	run := &rec.Run
	run.Conversations = rec.n
	run.Mean = 0
	if rec.n > 0 {
		run.Mean = math.Round(float64(rec.sum)/float64(rec.n)*10) / 100
	}
	h := sha256.New()
	hw := hasher{h}
	hw.str("iqa.run.v1")
	hw.str(run.Stamp)
	hw.str(run.Rubric.Name)
	hw.str(run.Rubric.Version)
	hw.str(run.Rubric.Hash)
	hw.strs(run.Inputs)
	hw.str(run.Selection)
	hw.str(run.Shard)
	hw.num(int64(run.Rejected))
	h.Write(rec.rows.Sum(nil))
	run.ID = hex.EncodeToString(h.Sum(nil))[:20]
	return nil
}

func (rw *row) hash(h hash.Hash) {
	hw := hasher{h}
	hw.str(rw.ID)
	hw.str(rw.Agent)
	hw.str(rw.Team)
	hw.str(rw.Channel)
	hw.flag(rw.HasStart)
	hw.num(rw.Start)
	hw.num(rw.Score)
	hw.flag(rw.Passed)
	hw.flag(rw.Critical)
	hw.flag(rw.HasCSAT)
	hw.num(rw.CSAT)
	hw.num(int64(len(rw.Criteria)))
	for _, c := range rw.Criteria {
		hw.str(c.ID)
		hw.num(c.Score)
		hw.str(c.Status)
	}
}

// hasher writes values unambiguously: strings with their length.
type hasher struct{ h hash.Hash }

func (hw hasher) num(v int64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(v))
	hw.h.Write(b[:])
}

func (hw hasher) str(s string) {
	hw.num(int64(len(s)))
	io.WriteString(hw.h, s)
}

func (hw hasher) strs(ss []string) {
	hw.num(int64(len(ss)))
	for _, s := range ss {
		hw.str(s)
	}
}

func (hw hasher) flag(b bool) {
	if b {
		hw.h.Write([]byte{1})
	} else {
		hw.h.Write([]byte{0})
	}
}
