package cmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/iqa-cli/iqa/importers"
	"github.com/iqa-cli/iqa/reports"
	"github.com/iqa-cli/iqa/rubrics"
	"github.com/iqa-cli/iqa/scoring"
)

// CoachOptions are `iqa coach`'s inputs and flags.
type CoachOptions struct {
	Inputs           []string
	Results          []string
	Agents           []string
	Rubric           string
	MinConversations int
	Redact           bool
	Out              string
	Workers          int
	Quiet            bool
	Import           importFlags
	Surveys          surveyFlags
}

func newCoachCmd(io *IO, runF func(context.Context, *CoachOptions) error) *cobra.Command {
	opts := &CoachOptions{}
	c := &cobra.Command{
		Use:   "coach INPUTS... | --results RESULTS.jsonl... -o DIR",
		Short: "Write coaching pages for trainers: one self-contained HTML page per agent",
		Long: `Score exports (or read results written by 'iqa score --json') and write, in
DIR, index.html listing every agent and one page per agent: where they stand
against the team, their strengths, the two or three criteria that would raise
their score most with the rubric's coaching text and excerpts of their own
conversations, and the conversations to review together.

Agents with fewer than --min-conversations conversations are marked "too few
conversations to judge" and not ranked. --redact masks e-mail addresses, phone
numbers, card numbers and long digit runs on every page. Pages are written
under temporary names and renamed at the end. With --surveys, each agent's
page shows their survey CSAT (or NPS) beside the predicted one.

` + noGateExitCodes,
		Example: `  iqa coach exports/ --redact -o coaching/
  iqa coach --results results.jsonl --agent "Ana Souza" -o coaching/
  iqa coach exports/ --rubric qa.yaml --min-conversations 10 -o coaching/
  iqa coach --results results.jsonl --surveys qualtrics.csv -o coaching/`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Inputs = args
			switch {
			case len(args) == 0 && len(opts.Results) == 0:
				return usageError("see 'iqa coach --help'", "coach: missing INPUTS or --results RESULTS.jsonl")
			case len(args) > 0 && len(opts.Results) > 0:
				return usageError("score exports, or read results, not both", "coach: give INPUTS or --results, not both")
			case opts.Out == "":
				return usageError("name the folder for the pages, e.g. -o coaching/", "coach: missing -o DIR")
			case opts.MinConversations < 1:
				return usageError("", "--min-conversations %d: give at least 1", opts.MinConversations)
			case opts.Workers < 1:
				return usageError("", "--workers %d: give at least 1", opts.Workers)
			}
			if err := opts.Surveys.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runCoach(c.Context(), io, opts)
		},
	}
	fs := c.Flags()
	fs.StringArrayVar(&opts.Results, "results", nil, "read results written by 'iqa score --json' instead of scoring (repeatable; shards merge)")
	fs.StringSliceVar(&opts.Agents, "agent", nil, "write pages only for these agents (repeatable); the team's figures still cover everyone")
	fs.StringVarP(&opts.Rubric, "rubric", "r", "default", "rubric to score with, and whose coaching text the pages show")
	fs.IntVar(&opts.MinConversations, "min-conversations", reports.MinRankedConversations, "conversations an agent needs to be ranked and judged (as in the HTML report and the workbook)")
	fs.BoolVar(&opts.Redact, "redact", false, "mask e-mail addresses, phone numbers, card numbers and long digit runs")
	fs.StringVarP(&opts.Out, "out", "o", "", "folder to write index.html and the agents' pages to (created if missing)")
	registerScoringFlags(fs, &opts.Workers, &opts.Quiet, &opts.Import)
	opts.Surveys.register(fs)
	return c
}

// registerScoringFlags adds the flags of a command that scores its inputs
// like coach and calibrate do: workers, quiet and the import flags.
func registerScoringFlags(fs *pflag.FlagSet, workers *int, quiet *bool, imp *importFlags) {
	fs.IntVarP(workers, "workers", "w", runtime.NumCPU(), "conversations scored in parallel")
	fs.Lookup("workers").DefValue = "one per CPU" // not this machine's count: help reads the same everywhere
	fs.BoolVarP(quiet, "quiet", "q", false, "no warnings or reject lines on stderr; errors still show")
	imp.register(fs)
}

func runCoach(ctx context.Context, io *IO, opts *CoachOptions) error {
	var rubric *rubrics.Rubric
	var engine *scoring.Engine
	var err error
	if len(opts.Results) > 0 {
		// Results carry scores, not advice: the coaching text comes from the
		// rubric named here.
		if rubric, err = rubrics.Resolve(opts.Rubric); err != nil {
			return &exitError{code: ExitBadInput, err: err, hint: "name the rubric the results were scored with: --rubric NAME|FILE"}
		}
	} else if rubric, engine, err = loadEngine(opts.Rubric); err != nil {
		return err
	}
	coaching := map[string]string{}
	for _, c := range rubric.Criteria {
		if c.Coaching != "" {
			coaching[c.ID] = c.Coaching
		}
	}
	surveys, err := opts.Surveys.load(true, opts.Redact)
	if err != nil {
		return err
	}
	var outs outputs
	defer outs.abort()
	coach := reports.NewCoach(reports.CoachOptions{Coaching: coaching, MinConversations: opts.MinConversations, Agents: agentNames(opts.Agents, opts.Redact)})
	bare := 0 // results read without their transcripts
	consume := func(sum *reports.Summary) func(*scoring.Result) error {
		return func(r *scoring.Result) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if reports.MissingTranscript(r) {
				bare++
			}
			surveys.Observe(r) // before redacting: a customer's e-mail address may be the key
			if opts.Redact {
				reports.RedactResult(r)
			}
			sum.Add(r)
			return coach.Write(r)
		}
	}
	var sum *reports.Summary
	if len(opts.Results) > 0 {
		if sum, err = resultsFrom(opts.Results, consume); err != nil {
			return err
		}
	} else if sum, err = scoreInputs(ctx, io, inputScoring{opts.Inputs, opts.Workers, opts.Quiet, &opts.Import}, rubric, engine, &outs, consume); err != nil {
		return err
	}
	if sum.Conversations == 0 {
		return &exitError{code: ExitBadInput, err: fmt.Errorf("no conversation was scored; no coaching page was written")}
	}
	if missing := missingAgents(opts.Agents, opts.Redact, sum); len(missing) > 0 {
		return usageError("agents are named as in the exports; list them with 'iqa score INPUTS --summary json'",
			"no conversations by %s", strings.Join(missing, ", "))
	}
	if sum.Run.Rubric.Name != "" && sum.Run.Rubric.Name != rubric.Name && !opts.Quiet {
		fmt.Fprintf(io.Err, "iqa: warning: results were scored with rubric %q; coaching text is from %q (set --rubric)\n", sum.Run.Rubric.Name, rubric.Name)
	}
	if !opts.Quiet {
		warnBare(io, bare, "the coaching pages show no excerpts of their conversations")
	}
	sum.Surveys = surveys.Stats()
	warnUnmatched(io.Err, sum.Surveys, opts.Quiet, false)
	if err := coach.Close(sum); err != nil {
		return err
	}
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return &exitError{code: ExitBadInput, err: fmt.Errorf("cannot create %s: %v", opts.Out, unwrapPath(err))}
	}
	if err := coach.WritePages(pagesIn(&outs, opts.Out)); err != nil {
		return err
	}
	if err := outs.commit(); err != nil {
		return err
	}
	fmt.Fprintf(io.Out, "wrote %s and %s\n", count(len(coach.Agents()), "coaching page"), filepath.Join(opts.Out, "index.html"))
	return nil
}

// resultsFrom reads results files written by 'iqa score --json' (shards
// merge) and hands each result to consume.
func resultsFrom(names []string, consume func(*reports.Summary) func(*scoring.Result) error) (*reports.Summary, error) {
	var files []reports.ResultsFile
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return nil, usageError("", "%s: %v", name, unwrapPath(err))
		}
		defer f.Close()
		files = append(files, reports.ResultsFile{Name: name, R: f})
	}
	sum := reports.NewSummary(reports.RunInfo{})
	if err := reports.MergeResults(files, sum, consume(sum)); err != nil {
		if ee, ok := err.(*exitError); ok {
			return nil, ee
		}
		return nil, &exitError{code: ExitBadInput, err: err}
	}
	return sum, nil
}

// inputScoring is what scoreInputs needs of a command's options.
type inputScoring struct {
	inputs  []string
	workers int
	quiet   bool
	imp     *importFlags
}

// scoreInputs imports and scores every conversation in the inputs (no
// filters: a team's figures need them all) and hands each result to
// consume; rejects are counted, and fail the run under --strict.
func scoreInputs(ctx context.Context, io *IO, opts inputScoring, rubric *rubrics.Rubric, engine *scoring.Engine, outs *outputs,
	consume func(*reports.Summary) func(*scoring.Result) error) (*reports.Summary, error) {
	imOpts, inputs, err := opts.imp.resolve(opts.inputs)
	if err != nil {
		return nil, err
	}
	rejects, err := openRejectLog(io, outs, opts.imp.rejects, opts.quiet)
	if err != nil {
		return nil, err
	}
	var sel scoring.Selection
	sum := reports.NewSummary(runInfo(inputs, &sel, false, io.Now))
	sum.Run.Rubric = scoring.RubricRef{Name: rubric.Name, Version: rubric.Version, Hash: rubric.Hash}
	b := batch{
		inputs:   inputs,
		importer: importers.Importer{Opts: imOpts, Stdin: io.In, OnReject: rejects.reject, OnWarn: rejects.warn, OnNoChannel: rejects.missingChannel},
		engine:   engine,
		workers:  opts.workers,
	}
	if _, err := b.run(ctx, consume(sum)); err != nil {
		return nil, err
	}
	addRejects(sum, rejects)
	rejects.warnNoChannel(noChannelScored)
	if opts.imp.strict && rejects.count > 0 {
		return nil, &exitError{code: ExitBadInput, err: fmt.Errorf("%s, and --strict is set; nothing was written", rejects.summary(opts.imp.rejects))}
	}
	if s := rejects.summary(opts.imp.rejects); s != "" && !opts.quiet {
		fmt.Fprintf(io.Err, "iqa: %s\n", s)
	}
	return sum, nil
}

// agentNames are the agents asked for as the results name them: under
// --redact, an agent named by an e-mail address is known by a pseudonym.
func agentNames(want []string, redact bool) []string {
	if !redact {
		return want
	}
	out := make([]string, len(want))
	for i, a := range want {
		out[i] = reports.RedactName(a, "agent")
	}
	return out
}

// missingAgents are the agents asked for that have no conversation.
func missingAgents(want []string, redact bool, sum *reports.Summary) []string {
	var missing []string
	for i, a := range agentNames(want, redact) {
		if sum.Agents[a] == nil {
			missing = append(missing, fmt.Sprintf("%q", want[i]))
		}
	}
	return missing
}

// pagesIn creates each page under its temporary name in dir.
func pagesIn(outs *outputs, dir string) func(name string) (io.Writer, error) {
	return func(name string) (io.Writer, error) { return outs.create(filepath.Join(dir, name), nil) }
}
