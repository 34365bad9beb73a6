package reports

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// DiffGates are the bars a change must clear in CI.
type DiffGates struct {
	// MaxRegressions fails when more conversations regressed.
	MaxRegressions *int
	// MaxMeanDrop fails when the mean score fell by more points.
	MaxMeanDrop *float64
	// FailOnNewFailures fails when any conversation that passed fails now.
	FailOnNewFailures bool
}

// Check applies the gates, in a fixed order. With no conversation in both
// runs every gate asked for fails: nothing was compared.
func (g DiffGates) Check(d *Diff) []GateResult {
	var out []GateResult
	if d.Matched == 0 {
		const nothing = "no conversation is in both runs, so there is nothing to compare"
		if g.MaxRegressions != nil {
			out = append(out, GateResult{Name: "max-regressions", Threshold: float64(*g.MaxRegressions), Message: nothing})
		}
		if g.MaxMeanDrop != nil {
			out = append(out, GateResult{Name: "max-mean-drop", Threshold: *g.MaxMeanDrop, Message: nothing})
		}
		if g.FailOnNewFailures {
			out = append(out, GateResult{Name: "fail-on-new-failures", Message: nothing})
		}
		return out
	}
	if g.MaxRegressions != nil {
		n := *g.MaxRegressions
		out = append(out, GateResult{Name: "max-regressions", Threshold: float64(n), Value: float64(d.Regressed), Passed: d.Regressed <= n,
			Message: fmt.Sprintf("%s regressed (at most %d allowed)", count(d.Regressed, "conversation"), n)})
	}
	if g.MaxMeanDrop != nil {
		drop := -d.MeanDelta // the figure shown, rounded to 0.01, is the one judged
		out = append(out, GateResult{Name: "max-mean-drop", Threshold: *g.MaxMeanDrop, Value: d.MeanDelta, Passed: drop <= *g.MaxMeanDrop,
			Message: fmt.Sprintf("mean score changed by %s (a drop of at most %s allowed)", signed(d.MeanDelta), formatNumber(*g.MaxMeanDrop))})
	}
	if g.FailOnNewFailures {
		n := len(d.NewlyFailing)
		out = append(out, GateResult{Name: "fail-on-new-failures", Value: float64(n), Passed: n == 0,
			Message: fmt.Sprintf("%s newly failing (none allowed)", count(n, "conversation"))})
	}
	return out
}

// signed writes a change with its sign: +1.5, -0.25, 0.
func signed(f float64) string {
	if f > 0 {
		return "+" + formatNumber(f)
	}
	return formatNumber(f)
}

// How much of a diff the console and markdown show; --json has it all.
const (
	diffShownRegressions = 10
	diffShownFailures    = 10
	diffShownEvidence    = 3
	diffShownCriteria    = 40
	diffCellRunes        = 120
)

// WriteDiffText prints a diff for people: aligned columns on a terminal,
// tab-separated otherwise.
func WriteDiffText(w io.Writer, d *Diff, tty bool) error {
	var out io.Writer = w
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if tty {
		out = tw
	}
	p := func(format string, args ...any) { fmt.Fprintf(out, format, args...) }
	for _, side := range []struct {
		label string
		r     DiffRun
	}{{"baseline", d.Baseline}, {"current", d.Current}} {
		p("%s\t%s: %s, %d conversations, mean %s, %d passed\n", side.label, side.r.Name, rubricText(side.r.Rubric), side.r.Conversations, formatNumber(side.r.Mean), side.r.Passed)
	}
	if d.RubricChanged {
		p("rubric\tCHANGED: %s -> %s\n", rubricText(d.Baseline.Rubric), rubricText(d.Current.Rubric))
	}
	p("conversations\t%d matched, %d added, %d removed\n", d.Matched, len(d.Added), len(d.Removed))
	p("changes\t%d regressed, %d improved, %d unchanged (a change is at least %s points)\n", d.Regressed, d.Improved, d.Unchanged, formatNumber(d.MinDelta))
	if d.Matched > 0 {
		p("mean delta\t%s (95%% interval %s to %s; bootstrap of %d resamples, seed %d)\n", signed(d.MeanDelta), signed(d.CILow), signed(d.CIHigh), d.Resamples, d.Seed)
	}
	if d.CSATDelta != nil {
		p("predicted csat\t%s -> %s (%s)\n", formatNumber(round2(*d.Baseline.CSAT)), formatNumber(round2(*d.Current.CSAT)), signed(*d.CSATDelta))
	}
	p("pass/fail\t%d newly failing, %d newly passing\n", len(d.NewlyFailing), d.NewlyPassing)

	p("\ncriterion\tbaseline\tcurrent\tdelta\tpass->fail\tfail->pass\n")
	for _, c := range d.Criteria {
		p("%s\t%s\n", criterionLabel(c), strings.Join(criterionCells(c), "\t"))
	}
	if regs := worstRegressions(d, diffShownRegressions); len(regs) > 0 {
		p("\nregressed\tagent\tchannel\tbaseline\tcurrent\tdelta\n")
		for _, c := range regs {
			p("%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, orUnknown(c.Agent), c.Channel, formatNumber(c.Baseline), formatNumber(c.Current), signed(c.Delta))
		}
		if d.Regressed > len(regs) {
			p("... and %d more\n", d.Regressed-len(regs))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// The evidence lines are not a table: printed as they are.
	for i, nf := range d.NewlyFailing {
		if i == diffShownFailures {
			fmt.Fprintf(w, "... and %d more newly failing\n", len(d.NewlyFailing)-i)
			break
		}
		fmt.Fprintf(w, "\nnewly failing %s (%s, %s): %s -> %s%s\n", nf.ID, orUnknown(nf.Agent), nf.Channel, formatNumber(nf.Baseline), formatNumber(nf.Current), criticalNote(nf))
		for _, cc := range nf.Criteria {
			fmt.Fprintf(w, "  %s: %s -> %s\n", cc.ID, outcomeText(cc.Before), outcomeText(cc.After))
			for _, line := range evidenceLines(cc) {
				fmt.Fprintf(w, "    %s\n", line)
			}
		}
	}
	return nil
}

// WriteDiffGates prints the gates' verdicts under the text diff.
func WriteDiffGates(w io.Writer, gates []GateResult, tty bool) error {
	if len(gates) == 0 {
		return nil
	}
	var out io.Writer = w
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if tty {
		out = tw
	}
	fmt.Fprintf(out, "\ngate\tresult\n")
	for _, g := range gates {
		fmt.Fprintf(out, "%s\t%s: %s\n", g.Name, verdict(g), g.Message)
	}
	return tw.Flush()
}

func verdict(g GateResult) string {
	if g.Passed {
		return "passed"
	}
	return "FAILED"
}

func criticalNote(nf NewFailure) string {
	if nf.CriticalFailure {
		return ", critical criterion failed"
	}
	return ""
}

func criterionLabel(c CriterionDiff) string {
	label := c.ID
	if c.Critical {
		label += " (critical)"
	}
	if c.Only != "" {
		label += " (only in " + c.Only + ")"
	}
	return label
}

// criterionCells are a criterion's figures: means, delta and flip counts;
// "-" where it was compared on no conversation.
func criterionCells(c CriterionDiff) []string {
	if c.Compared == 0 {
		return []string{"-", "-", "-", "0", "0"}
	}
	return []string{formatNumber(c.BaselineMean), formatNumber(c.CurrentMean), signed(c.Delta),
		fmt.Sprint(len(c.PassToFail)), fmt.Sprint(len(c.FailToPass))}
}

// worstRegressions are the first n regressions: Changes holds them
// first, worst first, then the improvements.
func worstRegressions(d *Diff, n int) []ConversationChange {
	return d.Changes[:min(n, d.Regressed)]
}

func outcomeText(o *Outcome) string {
	if o == nil {
		return "absent"
	}
	return fmt.Sprintf("%s %s", o.Status, formatNumber(o.Score))
}

// evidenceLines are a criterion's reason and evidence before and after, a
// few of each.
func evidenceLines(cc CriterionChange) []string {
	var lines []string
	for _, side := range []struct {
		label string
		o     *Outcome
	}{{"before", cc.Before}, {"after", cc.After}} {
		if side.o == nil {
			continue
		}
		if side.o.Reason != "" {
			lines = append(lines, side.label+": "+side.o.Reason)
		}
		for i, ev := range side.o.Evidence {
			if i == diffShownEvidence {
				lines = append(lines, fmt.Sprintf("%s: ... and %d more", side.label, len(side.o.Evidence)-i))
				break
			}
			lines = append(lines, side.label+": "+DescribeEvidence(ev))
		}
	}
	return lines
}

// WriteDiffMarkdown writes a diff as GitHub-flavoured markdown for a pull
// request comment or a CI job summary: the figures as a table, the
// criteria, the worst regressions and the newly failing conversations with
// their evidence. It is bounded (rows and cell lengths), far under the
// 65,536 characters of a GitHub comment, and text from transcripts is
// escaped so that it cannot add markup, mention people or link issues.
func WriteDiffMarkdown(w io.Writer, d *Diff) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("## iqa diff: %d regressed, %d improved, %d newly failing\n\n", d.Regressed, d.Improved, len(d.NewlyFailing))
	if d.RubricChanged {
		p("**The rubric changed:** %s → %s; scores are compared as they are.\n\n", md(rubricText(d.Baseline.Rubric)), md(rubricText(d.Current.Rubric)))
	}
	p("| | baseline | current | change |\n| --- | ---: | ---: | --- |\n")
	p("| conversations | %d | %d | %d matched, %d added, %d removed |\n", d.Baseline.Conversations, d.Current.Conversations, d.Matched, len(d.Added), len(d.Removed))
	meanChange := "-"
	if d.Matched > 0 {
		meanChange = fmt.Sprintf("**%s** (95%% CI %s to %s)", md(signed(d.MeanDelta)), md(signed(d.CILow)), md(signed(d.CIHigh)))
	}
	p("| mean score | %s | %s | %s |\n", formatNumber(d.Baseline.Mean), formatNumber(d.Current.Mean), meanChange)
	p("| passed | %d | %d | %d newly failing, %d newly passing |\n", d.Baseline.Passed, d.Current.Passed, len(d.NewlyFailing), d.NewlyPassing)
	if d.CSATDelta != nil {
		p("| predicted CSAT | %s | %s | %s |\n", formatNumber(round2(*d.Baseline.CSAT)), formatNumber(round2(*d.Current.CSAT)), md(signed(*d.CSATDelta)))
	}
	p("\nA change is at least %s points: %d regressed, %d improved, %d unchanged. Rubric %s.\n",
		formatNumber(d.MinDelta), d.Regressed, d.Improved, d.Unchanged, md(rubricText(d.Current.Rubric)))
	if len(d.Gates) > 0 {
		p("\n| gate | result |\n| --- | --- |\n")
		for _, g := range d.Gates {
			mark := "✅ passed"
			if !g.Passed {
				mark = "❌ **failed**"
			}
			p("| %s | %s: %s |\n", g.Name, mark, md(g.Message))
		}
	}
	if len(d.Criteria) > 0 {
		p("\n### Criteria\n\n| criterion | baseline | current | delta | pass→fail | fail→pass |\n| --- | ---: | ---: | ---: | ---: | ---: |\n")
		for i, c := range d.Criteria {
			if i == diffShownCriteria {
				p("\n… and %d more criteria (see the JSON diff).\n", len(d.Criteria)-i)
				break
			}
			p("| %s | %s |\n", md(criterionLabel(c)), strings.Join(criterionCells(c), " | "))
		}
	}
	if regs := worstRegressions(d, diffShownRegressions); len(regs) > 0 {
		p("\n### Worst regressions\n\n| conversation | agent | channel | baseline | current | delta |\n| --- | --- | --- | ---: | ---: | ---: |\n")
		for _, c := range regs {
			p("| %s | %s | %s | %s | %s | %s |\n", md(c.ID), md(orUnknown(c.Agent)), md(c.Channel), formatNumber(c.Baseline), formatNumber(c.Current), signed(c.Delta))
		}
		if d.Regressed > len(regs) {
			p("\n… and %d more regressed.\n", d.Regressed-len(regs))
		}
	}
	if len(d.NewlyFailing) > 0 {
		p("\n### Newly failing\n")
		for i, nf := range d.NewlyFailing {
			if i == diffShownFailures {
				p("\n… and %d more newly failing.\n", len(d.NewlyFailing)-i)
				break
			}
			p("\n**%s** (%s, %s): %s → %s%s\n\n", md(nf.ID), md(orUnknown(nf.Agent)), md(nf.Channel), formatNumber(nf.Baseline), formatNumber(nf.Current), criticalNote(nf))
			if len(nf.Criteria) == 0 {
				p("- no criterion failed newly; the score fell under the pass mark\n")
			}
			for _, cc := range nf.Criteria {
				p("- %s: %s → %s\n", md(cc.ID), outcomeText(cc.Before), outcomeText(cc.After))
				for _, line := range evidenceLines(cc) {
					p("  - %s\n", md(line))
				}
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdReplacer escapes what markdown would read as markup in text that comes
// from transcripts and ids: backslash escapes for punctuation, entities for
// "@" (mentions), "#" (issue links), "<" and "&" (HTML), and one line per
// cell.
var mdReplacer = strings.NewReplacer(
	"\\", "\\\\", "`", "\\`", "*", "\\*", "_", "\\_", "[", "\\[", "]", "\\]", "|", "\\|", "~", "\\~", "!", "\\!",
	"<", "&lt;", ">", "&gt;", "&", "&amp;", "@", "&#64;", "#", "&#35;",
	"\r\n", " ", "\n", " ", "\r", " ", "\t", " ",
)

// md escapes s for a markdown cell or line and cuts it to diffCellRunes.
func md(s string) string {
	if utf8.RuneCountInString(s) > diffCellRunes {
		s = string([]rune(s)[:diffCellRunes-1]) + "…"
	}
	return mdReplacer.Replace(s)
}

// WriteDiffJSON writes the whole diff as one JSON object (schema
// iqa.diff/v1).
func WriteDiffJSON(w io.Writer, d *Diff) error {
	out := *d
	for _, s := range []*[]string{&out.Added, &out.Removed} {
		if *s == nil {
			*s = []string{}
		}
	}
	if out.Changes == nil {
		out.Changes = []ConversationChange{}
	}
	if out.NewlyFailing == nil {
		out.NewlyFailing = []NewFailure{}
	}
	if out.Gates == nil {
		out.Gates = []GateResult{}
	}
	out.Criteria = append([]CriterionDiff(nil), d.Criteria...)
	for i := range out.Criteria {
		c := &out.Criteria[i]
		if c.PassToFail == nil {
			c.PassToFail = []string{}
		}
		if c.FailToPass == nil {
			c.FailToPass = []string{}
		}
	}
	if out.Criteria == nil {
		out.Criteria = []CriterionDiff{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Schema string `json:"schema"`
		Diff
	}{DiffSchema, out})
}

// WriteDiffJUnit writes JUnit XML with one failing test case per
// conversation that regressed or newly failed, worst first, so that a CI
// test reporter lists them.
func WriteDiffJUnit(w io.Writer, d *Diff) error {
	failing := map[string]NewFailure{}
	for _, nf := range d.NewlyFailing {
		failing[nf.ID] = nf
	}
	var cases []junitCase
	add := func(c ConversationChange) {
		tc := junitCase{Name: xmlSafe(c.ID), Classname: xmlSafe("iqa.diff." + c.Channel + "." + orUnknown(c.Agent)), Time: "0"}
		msg := fmt.Sprintf("score %s -> %s (%s)", formatNumber(c.Baseline), formatNumber(c.Current), signed(c.Delta))
		kind := "regression"
		var detail strings.Builder
		if nf, ok := failing[c.ID]; ok {
			kind = "new-failure"
			msg += "; newly failing"
			var ids []string
			for _, cc := range nf.Criteria {
				ids = append(ids, cc.ID)
				fmt.Fprintf(&detail, "%s: %s -> %s\n", cc.ID, outcomeText(cc.Before), outcomeText(cc.After))
				for _, line := range evidenceLines(cc) {
					fmt.Fprintf(&detail, "  %s\n", line)
				}
			}
			if len(ids) > 0 {
				msg += ": " + strings.Join(ids, ", ")
			}
			delete(failing, c.ID)
		}
		tc.Failure = &junitFailure{Type: kind, Message: xmlSafe(msg), Text: xmlSafe(detail.String())}
		cases = append(cases, tc)
	}
	for _, c := range d.Changes[:d.Regressed] {
		add(c)
	}
	for _, nf := range d.NewlyFailing { // those that fell by less than the minimum delta
		if _, ok := failing[nf.ID]; ok {
			add(nf.ConversationChange)
		}
	}
	name := "iqa diff " + d.Current.Rubric.Name
	header := fmt.Sprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"iqa diff\" tests=\"%d\" failures=\"%d\">\n  <testsuite name=%s tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\">\n",
		len(cases), len(cases), quoteAttr(name), len(cases), len(cases))
	if _, err := io.WriteString(w, header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("    ", "  ")
	for _, tc := range cases {
		if err := enc.Encode(tc); err != nil {
			return err
		}
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "  </testsuite>\n</testsuites>\n")
	return err
}
