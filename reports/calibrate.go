package reports

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/iqa-cli/iqa/scoring/calibrate"
)

// calibrationShown is how many criterion reasons a disagreement shows in
// the console; JSON and HTML have them all.
const calibrationShown = 3

// fig prints a figure to three decimals, or "-" when undefined.
func fig(f *calibrate.F) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprintf("%.3f", float64(*f))
}

// points prints a 0-100 figure to one decimal, signedPoints with its sign.
func points(f *calibrate.F) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprintf("%.1f", float64(*f))
}

func signedPoints(f *calibrate.F) string {
	if f == nil {
		return "-"
	}
	v := math.Round(float64(*f)*10) / 10
	if v == 0 {
		return "0.0" // not -0.0
	}
	return fmt.Sprintf("%+.1f", v)
}

func ci(a calibrate.Agreement) string {
	if a.SpearmanCI[0] == nil || a.SpearmanCI[1] == nil {
		return "-"
	}
	return fmt.Sprintf("%s..%s", fig(a.SpearmanCI[0]), fig(a.SpearmanCI[1]))
}

func against(a calibrate.Agreement) string {
	if a.Against == a.Target {
		return "its own grades"
	}
	return a.Against + " grades"
}

// WriteCalibrationText prints a calibration for people: aligned on a
// terminal, tab-separated otherwise.
func WriteCalibrationText(w io.Writer, r *calibrate.Report, tty bool) error {
	var out io.Writer = w
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if tty {
		out = tw
	}
	p := func(format string, args ...any) { fmt.Fprintf(out, format, args...) }
	p("grades\t%s (scale %s)\n", r.GradesFile, r.Scale)
	p("conversations\t%d graded and scored (%s); %d graded but not scored, %d scored but not graded\n",
		r.Conversations, count(r.Grades, "grade"), r.Unmatched, r.Ungraded)
	if len(r.UnmatchedIDs) > 0 {
		p("not scored\t%s\n", strings.Join(r.UnmatchedIDs, ", "))
	}
	p("\nfigure\tagainst\tn\tspearman\t95%% ci\tkendall\tkappa\talpha\tpass agree\n")
	for _, a := range r.Agreement {
		p("%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", a.Target, against(a), a.N, fig(a.Spearman), ci(a), fig(a.KendallTau), fig(a.Kappa), fig(a.Alpha), fig(a.PassAgreement))
	}
	p("\ngrader\tgrades\tmean\tleniency\tshared\tvs iqa\n")
	for _, g := range r.Graders {
		p("%s\t%d\t%s\t%s\t%d\t%s\n", g.Name, g.Grades, points(g.Mean), signedPoints(g.Leniency), g.Shared, signedPoints(g.VsIQA))
	}
	if h := r.Humans; h != nil {
		p("\nhumans among themselves\tmean pairwise spearman %s over %s, alpha %s\n", fig(h.MeanSpearman), count(h.Pairs, "pair"), fig(h.Alpha))
	} else {
		p("\nhumans among themselves\t- (one grader: no ceiling to compare with)\n")
	}
	if len(r.Disagreements) > 0 {
		p("\nlargest disagreements\thuman\tiqa\n")
		for _, d := range r.Disagreements {
			p("%s\t%.2f (%.1f of 100)\t%.1f\n", d.ID, float64(d.HumanMean), float64(d.HumanPercent), float64(d.IQA))
			for _, c := range lowest(d.Criteria, calibrationShown) {
				p("  %s %.0f %s\t%s\n", c.ID, float64(c.Score), c.Status, c.Reason)
			}
		}
	}
	if f := r.Fit; f != nil {
		verdict := "improved"
		if !f.Improved {
			verdict = "not improved"
		}
		p("\nfit\t%d-fold cross-validated spearman %.3f -> %.3f (%s; n %d, seed %d)\n", f.Folds, float64(f.Before), float64(f.After), verdict, f.N, f.Seed)
		for _, w := range f.Weights {
			p("  %s\t%s -> %s\n", w.ID, trimFloat(w.Before), trimFloat(w.After))
		}
	}
	return tw.Flush()
}

// lowest are the n criteria that scored lowest (not applicable ones
// last), in rubric order among equals: iqa's side of a disagreement.
func lowest(cs []calibrate.Reasons, n int) []calibrate.Reasons {
	out := make([]calibrate.Reasons, 0, len(cs))
	for _, c := range cs {
		if c.Status != "n/a" {
			out = append(out, c)
		}
	}
	for i := 1; i < len(out); i++ { // insertion sort: stable, and short lists
		for j := i; j > 0 && out[j].Score < out[j-1].Score; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	if len(out) > n {
		out = out[:n]
	}
	return out
}

func trimFloat(v float64) string { return fmt.Sprintf("%g", v) }

// WriteCalibrationJSON writes the calibration as one JSON object (schema
// iqa.calibration/v1).
func WriteCalibrationJSON(w io.Writer, r *calibrate.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

type calibrationPage struct {
	Assets  any
	Title   string
	Figures []figure
	R       *calibrate.Report
}

// WriteCalibrationHTML writes the calibration as one self-contained page.
func WriteCalibrationHTML(w io.Writer, r *calibrate.Report) error {
	p := calibrationPage{Assets: pageAssets, Title: "Calibration against " + r.GradesFile, R: r}
	p.Figures = append(p.Figures,
		figure{Label: "graded and scored", Value: fmt.Sprint(r.Conversations), Note: count(r.Grades, "grade") + ", scale " + r.Scale},
	)
	if len(r.Agreement) > 0 {
		a := r.Agreement[0]
		p.Figures = append(p.Figures, figure{Label: "Spearman, overall", Value: fig(a.Spearman), Note: "95% interval " + ci(a)})
	}
	if h := r.Humans; h != nil {
		p.Figures = append(p.Figures, figure{Label: "humans among themselves", Value: fig(h.MeanSpearman), Note: "mean pairwise Spearman: the ceiling"})
	}
	if f := r.Fit; f != nil {
		class := "good"
		if !f.Improved {
			class = "bad"
		}
		p.Figures = append(p.Figures, figure{Label: "cross-validated Spearman after fitting", Value: fmt.Sprintf("%.3f", float64(f.After)), Note: fmt.Sprintf("before %.3f", float64(f.Before)), Class: class})
	}
	bw := bufio.NewWriter(w)
	if err := pageTemplates.ExecuteTemplate(bw, "calibrate.tmpl", p); err != nil {
		return err
	}
	return bw.Flush()
}
