package cmd

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/iqa-cli/iqa/reports"
	"github.com/iqa-cli/iqa/scoring"
)

// ReportOptions are `iqa report`'s inputs and flags.
type ReportOptions struct {
	Results []string
	Report  reportFlags
	// AllowMixedRubrics merges results scored with different rubrics.
	AllowMixedRubrics bool
	DB                string
	flags             *pflag.FlagSet
}

func newReportCmd(io *IO, runF func(context.Context, *ReportOptions) error) *cobra.Command {
	opts := &ReportOptions{}
	c := &cobra.Command{
		Use:   "report RESULTS.jsonl...",
		Short: "Render reports and apply gates from results files, without scoring again",
		Long: `Read results written by 'iqa score --json' (one file, or the shards of one run)
and write reports and apply quality gates from them, without scoring again.
Shards are merged back into the order of a single run, so the reports are
identical to those a single machine would have written.

The files must belong together: results scored with different rubrics are
refused unless --allow-mixed-rubrics is given (the reports then list every
rubric), and shards (score --shard I/N) must be every shard of one run, each
once, with the same inputs and selection; a missing, repeated or foreign
shard is refused, naming it.

` + exitCodeHelp,
		Example: `  iqa report results.jsonl --csv results.csv
  iqa report shard-*.jsonl --json all.jsonl --junit junit.xml --fail-under 75`,
		Args: minArgs(1, "RESULTS.jsonl files written by 'iqa score --json'"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Results = args
			opts.flags = c.Flags()
			if err := opts.Report.validate(c.Flags()); err != nil {
				return err
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runReport(c.Context(), io, opts)
		},
	}
	opts.Report.register(c.Flags(), true)
	registerDB(c.Flags(), &opts.DB)
	c.Flags().BoolVar(&opts.AllowMixedRubrics, "allow-mixed-rubrics", false, "merge results scored with different rubrics (name, version or hash); reports list them all")
	return c
}

func runReport(ctx context.Context, io *IO, opts *ReportOptions) error {
	var files []reports.ResultsFile
	for _, name := range opts.Results {
		f, err := os.Open(name)
		if err != nil {
			return usageError("", "%s: %v", name, unwrapPath(err))
		}
		defer f.Close()
		files = append(files, reports.ResultsFile{Name: name, R: f})
	}
	rec, err := openRecorder(ctx, opts.DB)
	if err != nil {
		return err
	}
	defer rec.close()
	var outs outputs
	defer outs.abort()
	writers, err := opts.Report.open(&outs, io.Out)
	if err != nil {
		return err
	}
	closing := false
	defer func() {
		if !closing {
			reports.Discard(writers) // the run failed: no spool file stays behind
		}
	}()
	sum := reports.NewSummary(reports.RunInfo{})
	err = reports.MergeResultsWith(files, sum, reports.MergeOptions{AllowMixedRubrics: opts.AllowMixedRubrics}, func(r *scoring.Result) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		opts.Report.mask(r)
		sum.Add(r)
		if err := rec.add(r); err != nil {
			return err
		}
		return writers.Write(r)
	})
	if err != nil {
		return &exitError{code: ExitBadInput, err: err}
	}
	if sum.Conversations == 0 && sum.Rejected == 0 {
		return &exitError{code: ExitBadInput, err: fmt.Errorf("no results in %s", count(len(files), "file"))}
	}
	closing = true
	if err := writers.Close(sum); err != nil {
		return err
	}
	if err := rec.commit(ctx, io, sum, nil, false); err != nil {
		return err
	}
	if err := outs.commit(); err != nil {
		return err
	}
	return opts.Report.finish(io, opts.flags, sum)
}
