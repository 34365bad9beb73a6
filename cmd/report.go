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
	Surveys           surveyFlags
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

` + surveysHelp + `

` + exitCodeHelp,
		Example: `  iqa report results.jsonl --csv results.csv
  iqa report shard-*.jsonl --json all.jsonl --junit junit.xml --fail-under 75
  iqa report results.jsonl --html report.html --unanswered skip
  iqa report week-*.jsonl --recontact-window 36h
  iqa report results.jsonl --surveys qualtrics.csv --summary json`,
		Args: minArgs(1, "RESULTS.jsonl files written by 'iqa score --json'"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Results = args
			opts.flags = c.Flags()
			if err := opts.Report.validate(c.Flags()); err != nil {
				return err
			}
			if err := opts.Surveys.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runReport(c.Context(), io, opts)
		},
	}
	opts.Report.register(c.Flags(), true)
	opts.Surveys.register(c.Flags())
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
	surveys, err := opts.Surveys.load(true, opts.Report.redact)
	if err != nil {
		return err
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
	fcr := opts.Report.recontacts()
	bare := 0 // results written without their transcripts
	err = reports.MergeResultsWith(files, sum, reports.MergeOptions{AllowMixedRubrics: opts.AllowMixedRubrics}, func(r *scoring.Result) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if reports.MissingTranscript(r) {
			bare++
		}
		surveys.Observe(r) // before the mask: a customer's e-mail address may be the key
		// The customer's identity too: masking would blur it.
		identity := reports.CustomerIdentity(r)
		opts.Report.mask(r)
		sum.Add(r)
		fcr.Add(r, identity)
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
	sum.Surveys = surveys.Stats()
	sum.FCR = fcr.Stats()
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
	if opts.Report.html != "" {
		warnBare(io, bare, "the HTML report shows no messages or evidence excerpts for them")
	}
	warnUnmatched(io.Err, sum.Surveys, false, true)
	return opts.Report.finish(io, opts.flags, sum)
}

// warnBare says, in one line, what the reports cannot show of n results
// written by 'score --json-transcripts=false'.
func warnBare(io *IO, n int, what string) {
	if n > 0 {
		fmt.Fprintf(io.Err, "iqa: warning: %s written without transcripts (score --json-transcripts=false): %s; score with transcripts to see them\n", count(n, "result"), what)
	}
}
