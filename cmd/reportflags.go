package cmd

import (
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/iqa-cli/iqa/reports"
	"github.com/iqa-cli/iqa/scoring"
)

// reportFlags are the outputs and gates shared by score and report.
type reportFlags struct {
	json, csv, junit string
	jsonTranscripts  bool
	xlsx             string
	html             string
	htmlMax          int
	minConversations int
	summary          string
	failUnder        float64
	maxFailRate      float64
	failOnCritical   bool
	unanswered       string
	stamp            bool
	redact           bool
	recontactWindow  string
}

func (f *reportFlags) register(fs *pflag.FlagSet, withResults bool) {
	if withResults {
		fs.StringVar(&f.json, "json", "", "write results as JSON Lines (schema iqa.result/v1) to this file, - for stdout")
		fs.BoolVar(&f.jsonTranscripts, "json-transcripts", true, "embed each conversation's transcript in --json (=false: about a third smaller, but HTML reports and coaching pages made from it show no messages)")
	}
	fs.StringVar(&f.csv, "csv", "", "write one CSV row per conversation, a column per criterion")
	fs.StringVar(&f.junit, "junit", "", "write JUnit XML (a test case per conversation) for CI test reporters")
	fs.StringVar(&f.xlsx, "xlsx", "", "write an Excel workbook: Summary, Conversations, Criteria, Agents, Rejected")
	fs.StringVar(&f.html, "html", "", "write a self-contained HTML report: figures, charts, agents, conversations that need attention")
	fs.IntVar(&f.htmlMax, "html-max", reports.DefaultHTMLMax, "embed at most this many transcripts in the HTML report (aggregates still cover all)")
	fs.IntVar(&f.minConversations, "min-conversations", reports.MinRankedConversations, "conversations an agent needs to be ranked in the HTML report and the workbook, as in 'iqa coach'")
	fs.StringVar(&f.summary, "summary", "text", "summary on stdout: text, json, or none")
	fs.Float64Var(&f.failUnder, "fail-under", 0, "exit 1 if the mean score is below this (0-100)")
	fs.Float64Var(&f.maxFailRate, "max-fail-rate", 0, "exit 1 if more than this percentage of conversations fail (0-100)")
	fs.BoolVar(&f.failOnCritical, "fail-on-critical", false, "exit 1 if any conversation fails a critical criterion")
	fs.StringVar(&f.unanswered, "unanswered", "fail", "conversations no agent or bot answered: fail (with any gate, or given explicitly: exit 1 if any, and they count as failed in the gates) or skip (left out of the gates)")
	fs.BoolVar(&f.redact, "redact", false, "mask e-mail addresses, phone numbers, card numbers and long digit runs in every report")
	fs.StringVar(&f.recontactWindow, "recontact-window", "7d", "a resolved conversation followed by another of the same customer within this window (7d, 36h) counts as re-contacted in the first contact resolution figures")
	fs.BoolVar(&f.stamp, "stamp", false, "write the time of the run into reports (outputs then differ from run to run)")
}

func (f *reportFlags) validate(fs *pflag.FlagSet) error {
	switch f.summary {
	case "text", "json", "none":
	default:
		return usageError("", "--summary %q: use text, json or none", f.summary)
	}
	if fs.Changed("fail-under") && (f.failUnder < 0 || f.failUnder > 100) {
		return usageError("", "--fail-under %v: give a score from 0 to 100", f.failUnder)
	}
	if fs.Changed("max-fail-rate") && (f.maxFailRate < 0 || f.maxFailRate > 100) {
		return usageError("", "--max-fail-rate %v: give a percentage from 0 to 100", f.maxFailRate)
	}
	if _, err := reports.ParseUnansweredMode(f.unanswered); err != nil {
		return usageError("", "%v", err)
	}
	if f.minConversations < 1 {
		return usageError("", "--min-conversations %d: give at least 1", f.minConversations)
	}
	if _, err := reports.ParseRecontactWindow(f.recontactWindow); err != nil {
		return usageError("", "%v", err)
	}
	if f.htmlMax < 1 {
		return usageError("", "--html-max %d: give at least 1", f.htmlMax)
	}
	stdout := 0
	for _, p := range []string{f.json, f.csv, f.junit, f.xlsx, f.html} {
		if p == "-" {
			stdout++
		}
	}
	if stdout > 1 || (stdout == 1 && f.summary != "none") {
		return usageError("add --summary none when an output goes to stdout", "only one thing can be written to stdout")
	}
	return nil
}

func (f *reportFlags) gates(fs *pflag.FlagSet) reports.Gates {
	var g reports.Gates
	if fs.Changed("fail-under") {
		v := f.failUnder
		g.FailUnder = &v
	}
	if fs.Changed("max-fail-rate") {
		v := f.maxFailRate
		g.MaxFailRate = &v
	}
	g.FailOnCritical = f.failOnCritical
	g.Unanswered, _ = reports.ParseUnansweredMode(f.unanswered) // validate has checked it
	g.UnansweredAsked = fs.Changed("unanswered")
	return g
}

// open creates the requested report files (under temporary names) and
// returns one writer that feeds them all, each on a goroutine of its own.
func (f *reportFlags) open(outs *outputs, stdout io.Writer) (reports.Writer, error) {
	requested := []struct {
		path string
		make func(io.Writer) (reports.Writer, error)
	}{
		{f.json, func(w io.Writer) (reports.Writer, error) {
			if !f.jsonTranscripts {
				return reports.NewJSONL(w).WithoutTranscripts(), nil
			}
			return reports.NewJSONL(w), nil
		}},
		{f.csv, func(w io.Writer) (reports.Writer, error) { return reports.NewCSV(w), nil }},
		{f.junit, func(w io.Writer) (reports.Writer, error) { return reports.NewJUnit(w) }},
		{f.xlsx, func(w io.Writer) (reports.Writer, error) {
			x, err := reports.NewXLSX(w)
			if err == nil {
				x.MinConversations = f.minConversations
			}
			return x, err
		}},
		{f.html, func(w io.Writer) (reports.Writer, error) {
			h := reports.NewHTML(w, f.htmlMax)
			h.MinConversations = f.minConversations
			return h, nil
		}},
	}
	var ws []reports.Writer
	for _, r := range requested {
		if r.path == "" {
			continue
		}
		file, err := outs.create(r.path, stdout)
		if err != nil {
			return nil, err
		}
		w, err := r.make(file)
		if err != nil {
			return nil, fmt.Errorf("write %s: %v", r.path, err)
		}
		ws = append(ws, w)
	}
	all := reports.Parallel(ws...)
	if f.redact {
		return reports.Multi{redactor{}, all}, nil
	}
	return all, nil
}

// recontacts starts collecting the run's re-contacts; feed it each result
// with the customer's identity read before mask.
func (f *reportFlags) recontacts() *reports.Recontacts {
	window, _ := reports.ParseRecontactWindow(f.recontactWindow) // validate has checked it
	return reports.NewRecontacts(window)
}

// mask masks personal data in r in place under --redact. It is called
// before the summary or any writer sees the result, so that the agents'
// figures are kept under their pseudonyms too.
func (f *reportFlags) mask(r *scoring.Result) {
	if f.redact {
		reports.RedactResult(r)
	}
}

// finish prints the summary and turns failed gates into exit code 1.
func (f *reportFlags) finish(io *IO, fs *pflag.FlagSet, sum *reports.Summary) error {
	results := f.gates(fs).Check(sum)
	switch f.summary {
	case "text":
		if err := reports.WriteText(io.Out, sum, results, io.OutTTY, f.minConversations); err != nil {
			return err
		}
	case "json":
		if err := reports.WriteJSON(io.Out, sum, results); err != nil {
			return err
		}
	}
	return gatesFailed(io, results)
}

// gatesFailed says on stderr which gates failed, and makes that exit 1.
func gatesFailed(io *IO, results []reports.GateResult) error {
	failed := reports.Failed(results)
	if len(failed) == 0 {
		return nil
	}
	msg := "quality gate failed: " + failed[0].Message
	for i, g := range failed[1:] {
		if g.Message != failed[i].Message { // a run that scored nothing fails every gate for one reason
			msg += "; " + g.Message
		}
	}
	fmt.Fprintf(io.Err, "iqa: %s\n", msg)
	return &exitError{code: ExitGateFailed, err: fmt.Errorf("%s", msg), silent: true}
}

// redactor masks the run's personal data that is not in a result (mask
// has masked those) before the writers that follow it in a reports.Multi
// close.
type redactor struct{}

func (redactor) Write(*scoring.Result) error { return nil }

// Close masks the listed rejects' reasons, which may quote the input.
func (redactor) Close(s *reports.Summary) error {
	for i := range s.Rejects {
		s.Rejects[i].Reason = reports.RedactText(s.Rejects[i].Reason)
	}
	return nil
}
