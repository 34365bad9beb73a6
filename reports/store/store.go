package store

import (
	"context"
	"errors"
	"time"

	"github.com/iqa-cli/iqa/scoring"
)

// Store is the history of runs. Both implementations (SQLite, PostgreSQL)
// share one schema and these semantics; several processes may write one
// store at once.
type Store interface {
	// Begin starts recording a run: Add its results to the recording as
	// they come, then Record it. Close the recording in any case.
	Begin(ctx context.Context) (*Recording, error)
	// Record stores the run collected by rec in one transaction: either
	// all of it is in the store afterwards or none of it. A run is keyed
	// by its content, so recording the same run again adds nothing and
	// returns the stored run with added false.
	Record(ctx context.Context, rec *Recording) (run Run, added bool, err error)
	// Runs lists the stored runs, the most recently recorded first.
	Runs(ctx context.Context) ([]Run, error)
	// Run finds a run by reference: an id, a unique prefix of one (6
	// characters at least), "latest", or "latest~N" (N runs before it).
	Run(ctx context.Context, ref string) (Run, error)
	// Results calls onResult for each of a run's results in run order.
	// The results carry what the store keeps: ids, agent, team, channel,
	// start, scores, pass, predicted CSAT, critical failure, and each
	// criterion's id, name, score and status; no transcript or evidence.
	Results(ctx context.Context, runID string, onResult func(*scoring.Result) error) error
	// Trend aggregates results per period and per group; see TrendQuery.
	Trend(ctx context.Context, q TrendQuery) ([]TrendRow, error)
	// Prune deletes the runs whose time is before t, with their results,
	// and says how many runs and results went.
	Prune(ctx context.Context, before time.Time) (runs, results int, err error)
	// Close releases the store's connections.
	Close() error
}

// Run is one stored run.
type Run struct {
	// ID is the first 20 hex digits of the SHA-256 of the run's content:
	// its description and every result recorded.
	ID string `json:"id"`
	// Time is the run's time: its --stamp time when it had one, else when
	// the store recorded it.
	Time time.Time `json:"time"`
	// Recorded is when the store recorded the run.
	Recorded time.Time `json:"recorded"`
	// Stamp is the run's --stamp time as the reports wrote it, or empty.
	Stamp      string            `json:"stamp,omitempty"`
	Rubric     scoring.RubricRef `json:"rubric"`
	RubricYAML string            `json:"-"`
	Inputs     []string          `json:"inputs"`
	Selection  string            `json:"selection,omitempty"`
	Shard      string            `json:"shard,omitempty"`
	// Criteria are the rubric's criteria as the results named them.
	Criteria      []Criterion `json:"-"`
	Conversations int         `json:"conversations"`
	Passed        int         `json:"passed"`
	Rejected      int         `json:"rejected"`
	// Mean is the mean score, rounded to two decimals.
	Mean float64 `json:"mean"`
}

// Criterion names a criterion of a run's rubric.
type Criterion struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Critical bool   `json:"critical,omitempty"`
}

// The groups and periods a trend can take.
const (
	ByAgent     = "agent"
	ByTeam      = "team"
	ByChannel   = "channel"
	ByCriterion = "criterion"

	Week  = "week"
	Month = "month"
)

// TrendQuery asks for figures per period (of the conversations' start,
// in UTC) and per group. When a conversation id is in several runs, only
// its result in the most recently recorded of them counts, so that
// re-scoring the same conversations does not count them twice.
// Conversations without a start time are left out.
type TrendQuery struct {
	By     string // ByAgent, ByTeam, ByChannel or ByCriterion
	Period string // Week or Month
	// Since and Until bound the conversations' start: Since <= start <
	// Until; a zero time does not bound.
	Since, Until time.Time
}

// TrendRow is one group's figures in one period. For ByCriterion the
// group is a criterion id and the figures are over the conversations it
// applied to: its mean score and pass rate.
type TrendRow struct {
	// Period is the period's first day: the Monday of an ISO week, or the
	// first of a month, as 2006-01-02.
	Period        string  `json:"period"`
	Group         string  `json:"group"`
	Conversations int     `json:"conversations"`
	Mean          float64 `json:"mean"`
	Passed        int     `json:"passed"`
	// PassRate is Passed / Conversations, in percent to one decimal.
	PassRate float64 `json:"pass_rate"`
	// CSAT is the mean predicted CSAT over the conversations that have
	// one; nil when none has (always nil for ByCriterion).
	CSAT *float64 `json:"predicted_csat,omitempty"`
}

// ErrNoRun is returned (wrapped) when a run reference matches no run.
var ErrNoRun = errors.New("no such run")
