package cmd

import (
	"context"
	"fmt"
	goio "io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/iqa-cli/iqa/reports"
	"github.com/iqa-cli/iqa/rubrics"
	"github.com/iqa-cli/iqa/scoring"
	"github.com/iqa-cli/iqa/scoring/calibrate"
)

// CalibrateOptions are `iqa calibrate`'s inputs and flags.
type CalibrateOptions struct {
	Inputs  []string
	Results []string
	Grades  string
	CSAT    string
	Rubric  string
	Scale   string
	JSON    string
	HTML    string
	Fit     string
	Seed    uint64
	Workers int
	Quiet   bool
	Import  importFlags
	Surveys surveyFlags
}

const calibrateExitHelp = `Exit codes:
  0    success (with --fit: the tuned rubric was written)
  1    --fit: the fitted weights did not improve cross-validated agreement; nothing was written
  2    bad usage, a bad rubric, unreadable input or grades file, or too few grades to fit
  130  interrupted (Ctrl-C); no partial output file is left behind`

func newCalibrateCmd(io *IO, runF func(context.Context, *CalibrateOptions) error) *cobra.Command {
	opts := &CalibrateOptions{}
	c := &cobra.Command{
		Use:   "calibrate INPUTS... | --results RESULTS.jsonl... (--grades FILE | --csat FILE | --surveys FILE...)",
		Short: "Measure iqa against your own graders' scores, and tune the rubric's weights to them",
		Long: `Join human grades (or customer survey scores) to iqa's results by conversation
id, and measure how well they agree: for the overall score, predicted_csat and
each criterion, Spearman's rho with a bootstrap 95% interval, Kendall's tau-b,
quadratic-weighted kappa on the graders' scale, Krippendorff's interval alpha
with iqa as one more grader, and pass/fail agreement. Each grader's leniency
(their mean offset from the others), the graders' agreement among themselves
(the ceiling iqa can reach), and the ten conversations where iqa and the
graders differ most, with iqa's reasons, follow.

--grades FILE is CSV or JSON Lines: a conversation id column (conversation_id
or id), a grader column (grader, rater or reviewer; optional), an overall
score (score, overall or grade) on any scale (0-100, 1-5, pass/fail; inferred,
or set with --scale), and optional columns named by criterion id. --csat FILE
holds survey scores: id and score (or csat). --surveys FILE reads SurveyMonkey
or Qualtrics exports instead, joined as 'iqa score --surveys' joins them
(--survey-key, --survey-question); the survey's CSAT (on 1-5), or its NPS
rating (0-10) when it asks no CSAT question, is the survey "grader"'s grade.

--fit FILE learns non-negative criterion weights from the grades, reports
5-fold cross-validated Spearman before and after (seeded by --seed, so the
same grades give the same folds), and writes the rubric with the new weights
only if the held-out agreement improved; otherwise it exits 1 and writes
nothing.

` + calibrateExitHelp,
		Example: `  iqa calibrate testdata/samples --grades testdata/calibrate/grades.csv
  iqa calibrate --results results.jsonl --grades grades.csv --json calibration.json --html calibration.html
  iqa calibrate --results results.jsonl --csat survey.csv
  iqa calibrate --results results.jsonl --surveys responses.json,details.json --survey-key id=ticket_id
  iqa calibrate exports/ --rubric qa.yaml --grades grades.csv --fit qa-tuned.yaml`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Inputs = args
			hint := "see 'iqa calibrate --help'"
			switch {
			case len(args) == 0 && len(opts.Results) == 0:
				return usageError(hint, "calibrate: missing INPUTS or --results RESULTS.jsonl")
			case len(args) > 0 && len(opts.Results) > 0:
				return usageError("score exports, or read results, not both", "calibrate: give INPUTS or --results, not both")
			case opts.Grades == "" && opts.CSAT == "" && len(opts.Surveys.files) == 0:
				return usageError(hint, "calibrate: missing --grades FILE, --csat FILE or --surveys FILE")
			case len(slices.DeleteFunc([]bool{opts.Grades != "", opts.CSAT != "", len(opts.Surveys.files) > 0}, func(b bool) bool { return !b })) > 1:
				return usageError("calibrate against one at a time", "calibrate: give one of --grades, --csat and --surveys")
			case opts.Workers < 1:
				return usageError("", "--workers %d: give at least 1", opts.Workers)
			case opts.Fit == "-":
				return usageError("name a file for the tuned rubric", "--fit -: the tuned rubric is written to a file, not stdout")
			case opts.JSON == "-" && opts.HTML == "-":
				return usageError("write one of them to a file", "only one thing can be written to stdout")
			}
			if err := opts.Surveys.validate(); err != nil {
				return err
			}
			if opts.Scale != "" {
				if _, err := calibrate.ParseScale(opts.Scale); err != nil {
					return usageError("", "--%v", err)
				}
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runCalibrate(c.Context(), io, opts)
		},
	}
	fs := c.Flags()
	fs.StringArrayVar(&opts.Results, "results", nil, "read results written by 'iqa score --json' instead of scoring (repeatable; shards merge)")
	fs.StringVar(&opts.Grades, "grades", "", "human grades: CSV or JSON Lines with conversation id, grader, overall score and criterion columns")
	fs.StringVar(&opts.CSAT, "csat", "", "customer survey scores: CSV or JSON Lines with conversation id and score")
	fs.StringVarP(&opts.Rubric, "rubric", "r", "default", "rubric to score with (and, with --results, the one they were scored with) and to tune")
	fs.StringVar(&opts.Scale, "scale", "", "the graders' scale, MIN-MAX (1-5, 0-100) or pass/fail; inferred when not given")
	fs.StringVar(&opts.JSON, "json", "", "write the calibration as JSON (schema iqa.calibration/v1) to this file, - for stdout")
	fs.StringVar(&opts.HTML, "html", "", "write the calibration as a self-contained HTML page")
	fs.StringVar(&opts.Fit, "fit", "", "fit criterion weights to the grades and write the tuned rubric here, only if cross-validation improves")
	fs.Uint64Var(&opts.Seed, "seed", 1, "seed for the bootstrap intervals and the cross-validation folds")
	registerScoringFlags(fs, &opts.Workers, &opts.Quiet, &opts.Import)
	opts.Surveys.register(fs)
	return c
}

func runCalibrate(ctx context.Context, io *IO, opts *CalibrateOptions) error {
	var rubric *rubrics.Rubric
	var engine *scoring.Engine
	var err error
	if len(opts.Results) > 0 {
		rubric, err = resolveRubric(opts.Rubric)
	} else {
		rubric, engine, err = loadEngine(opts.Rubric)
	}
	if err != nil {
		return err
	}
	ids := make([]string, len(rubric.Criteria))
	weights := make([]float64, len(rubric.Criteria))
	known := map[string]bool{}
	for i, c := range rubric.Criteria {
		ids[i], weights[i] = c.ID, c.Weight
		known[c.ID] = true
	}
	surveys, err := opts.Surveys.load(false, false)
	if err != nil {
		return err
	}
	grades := &calibrate.Grades{}
	if surveys == nil {
		if grades, err = readGradesFile(opts, ids); err != nil {
			return err
		}
	}
	if len(grades.Ignore) > 0 && !opts.Quiet {
		fmt.Fprintf(io.Err, "iqa: warning: %s: ignored %s %s (not an id, grader, score or criterion of rubric %q)\n",
			grades.File, plural(len(grades.Ignore), "column"), strings.Join(grades.Ignore, ", "), rubric.Name)
	}

	var outs outputs
	defer outs.abort()
	var items []calibrate.Item
	var foreign []string
	ungraded := 0
	consume := func(sum *reports.Summary) func(*scoring.Result) error {
		return func(r *scoring.Result) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			sum.Add(r)
			for _, c := range r.Criteria {
				if !known[c.ID] && len(foreign) < 3 && !slices.Contains(foreign, c.ID) {
					foreign = append(foreign, c.ID)
				}
			}
			if surveys.Observe(r) || (surveys == nil && grades.Has(r.ID)) { // memory follows the grades, not the corpus
				items = append(items, calibrate.ItemOf(r))
			} else {
				ungraded++
			}
			return nil
		}
	}
	var sum *reports.Summary
	if len(opts.Results) > 0 {
		sum, err = resultsFrom(opts.Results, consume)
	} else {
		sum, err = scoreInputs(ctx, io, inputScoring{opts.Inputs, opts.Workers, opts.Quiet, &opts.Import}, rubric, engine, &outs, consume)
	}
	if err != nil {
		return err
	}
	if len(items) == 0 && ungraded == 0 {
		return &exitError{code: ExitBadInput, err: fmt.Errorf("no conversation was scored; nothing to calibrate")}
	}
	if surveys != nil {
		if grades, items, ungraded, err = surveyGrades(io, surveys, items, ungraded, opts.Quiet); err != nil {
			return err
		}
	}
	if len(foreign) > 0 {
		return &exitError{code: ExitBadInput, err: fmt.Errorf("results have criteria %s that rubric %q does not", strings.Join(foreign, ", "), rubric.Name),
			hint: "name the rubric the results were scored with: --rubric NAME|FILE"}
	}
	if rr := sum.Run.Rubric; rr.Name != "" && rr.Name != rubric.Name && !opts.Quiet {
		fmt.Fprintf(io.Err, "iqa: warning: results were scored with rubric %q; calibrating against %q (set --rubric)\n", rr.Name, rubric.Name)
	}

	rep, err := calibrate.Compute(items, grades, calibrate.Options{Criteria: ids, PassScore: rubric.PassScore, PassMark: rubric.PassMark, Seed: opts.Seed, Ungraded: ungraded})
	if err != nil {
		return &exitError{code: ExitBadInput, err: err, hint: "grades are joined to results by conversation id, as 'iqa score --json' writes it"}
	}
	if opts.Fit != "" {
		if rep.Fit, err = calibrate.FitWeights(items, grades, calibrate.FitOptions{Criteria: ids, Weights: weights, Seed: opts.Seed}); err != nil {
			return &exitError{code: ExitBadInput, err: err}
		}
	}
	if err := writeCalibration(io, &outs, opts, rep); err != nil {
		return err
	}
	if rep.Fit != nil && rep.Fit.Improved {
		if err := writeTunedRubric(&outs, opts, rubric, grades, rep.Fit); err != nil {
			return err
		}
	}
	if err := outs.commit(); err != nil {
		return err
	}
	if f := rep.Fit; f != nil {
		if !f.Improved {
			msg := fmt.Sprintf("fitted weights do not improve cross-validated Spearman (%.3f with the rubric's, %.3f fitted); %s not written", float64(f.Before), float64(f.After), opts.Fit)
			fmt.Fprintf(io.Err, "iqa: %s\n", msg)
			return &exitError{code: ExitGateFailed, err: fmt.Errorf("%s", msg), silent: true}
		}
		if !opts.Quiet {
			fmt.Fprintf(io.Err, "iqa: wrote %s: cross-validated Spearman %.3f -> %.3f\n", opts.Fit, float64(f.Before), float64(f.After))
		}
	}
	return nil
}

// surveyGrades turns the joined survey responses into the survey
// grader's grades, and keeps the items they grade: a conversation a
// response joined first but lost to a later one (an e-mail key) is
// ungraded after all.
func surveyGrades(io *IO, join *reports.SurveyJoin, items []calibrate.Item, ungraded int, quiet bool) (*calibrate.Grades, []calibrate.Item, int, error) {
	warnUnmatched(io.Err, join.Stats(), quiet, false)
	grades, err := join.Grades()
	if err != nil {
		return nil, nil, 0, &exitError{code: ExitBadInput, err: err}
	}
	kept := items[:0]
	for _, it := range items {
		if grades.Has(it.ID) {
			kept = append(kept, it)
		} else {
			ungraded++
		}
	}
	return grades, kept, ungraded, nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

func readGradesFile(opts *CalibrateOptions, criteria []string) (*calibrate.Grades, error) {
	name, ro := opts.Grades, calibrate.ReadOptions{Criteria: criteria}
	if opts.CSAT != "" {
		name, ro.Grader = opts.CSAT, "survey"
	}
	if opts.Scale != "" {
		s, _ := calibrate.ParseScale(opts.Scale) // checked in RunE
		ro.Scale = &s
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, usageError("", "%s: %v", name, unwrapPath(err))
	}
	defer f.Close()
	g, err := calibrate.ReadGrades(name, f, ro)
	if err != nil {
		return nil, &exitError{code: ExitBadInput, err: err, hint: "see 'iqa calibrate --help' for the columns a grades file has"}
	}
	return g, nil
}

// writeCalibration prints the calibration (to stdout unless --json or
// --html takes it) and writes the requested files.
func writeCalibration(io *IO, outs *outputs, opts *CalibrateOptions, rep *calibrate.Report) error {
	for _, o := range []struct {
		path  string
		write func(goio.Writer) error
	}{
		{opts.JSON, func(w goio.Writer) error { return reports.WriteCalibrationJSON(w, rep) }},
		{opts.HTML, func(w goio.Writer) error { return reports.WriteCalibrationHTML(w, rep) }},
	} {
		if o.path == "" {
			continue
		}
		w, err := outs.create(o.path, io.Out)
		if err != nil {
			return err
		}
		if err := o.write(w); err != nil {
			return fmt.Errorf("write %s: %v", o.path, err)
		}
	}
	if opts.JSON == "-" || opts.HTML == "-" {
		return nil
	}
	return reports.WriteCalibrationText(io.Out, rep, io.OutTTY)
}

// writeTunedRubric writes the rubric with the fitted weights and a header
// that records where they came from, after loading it back to be sure it
// is a valid rubric with exactly those weights.
func writeTunedRubric(outs *outputs, opts *CalibrateOptions, r *rubrics.Rubric, g *calibrate.Grades, fit *calibrate.Fit) error {
	tuned := *r
	tuned.Criteria = append([]rubrics.Criterion(nil), r.Criteria...)
	var changes []string
	for i, w := range fit.Weights {
		tuned.Criteria[i].Weight = w.After
		changes = append(changes, fmt.Sprintf("#   %s: %g -> %g", w.ID, w.Before, w.After))
	}
	body, err := rubrics.Marshal(&tuned)
	if err != nil {
		return fmt.Errorf("write %s: %v", opts.Fit, err)
	}
	header := fmt.Sprintf(`# Rubric %q (%s) with criterion weights fitted by 'iqa calibrate'
# to the grades in %s: %d graded conversations, %d-fold
# cross-validated Spearman %.3f with the old weights, %.3f with these
# (seed %d). Everything but the weights is the rubric as it was.
# Weights:
%s

`, r.Name, r.Source, g.File, fit.N, fit.Folds, float64(fit.Before), float64(fit.After), fit.Seed, strings.Join(changes, "\n"))
	data := append([]byte(header), body...)
	back, err := rubrics.Parse(opts.Fit, data)
	if err != nil {
		return fmt.Errorf("the tuned rubric does not load back (a bug in iqa): %v", err)
	}
	for i, c := range back.Criteria {
		if c.Weight != tuned.Criteria[i].Weight {
			return fmt.Errorf("the tuned rubric's weight for %s loads back as %g, not %g (a bug in iqa)", c.ID, c.Weight, tuned.Criteria[i].Weight)
		}
	}
	w, err := outs.create(opts.Fit, nil)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}
