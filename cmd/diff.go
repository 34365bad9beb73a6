package cmd

import (
	"context"
	"errors"
	"fmt"
	stdio "io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/iqa-cli/iqa/reports"
	"github.com/iqa-cli/iqa/reports/store"
)

// DiffOptions are `iqa diff`'s inputs and flags.
type DiffOptions struct {
	Baseline, Current []string
	DB                string
	BaselineRun       string
	CurrentRun        string
	AllowRubricChange bool
	MinDelta          float64
	MaxRegressions    int
	MaxMeanDrop       float64
	FailOnNewFailures bool
	Seed              uint64
	Markdown          string
	JSON              string
	JUnit             string
	Summary           string

	flags *pflag.FlagSet
}

const diffExitCodes = `Exit codes:
  0    success: no gate failed
  1    a gate failed (--max-regressions, --max-mean-drop, --fail-on-new-failures)
  2    bad usage, unreadable input, or a rubric change without --allow-rubric-change`

func newDiffCmd(io *IO, runF func(context.Context, *DiffOptions) error) *cobra.Command {
	opts := &DiffOptions{}
	c := &cobra.Command{
		Use:   "diff BASELINE.jsonl CURRENT.jsonl",
		Short: "Compare a run's results with a baseline's and gate on regressions",
		Long: `Compare the results of two runs written by 'iqa score --json', conversation by
conversation (matched by id): which improved, regressed or stayed the same,
which were added or removed, the mean score change with a bootstrap 95%
interval, each criterion's change and the conversations that flipped between
pass and fail, and the conversations that newly fail with the criteria
responsible and their evidence before and after.

Give two files, or the shards of each run with --baseline and --current
(repeatable), or runs of the history store with --db and --baseline-run,
--current-run (an id from 'iqa history runs', latest, or latest~N: N runs
before the latest; by default the latest run against the one before it). A
stored run and files mix: --db iqa.db --baseline-run latest --current c.jsonl. A change is a score difference of at least --min-delta points.
The interval is a paired percentile bootstrap of 2000 resamples seeded with
--seed, so the same inputs always give the same interval.

Runs scored with different rubrics (name, version or hash) are refused unless
--allow-rubric-change, which then shows the change. Output files are written
under temporary names and renamed at the end.

` + diffExitCodes,
		Example: `  iqa diff baseline.jsonl current.jsonl
  iqa diff --baseline base-1.jsonl --baseline base-2.jsonl --current cur-1.jsonl --current cur-2.jsonl
  iqa diff base.jsonl cur.jsonl --max-regressions 0 --max-mean-drop 1 --fail-on-new-failures
  iqa diff base.jsonl cur.jsonl --markdown "$GITHUB_STEP_SUMMARY" --junit diff.xml
  iqa diff base.jsonl cur.jsonl --json - --summary none | jq .mean_delta
  iqa diff --db iqa.db --baseline-run latest~1 --current-run latest --max-mean-drop 1
  iqa diff --db iqa.db --baseline-run 3f2a9c0d1b --current cur.jsonl`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 0 && len(args) != 2 {
				return usageError("see 'iqa diff --help'", "diff: give BASELINE and CURRENT results files, or --baseline and --current")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			opts.flags = c.Flags()
			if err := opts.validate(args); err != nil {
				return err
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runDiff(c.Context(), io, opts)
		},
	}
	fs := c.Flags()
	fs.StringArrayVar(&opts.Baseline, "baseline", nil, "a results file of the baseline run (repeat for shards)")
	fs.StringArrayVar(&opts.Current, "current", nil, "a results file of the current run (repeat for shards)")
	fs.StringVar(&opts.DB, "db", "", "read runs from the history store at this URL (a SQLite file or postgres://...)")
	fs.StringVar(&opts.BaselineRun, "baseline-run", "", "with --db: the baseline run: an id, latest or latest~N (default latest~1)")
	fs.StringVar(&opts.CurrentRun, "current-run", "", "with --db: the current run (default latest)")
	fs.BoolVar(&opts.AllowRubricChange, "allow-rubric-change", false, "compare runs scored with different rubrics, and say so")
	fs.Float64Var(&opts.MinDelta, "min-delta", 0.5, "the smallest score change, in points, that counts as improved or regressed")
	fs.IntVar(&opts.MaxRegressions, "max-regressions", 0, "exit 1 if more than this many conversations regressed")
	fs.Float64Var(&opts.MaxMeanDrop, "max-mean-drop", 0, "exit 1 if the mean score fell by more than this many points")
	fs.BoolVar(&opts.FailOnNewFailures, "fail-on-new-failures", false, "exit 1 if any conversation that passed in the baseline fails now")
	fs.Uint64Var(&opts.Seed, "seed", reports.DefaultDiffSeed, "seed of the bootstrap behind the mean delta's interval")
	fs.StringVar(&opts.Markdown, "markdown", "", "write the diff as GitHub-flavoured markdown (a PR comment, $GITHUB_STEP_SUMMARY), - for stdout")
	fs.StringVar(&opts.JSON, "json", "", "write the whole diff as JSON (schema iqa.diff/v1), - for stdout")
	fs.StringVar(&opts.JUnit, "junit", "", "write JUnit XML: a failing test case per conversation that regressed or newly failed")
	fs.StringVar(&opts.Summary, "summary", "text", "the diff on stdout: text or none")
	return c
}

func (o *DiffOptions) validate(args []string) error {
	hint := "see 'iqa diff --help'"
	if len(args) == 2 {
		if len(o.Baseline) > 0 || len(o.Current) > 0 {
			return usageError(hint, "give the runs either as two files or with --baseline and --current, not both")
		}
		o.Baseline, o.Current = args[:1], args[1:]
	}
	if o.DB == "" && (o.BaselineRun != "" || o.CurrentRun != "") {
		return usageError("add --db with the store the runs were recorded into", "--baseline-run and --current-run need --db")
	}
	if o.DB != "" {
		// Each side is a stored run or results files; a side given
		// neither way is the latest run (current) or the one before it.
		if (o.BaselineRun != "" && len(o.Baseline) > 0) || (o.CurrentRun != "" && len(o.Current) > 0) {
			return usageError(hint, "give each side either as a stored run or as results files, not both")
		}
		if o.BaselineRun == "" && len(o.Baseline) == 0 {
			o.BaselineRun = "latest~1"
		}
		if o.CurrentRun == "" && len(o.Current) == 0 {
			o.CurrentRun = "latest"
		}
	}
	if (len(o.Baseline) == 0 && o.BaselineRun == "") || (len(o.Current) == 0 && o.CurrentRun == "") {
		return usageError(hint, "diff: give BASELINE and CURRENT results files, or --baseline and --current")
	}
	fs := o.flags
	if o.MinDelta < 0 || o.MinDelta > 100 {
		return usageError("", "--min-delta %v: give points from 0 to 100", o.MinDelta)
	}
	if fs.Changed("max-regressions") && o.MaxRegressions < 0 {
		return usageError("", "--max-regressions %d: give 0 or more", o.MaxRegressions)
	}
	if fs.Changed("max-mean-drop") && (o.MaxMeanDrop < 0 || o.MaxMeanDrop > 100) {
		return usageError("", "--max-mean-drop %v: give points from 0 to 100", o.MaxMeanDrop)
	}
	switch o.Summary {
	case "text", "none":
	default:
		return usageError("", "--summary %q: use text or none", o.Summary)
	}
	stdout := 0
	for _, p := range []string{o.Markdown, o.JSON, o.JUnit} {
		if p == "-" {
			stdout++
		}
	}
	if stdout > 1 || (stdout == 1 && o.Summary != "none") {
		return usageError("add --summary none when an output goes to stdout", "only one thing can be written to stdout")
	}
	return nil
}

func (o *DiffOptions) gates() reports.DiffGates {
	g := reports.DiffGates{FailOnNewFailures: o.FailOnNewFailures}
	if o.flags.Changed("max-regressions") {
		n := o.MaxRegressions
		g.MaxRegressions = &n
	}
	if o.flags.Changed("max-mean-drop") {
		v := o.MaxMeanDrop
		g.MaxMeanDrop = &v
	}
	return g
}

func runDiff(ctx context.Context, io *IO, opts *DiffOptions) error {
	var st store.Store
	if opts.DB != "" {
		var err error
		if st, err = openStore(ctx, opts.DB, true); err != nil {
			return err
		}
		defer st.Close()
	}
	baseline, err := diffSide(ctx, st, opts.BaselineRun, opts.Baseline)
	if err != nil {
		return err
	}
	current, err := diffSide(ctx, st, opts.CurrentRun, opts.Current)
	if err != nil {
		return err
	}
	d, err := reports.Compare(baseline, current,
		reports.DiffOptions{MinDelta: opts.MinDelta, AllowRubricChange: opts.AllowRubricChange, Seed: opts.Seed})
	if err != nil {
		var rc *reports.RubricChangeError
		if errors.As(err, &rc) {
			return &exitError{code: ExitBadInput, err: err, hint: rc.Hint()}
		}
		return &exitError{code: ExitBadInput, err: err}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	d.Gates = opts.gates().Check(d)

	var outs outputs
	defer outs.abort()
	for _, out := range []struct {
		path  string
		write func(stdio.Writer, *reports.Diff) error
	}{
		{opts.Markdown, reports.WriteDiffMarkdown},
		{opts.JSON, reports.WriteDiffJSON},
		{opts.JUnit, reports.WriteDiffJUnit},
	} {
		if out.path == "" {
			continue
		}
		w, err := outs.create(out.path, io.Out)
		if err != nil {
			return err
		}
		if err := out.write(w, d); err != nil {
			return fmt.Errorf("write %s: %v", out.path, err)
		}
	}
	if err := outs.commit(); err != nil {
		return err
	}
	if opts.Summary == "text" {
		if err := reports.WriteDiffText(io.Out, d, io.OutTTY); err != nil {
			return err
		}
		if err := reports.WriteDiffGates(io.Out, d.Gates, io.OutTTY); err != nil {
			return err
		}
	}
	return gatesFailed(io, d.Gates)
}
