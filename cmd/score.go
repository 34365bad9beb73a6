package cmd

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/iqa-cli/iqa/importers"
	"github.com/iqa-cli/iqa/reports"
	"github.com/iqa-cli/iqa/rubrics"
	"github.com/iqa-cli/iqa/scoring"
)

// ScoreOptions are `iqa score`'s inputs and flags.
type ScoreOptions struct {
	Inputs   []string
	Rubric   string
	Workers  int
	Agents   []string
	Teams    []string
	Channels []string
	Since    string
	Until    string
	Sample   string
	PerAgent int
	Seed     uint64
	Shard    string
	Progress bool
	Quiet    bool
	DB       string
	Import   importFlags
	Report   reportFlags
	Surveys  surveyFlags

	flags *pflag.FlagSet
}

func newScoreCmd(io *IO, runF func(context.Context, *ScoreOptions) error) *cobra.Command {
	opts := &ScoreOptions{}
	c := &cobra.Command{
		Use:   "score INPUTS...",
		Short: "Score conversations against a rubric and write reports",
		Long: `Import exports in any format iqa knows (detected per file; see 'iqa formats'),
score every conversation against a rubric, print a summary, and write the
reports asked for. INPUTS are files, folders (read recursively), glob patterns,
or - for standard input; .gz files are read transparently.

Outputs are identical, byte for byte, for the same inputs, rubric and flags,
whatever --workers is. Report files are written under temporary names and
renamed at the end, so a failed or interrupted run leaves none behind.

Sampling and shards are chosen by a seeded hash of the conversation id, so the
same conversations are chosen on every run and every machine. Score shards on
several machines with --shard I/N --json, then merge them with 'iqa report'.

A conversation where the customer wrote and no agent or bot replied is
"unanswered": it scores 0 and is listed as unanswered in every report. When
any gate is asked for (--fail-under, --max-fail-rate, --fail-on-critical, or
--unanswered fail itself), an unanswered conversation fails the run (exit 1)
and counts as failed in the other gates, unless --unanswered skip leaves it
out of the gates.

` + surveysHelp + `

` + exitCodeHelp,
		Example: `  iqa score testdata/samples
  iqa score exports/ --rubric qa.yaml --json results.jsonl --junit junit.xml
  iqa score chats.csv --agent Ana --since 2026-01-01 --sample 10% --seed 7
  iqa score regression/ --rubric chatbot --fail-under 80 --fail-on-critical --summary json
  iqa score exports/ --max-fail-rate 10 --unanswered skip
  iqa score tickets.json --recontact-window 3d --summary json
  iqa score corpus/ --shard 3/8 --json shard-3.jsonl --summary none
  iqa score tickets.json --surveys responses.json,details.json --survey-key id=ticket_id --html report.html`,
		Args: minArgs(1, "INPUTS (files, folders, patterns or -)"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Inputs = args
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
			return runScore(c.Context(), io, opts)
		},
	}
	fs := c.Flags()
	fs.StringVarP(&opts.Rubric, "rubric", "r", "default", "built-in rubric name (see 'iqa rubric list') or a rubric file")
	fs.IntVarP(&opts.Workers, "workers", "w", runtime.NumCPU(), "CPUs to use: conversations scored in parallel")
	fs.Lookup("workers").DefValue = "all" // not this machine's count: help reads the same everywhere
	fs.StringSliceVar(&opts.Agents, "agent", nil, "score only these agents (repeatable, or comma-separated)")
	fs.StringSliceVar(&opts.Teams, "team", nil, "score only these teams")
	fs.StringSliceVar(&opts.Channels, "channel", nil, "score only these channels: chat, email, call, sms, social, other")
	fs.StringVar(&opts.Since, "since", "", "score only conversations that start at or after this time (2026-01-02 or RFC 3339)")
	fs.StringVar(&opts.Until, "until", "", "score only conversations that start before this time")
	fs.StringVar(&opts.Sample, "sample", "", "score a reproducible sample: a percentage (5%) or a number (200)")
	fs.IntVar(&opts.PerAgent, "per-agent", 0, "score at most this many conversations per agent (a reproducible sample)")
	fs.Uint64Var(&opts.Seed, "seed", 1, "seed of the sampling hash; another seed draws another sample")
	fs.StringVar(&opts.Shard, "shard", "", "score only shard I of N (I/N), chosen by a hash of the conversation id")
	fs.BoolVar(&opts.Progress, "progress", false, "show a progress bar on stderr even when it is not a terminal")
	fs.BoolVarP(&opts.Quiet, "quiet", "q", false, "no progress bar, warnings or reject lines on stderr; errors still show")
	opts.Report.register(fs, true)
	opts.Import.register(fs)
	opts.Surveys.register(fs)
	registerDB(fs, &opts.DB)
	return c
}

// selection turns the filter and sampling flags into a scoring.Selection.
func (o *ScoreOptions) selection(tz *time.Location) (scoring.Selection, error) {
	sel := scoring.Selection{Agents: o.Agents, Teams: o.Teams, Seed: o.Seed, PerAgent: o.PerAgent}
	for _, ch := range o.Channels {
		c, ok := parseChannel(ch)
		if !ok {
			return sel, usageError("", "--channel %q: use chat, email, call, sms, social or other", ch)
		}
		sel.Channels = append(sel.Channels, c)
	}
	times := importers.TimeParser{TZ: tz, Order: importers.DateAuto}
	var err error
	if o.Since != "" {
		if sel.Since, err = times.Parse(o.Since); err != nil {
			return sel, usageError("write a date such as 2026-01-02 or 2026-01-02T15:04:05Z", "--since: %v", err)
		}
	}
	if o.Until != "" {
		if sel.Until, err = times.Parse(o.Until); err != nil {
			return sel, usageError("write a date such as 2026-01-31 or 2026-01-31T00:00:00Z", "--until: %v", err)
		}
	}
	if o.Sample != "" {
		if sel.SamplePercent, sel.SampleCount, err = scoring.ParseSample(o.Sample); err != nil {
			return sel, usageError("", "--%v", err)
		}
	}
	if o.PerAgent < 0 {
		return sel, usageError("", "--per-agent %d: give a positive number", o.PerAgent)
	}
	if o.Shard != "" {
		if sel.Shard, sel.Shards, err = scoring.ParseShard(o.Shard); err != nil {
			return sel, usageError("", "--%v", err)
		}
	}
	if err := sel.Validate(); err != nil {
		return sel, usageError("", "%v", err)
	}
	return sel, nil
}

func parseChannel(s string) (string, bool) {
	for _, known := range []string{"chat", "email", "call", "sms", "social", "other"} {
		if strings.EqualFold(strings.TrimSpace(s), known) {
			return known, true
		}
	}
	return "", false
}

// loadEngine resolves a rubric name or file and compiles it.
func loadEngine(name string) (*rubrics.Rubric, *scoring.Engine, error) {
	r, err := resolveRubric(name)
	if err != nil {
		return nil, nil, err
	}
	engine, err := scoring.New(r)
	if err != nil {
		return nil, nil, &exitError{code: ExitBadInput, err: fmt.Errorf("rubric %s: %v", r.Source, err)}
	}
	return r, engine, nil
}

func runScore(ctx context.Context, io *IO, opts *ScoreOptions) error {
	if opts.Workers < 1 {
		return usageError("", "--workers %d: give at least 1", opts.Workers)
	}
	// Importing and writing run beside the scoring workers; bounding the
	// CPUs as well makes --workers 1 really use one, on a shared CI box.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(opts.Workers))
	imOpts, inputs, err := opts.Import.resolve(opts.Inputs)
	if err != nil {
		return err
	}
	sel, err := opts.selection(imOpts.TZ)
	if err != nil {
		return err
	}
	rubric, engine, err := loadEngine(opts.Rubric)
	if err != nil {
		return err
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
	rejects, err := openRejectLog(io, &outs, opts.Import.rejects, opts.Quiet)
	if err != nil {
		return err
	}
	sum := reports.NewSummary(runInfo(inputs, &sel, opts.Report.stamp, io.Now))
	fcr := opts.Report.recontacts()
	sum.Run.Rubric = scoring.RubricRef{Name: rubric.Name, Version: rubric.Version, Hash: rubric.Hash}

	bar := newProgress(io, inputs, opts.Progress, opts.Quiet)
	b := batch{
		inputs:         inputs,
		importer:       importers.Importer{Opts: imOpts, Stdin: io.In, OnReject: rejects.reject, OnWarn: rejects.warn, OnRead: bar.read, OnNoChannel: rejects.missingChannel},
		selection:      sel,
		engine:         engine,
		workers:        opts.Workers,
		onConversation: bar.conversation,
	}
	_, err = b.run(ctx, func(r *scoring.Result) error {
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
	bar.finish()
	if err != nil {
		return err
	}
	if err := b.matched.check(&sel); err != nil {
		return err
	}
	addRejects(sum, rejects)
	rejects.warnNoChannel(noChannelScored)
	if opts.Import.strict && rejects.count > 0 {
		return &exitError{code: ExitBadInput, err: fmt.Errorf("%s, and --strict is set; no report was written", rejects.summary(opts.Import.rejects))}
	}
	sum.Surveys = surveys.Stats()
	sum.FCR = fcr.Stats()
	closing = true
	if err := writers.Close(sum); err != nil {
		return err
	}
	if err := rec.commit(ctx, io, sum, rubric, opts.Quiet); err != nil {
		return err
	}
	if err := outs.commit(); err != nil {
		return err
	}
	warnUnmatched(io.Err, sum.Surveys, opts.Quiet, true)
	if s := rejects.summary(opts.Import.rejects); s != "" && !opts.Quiet {
		fmt.Fprintf(io.Err, "iqa: %s\n", s)
	}
	return opts.Report.finish(io, opts.flags, sum)
}
