package cmd

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	stdio "io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/iqa-cli/iqa/importers"
	"github.com/iqa-cli/iqa/reports"
	"github.com/iqa-cli/iqa/reports/store"
	"github.com/iqa-cli/iqa/rubrics"
	"github.com/iqa-cli/iqa/scoring"
)

// The schemas of `iqa history runs --json` and `iqa history trend --json`.
const (
	historyRunsSchema  = "iqa.history.runs/v1"
	historyTrendSchema = "iqa.history.trend/v1"
	historyAgentSchema = "iqa.history.agent/v1"
)

const dbFlagUsage = "record the run in the history store: a SQLite file (iqa.db) or postgres://..."

// registerDB adds --db to score and report.
func registerDB(fs *pflag.FlagSet, db *string) {
	fs.StringVar(db, "db", "", dbFlagUsage)
}

// openStore opens the history store at url; exit 2 when it cannot.
func openStore(ctx context.Context, url string, mustExist bool) (store.Store, error) {
	st, err := store.Open(ctx, url, store.OpenOptions{MustExist: mustExist})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &exitError{code: ExitBadInput, err: err}
	}
	return st, nil
}

// recorder records a score or report run into the store given with --db;
// a nil recorder (no --db) records nothing. The store is opened before
// scoring, so that a bad --db fails at once; results are staged beside the
// scoring and written at the end, in one transaction.
type recorder struct {
	url string
	st  store.Store
	rec *store.Recording
}

func openRecorder(ctx context.Context, url string) (*recorder, error) {
	if url == "" {
		return nil, nil
	}
	st, err := openStore(ctx, url, false)
	if err != nil {
		return nil, err
	}
	rec, err := st.Begin(ctx)
	if err != nil {
		st.Close()
		return nil, &exitError{code: ExitBadInput, err: err}
	}
	return &recorder{url: url, st: st, rec: rec}, nil
}

// add takes a result as the reports see it: masked under --redact, so
// nothing unredacted reaches the store.
func (r *recorder) add(res *scoring.Result) error {
	if r == nil {
		return nil
	}
	return r.rec.Add(res)
}

// commit records the run, described by its summary, and says so on
// stderr unless quiet.
func (r *recorder) commit(ctx context.Context, io *IO, sum *reports.Summary, rubric *rubrics.Rubric, quiet bool) error {
	if r == nil {
		return nil
	}
	run := &r.rec.Run
	run.Rubric, run.Inputs, run.Selection, run.Shard, run.Stamp = sum.Run.Rubric, sum.Run.Inputs, sum.Run.Filters, sum.Run.Shard, sum.Run.When
	run.Rejected = sum.Rejected
	if rubric != nil {
		if yaml, err := rubrics.Marshal(rubric); err == nil {
			run.RubricYAML = string(yaml)
		}
	}
	stored, added, err := r.st.Record(ctx, r.rec)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &exitError{code: ExitBadInput, err: err, hint: "no report was written; run again when the store is reachable: a run is recorded whole or not at all"}
	}
	if !quiet {
		if added {
			fmt.Fprintf(io.Err, "iqa: recorded run %s in %s: %s\n", stored.ID, store.DisplayName(r.url), count(stored.Conversations, "result"))
		} else {
			fmt.Fprintf(io.Err, "iqa: run %s is already in %s; nothing added\n", stored.ID, store.DisplayName(r.url))
		}
	}
	return nil
}

func (r *recorder) close() {
	if r != nil {
		r.rec.Close()
		r.st.Close()
	}
}

// storeRun is a run in the store as one side of a diff.
type storeRun struct {
	ctx context.Context
	st  store.Store
	run store.Run
}

func (s storeRun) Name() string { return "run " + s.run.ID }

func (s storeRun) Read(onResult func(*scoring.Result) error) (reports.RunInfo, error) {
	info := reports.RunInfo{Inputs: s.run.Inputs, Rubric: s.run.Rubric, Filters: s.run.Selection, Shard: s.run.Shard, When: s.run.Stamp}
	return info, s.st.Results(s.ctx, s.run.ID, onResult)
}

// diffSide returns one side of a diff: a run of the store when ref is
// set, else the results files.
func diffSide(ctx context.Context, st store.Store, ref string, files []string) (reports.DiffSource, error) {
	if ref == "" {
		return reports.ResultsFiles(files), nil
	}
	run, err := st.Run(ctx, ref)
	if err != nil {
		return nil, &exitError{code: ExitBadInput, err: err}
	}
	return storeRun{ctx: ctx, st: st, run: run}, nil
}

const historyExitCodes = `Exit codes:
  0    success
  2    bad usage, or a store that cannot be opened or read`

func newHistoryCmd(io *IO) *cobra.Command {
	c := &cobra.Command{
		Use:   "history",
		Short: "List the runs in the history store, show trends, prune old runs",
		Long: `Read the history store that 'iqa score --db' and 'iqa report --db' record runs
into: a SQLite file (--db iqa.db) or a shared PostgreSQL database
(--db postgres://user@host/db). Each run keeps its rubric, inputs, selection
and counts, and every conversation's scores (no transcripts): ids, agent,
team, channel, start, score, pass, predicted CSAT, critical failure, and each
criterion's score and status. Compare two stored runs with
'iqa diff --db URL --baseline-run latest~1'.

` + historyExitCodes,
		Example: `  iqa history runs --db iqa.db
  iqa history trend --db iqa.db --by agent --period week --since 2026-03-01
  iqa history agent Ana --db iqa.db --period month
  iqa history prune --db iqa.db --before 2025-01-01`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return usageError("see 'iqa history --help'", "history: give a subcommand: runs, trend, agent or prune")
		},
	}
	c.AddCommand(newHistoryRunsCmd(io), newHistoryTrendCmd(io), newHistoryAgentCmd(io), newHistoryPruneCmd(io))
	return c
}

// historyOut are the --csv and --json outputs of a history subcommand.
type historyOut struct {
	db, csv, json string
}

func (h *historyOut) register(fs *pflag.FlagSet) {
	fs.StringVar(&h.db, "db", "", "the history store: a SQLite file (iqa.db) or postgres://... (required)")
	fs.StringVar(&h.csv, "csv", "", "write the table as CSV to this file, - for stdout")
	fs.StringVar(&h.json, "json", "", "write the table as JSON to this file, - for stdout")
}

func (h *historyOut) validate(name string) error {
	if h.db == "" {
		return usageError("pass the store the runs were recorded into, as with 'iqa score --db iqa.db'", "history %s: --db is required", name)
	}
	if h.csv == "-" && h.json == "-" {
		return usageError("", "only one thing can be written to stdout")
	}
	return nil
}

// write writes the outputs asked for, each atomically, and the table on
// stdout unless an output went there.
func (h *historyOut) write(io *IO, header []string, rows [][]string, doc any) error {
	var outs outputs
	defer outs.abort()
	if h.csv != "" {
		w, err := outs.create(h.csv, io.Out)
		if err != nil {
			return err
		}
		cw := csv.NewWriter(w)
		cw.Write(header)
		cw.WriteAll(rows)
		if err := cw.Error(); err != nil {
			return fmt.Errorf("write %s: %v", h.csv, err)
		}
	}
	if h.json != "" {
		w, err := outs.create(h.json, io.Out)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(doc); err != nil {
			return fmt.Errorf("write %s: %v", h.json, err)
		}
	}
	if err := outs.commit(); err != nil {
		return err
	}
	if h.csv == "-" || h.json == "-" {
		return nil
	}
	return writeTable(io.Out, io.OutTTY, header, rows)
}

// writeTable prints aligned columns on a terminal and tab-separated ones
// otherwise, stable for scripts.
func writeTable(w stdio.Writer, tty bool, header []string, rows [][]string) error {
	out := w
	var tw *tabwriter.Writer
	if tty {
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		out = tw
	}
	fmt.Fprintln(out, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(out, strings.Join(r, "\t"))
	}
	if tw != nil {
		return tw.Flush()
	}
	return nil
}

func newHistoryRunsCmd(io *IO) *cobra.Command {
	var h historyOut
	c := &cobra.Command{
		Use:   "runs",
		Short: "List the stored runs, the latest first",
		Long: `List the runs in the history store, the most recently recorded first: id, time
(the run's --stamp time, else when it was recorded), rubric, conversations,
passed, mean score, shard and inputs. A run's id, or a unique prefix of 6 or
more of its hex digits, names it for 'iqa diff --baseline-run'; so do latest
and latest~N (N runs before the latest).

` + historyExitCodes,
		Example: `  iqa history runs --db iqa.db
  iqa history runs --db postgres://qa@db.internal/iqa --json - | jq '.runs[0].id'`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if err := h.validate("runs"); err != nil {
				return err
			}
			st, err := openStore(c.Context(), h.db, true)
			if err != nil {
				return err
			}
			defer st.Close()
			runs, err := st.Runs(c.Context())
			if err != nil {
				return &exitError{code: ExitBadInput, err: err}
			}
			header := []string{"id", "time", "rubric", "conversations", "passed", "mean", "shard", "inputs"}
			var rows [][]string
			for _, r := range runs {
				rows = append(rows, []string{r.ID, r.Time.Format(time.RFC3339), r.Rubric.Name + " " + r.Rubric.Version + " (" + r.Rubric.Hash + ")",
					strconv.Itoa(r.Conversations), strconv.Itoa(r.Passed), num(r.Mean), r.Shard, strings.Join(r.Inputs, " ")})
			}
			if runs == nil {
				runs = []store.Run{}
			}
			return h.write(io, header, rows, struct {
				Schema string      `json:"schema"`
				Runs   []store.Run `json:"runs"`
			}{historyRunsSchema, runs})
		},
	}
	h.register(c.Flags())
	return c
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// parseDay reads a --since, --until or --before date, in UTC unless it
// says its zone.
func parseDay(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	p := importers.TimeParser{TZ: time.UTC, Order: importers.DateAuto}
	t, err := p.Parse(s)
	if err != nil {
		return t, usageError("write a date such as 2026-03-01 or 2026-03-01T00:00:00Z", "--%s: %v", flag, err)
	}
	return t, nil
}

// registerSpan adds --period, --since and --until, read by parseSpan.
func registerSpan(fs *pflag.FlagSet, period, since, until *string) {
	fs.StringVar(period, "period", store.Week, "week or month")
	fs.StringVar(since, "since", "", "only conversations that start at or after this time (2026-03-01 or RFC 3339)")
	fs.StringVar(until, "until", "", "only conversations that start before this time")
}

// parseSpan checks --period and reads --since and --until, which must be
// in order when both are given.
func parseSpan(period, since, until string) (from, to time.Time, err error) {
	if period != store.Week && period != store.Month {
		return from, to, usageError("", "--period %q: use week or month", period)
	}
	if from, err = parseDay("since", since); err != nil {
		return from, to, err
	}
	if to, err = parseDay("until", until); err != nil {
		return from, to, err
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return from, to, usageError("", "--since %s is not before --until %s", since, until)
	}
	return from, to, nil
}

func newHistoryTrendCmd(io *IO) *cobra.Command {
	var h historyOut
	var by, period, since, until string
	c := &cobra.Command{
		Use:   "trend",
		Short: "Scores per agent, team, channel or criterion, week by week or month by month",
		Long: `Show how scores moved over time: per week (from Monday) or month of the
conversations' start, in UTC, and per agent, team, channel or criterion, the
conversations, mean score, passed, pass rate and mean predicted CSAT. For a
criterion the figures are over the conversations it applied to.

A conversation in several runs counts once, with its result in the latest
of them, so scoring the same conversations again does not count them twice.
Conversations without a start time are left out.

` + historyExitCodes,
		Example: `  iqa history trend --db iqa.db
  iqa history trend --db iqa.db --by criterion --period month --since 2026-01-01 --until 2026-07-01
  iqa history trend --db iqa.db --by team --csv trend.csv`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if err := h.validate("trend"); err != nil {
				return err
			}
			switch by {
			case store.ByAgent, store.ByTeam, store.ByChannel, store.ByCriterion:
			default:
				return usageError("", "--by %q: use agent, team, channel or criterion", by)
			}
			q := store.TrendQuery{By: by, Period: period}
			var err error
			if q.Since, q.Until, err = parseSpan(period, since, until); err != nil {
				return err
			}
			st, err := openStore(c.Context(), h.db, true)
			if err != nil {
				return err
			}
			defer st.Close()
			trend, err := st.Trend(c.Context(), q)
			if err != nil {
				return &exitError{code: ExitBadInput, err: err}
			}
			header := []string{period, by, "conversations", "mean", "passed", "pass_rate", "predicted_csat"}
			var rows [][]string
			for _, t := range trend {
				csat := ""
				if t.CSAT != nil {
					csat = num(*t.CSAT)
				}
				group := t.Group
				if group == "" {
					group = "(none)"
				}
				rows = append(rows, []string{t.Period, group, strconv.Itoa(t.Conversations), num(t.Mean), strconv.Itoa(t.Passed), num(t.PassRate), csat})
			}
			if trend == nil {
				trend = []store.TrendRow{}
			}
			if len(trend) == 0 && h.csv != "-" && h.json != "-" {
				fmt.Fprintln(io.Err, "iqa: no stored conversation starts in that span")
			}
			return h.write(io, header, rows, struct {
				Schema string           `json:"schema"`
				By     string           `json:"by"`
				Period string           `json:"period"`
				Since  string           `json:"since,omitempty"`
				Until  string           `json:"until,omitempty"`
				Rows   []store.TrendRow `json:"rows"`
			}{historyTrendSchema, by, period, since, until, trend})
		},
	}
	h.register(c.Flags())
	fs := c.Flags()
	fs.StringVar(&by, "by", store.ByAgent, "group by agent, team, channel or criterion")
	registerSpan(fs, &period, &since, &until)
	return c
}

// weakestShown is how many of an agent's lowest-scoring criteria each
// period of 'iqa history agent' names: enough to coach on, few enough to read.
const weakestShown = 3

func newHistoryAgentCmd(io *IO) *cobra.Command {
	var h historyOut
	var period, since, until string
	c := &cobra.Command{
		Use:   "agent NAME",
		Short: "One agent's scores, pass rate, CSAT and weakest criteria, week by week or month by month",
		Long: `Show one agent's runs over time: per week (from Monday) or month of the
conversations' start, in UTC, the conversations, mean score, passed, pass
rate, mean predicted CSAT, each criterion's mean score (over the
conversations it applied to) and the weakest criteria: of those that failed
at least once in the period, the ` + strconv.Itoa(weakestShown) + ` with the lowest mean.

Conversations count as in 'iqa history trend': each once, with its result in
the latest run that has it; those without a start time are left out. NAME is
the agent as the results name it; an unknown name is an error that suggests
the nearest stored one.

` + historyExitCodes,
		Example: `  iqa history agent Ana --db iqa.db
  iqa history agent "Ben Ito" --db iqa.db --period month --since 2026-01-01 --until 2026-07-01
  iqa history agent Ana --db postgres://qa@db.internal/iqa --json - | jq '.periods[-1].weakest'`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError("name the agent, as in 'iqa history agent Ana --db iqa.db'", "history agent: give one agent name, got %d", len(args))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			if err := h.validate("agent"); err != nil {
				return err
			}
			q := store.AgentQuery{Agent: args[0], Period: period, Weakest: weakestShown}
			var err error
			if q.Since, q.Until, err = parseSpan(period, since, until); err != nil {
				return err
			}
			st, err := openStore(c.Context(), h.db, true)
			if err != nil {
				return err
			}
			defer st.Close()
			periods, err := store.AgentHistory(c.Context(), st, q)
			if errors.Is(err, store.ErrNoAgent) {
				return unknownAgent(c.Context(), st, h.db, q.Agent)
			}
			if err != nil {
				return &exitError{code: ExitBadInput, err: err}
			}
			header, rows := agentTable(period, periods)
			if len(periods) == 0 && h.csv != "-" && h.json != "-" {
				fmt.Fprintln(io.Err, "iqa: no stored conversation of that agent starts in that span")
			}
			return h.write(io, header, rows, struct {
				Schema  string              `json:"schema"`
				Agent   string              `json:"agent"`
				Period  string              `json:"period"`
				Since   string              `json:"since,omitempty"`
				Until   string              `json:"until,omitempty"`
				Periods []store.AgentPeriod `json:"periods"`
			}{historyAgentSchema, q.Agent, period, since, until, periods})
		},
	}
	h.register(c.Flags())
	fs := c.Flags()
	registerSpan(fs, &period, &since, &until)
	return c
}

// unknownAgent is the error for an agent no stored result has, with the
// nearest stored name when one is close.
func unknownAgent(ctx context.Context, st store.Store, db, agent string) error {
	agents, err := store.Agents(ctx, st)
	if err != nil {
		return &exitError{code: ExitBadInput, err: err}
	}
	hint := "see the agents with 'iqa history trend --db " + db + " --by agent'"
	if s := rubrics.Suggest(agent, agents); s != "" {
		return usageError(hint, "history agent: no agent %q in %s (did you mean %q?)", agent, store.DisplayName(db), s)
	}
	return usageError(hint, "history agent: no agent %q in %s", agent, store.DisplayName(db))
}

// agentTable lays an agent's periods out as one row a period, the
// criteria's means as id=mean in id order.
func agentTable(period string, periods []store.AgentPeriod) ([]string, [][]string) {
	header := []string{period, "conversations", "mean", "passed", "pass_rate", "predicted_csat", "criteria", "weakest"}
	var rows [][]string
	for _, p := range periods {
		csat := ""
		if p.CSAT != nil {
			csat = num(*p.CSAT)
		}
		crits := make([]string, len(p.Criteria))
		for i, cr := range p.Criteria {
			crits[i] = cr.ID + "=" + num(cr.Mean)
		}
		rows = append(rows, []string{p.Period, strconv.Itoa(p.Conversations), num(p.Mean), strconv.Itoa(p.Passed), num(p.PassRate), csat,
			strings.Join(crits, " "), strings.Join(p.Weakest, " ")})
	}
	return header, rows
}

func newHistoryPruneCmd(io *IO) *cobra.Command {
	var db, before string
	c := &cobra.Command{
		Use:   "prune",
		Short: "Delete the runs older than a date, with their results",
		Long: `Delete from the history store every run whose time (its --stamp time, else
when it was recorded) is before --before, with all its results, in one
transaction.

` + historyExitCodes,
		Example: `  iqa history prune --db iqa.db --before 2025-01-01
  iqa history prune --db postgres://qa@db.internal/iqa --before "$(date -d '1 year ago' +%F)"`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if db == "" {
				return usageError("pass the store the runs were recorded into", "history prune: --db is required")
			}
			if before == "" {
				return usageError("write a date such as 2025-01-01", "history prune: --before is required")
			}
			t, err := parseDay("before", before)
			if err != nil {
				return err
			}
			st, err := openStore(c.Context(), db, true)
			if err != nil {
				return err
			}
			defer st.Close()
			runs, results, err := st.Prune(c.Context(), t)
			if err != nil {
				return &exitError{code: ExitBadInput, err: err}
			}
			fmt.Fprintf(io.Out, "pruned %s (%s) from before %s\n", count(runs, "run"), count(results, "result"), t.Format(time.RFC3339))
			return nil
		},
	}
	c.Flags().StringVar(&db, "db", "", "the history store: a SQLite file (iqa.db) or postgres://... (required)")
	c.Flags().StringVar(&before, "before", "", "delete the runs before this time (2025-01-01 or RFC 3339; required)")
	return c
}
