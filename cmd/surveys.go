package cmd

import (
	"fmt"
	goio "io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/iqa-cli/iqa/importers/survey"
	"github.com/iqa-cli/iqa/reports"
)

// surveyFlags are the flags that join customer surveys to the results.
type surveyFlags struct {
	files    []string
	key      string
	question string
}

const surveysHelp = `Customer surveys: --surveys FILE (repeatable, or comma-separated) reads
SurveyMonkey (the bulk responses JSON with its survey details file, or the
CSV export) and Qualtrics CSV exports, joins each response to a conversation
and sets the survey CSAT and NPS beside the QA score in the summary and the
HTML report. The join column is found by name (ticket, conversation, case id,
external reference, e-mail) or named: --survey-key ticket_id=ExternalReference
(a result field or meta key = a survey column). Responses that join no
conversation are counted and listed. The CSAT ratings the exports carry
(Zendesk's satisfaction rating, good as 5 and bad as 1; Intercom's and
Gorgias' 1-5; a csat, rating or satisfaction column) count for the
conversations no survey response rated, with or without --surveys, and the
output says which figures came from them.`

func (f *surveyFlags) register(fs *pflag.FlagSet) {
	fs.StringSliceVar(&f.files, "surveys", nil, "survey exports to join to the conversations: SurveyMonkey JSON (with its details file) or CSV, Qualtrics CSV")
	fs.StringVar(&f.key, "survey-key", "", "join surveys on FIELD=COLUMN: a result field (id, customer) or meta key, and a survey column; or just COLUMN")
	fs.StringVar(&f.question, "survey-question", "", "the survey's CSAT or NPS question: its column id or part of its text (found by \"satisf\", \"recommend\", \"likely\" otherwise)")
}

// validate refuses survey options without surveys.
func (f *surveyFlags) validate() error {
	if len(f.files) == 0 && (f.key != "" || f.question != "") {
		return usageError("add --surveys FILE", "--survey-key and --survey-question need --surveys")
	}
	return nil
}

// load reads the surveys, to be joined to results redacted or not. Without
// --surveys it is nil, or with exportsAlone a join of the CSAT ratings the
// exports carry alone.
func (f *surveyFlags) load(exportsAlone, redact bool) (*reports.SurveyJoin, error) {
	if len(f.files) == 0 {
		if exportsAlone {
			join := reports.NewSurveyJoin(nil, "")
			join.Redact = redact
			return join, nil
		}
		return nil, nil
	}
	field, column := "", f.key
	if a, b, ok := strings.Cut(f.key, "="); ok {
		field, column = strings.TrimSpace(a), strings.TrimSpace(b)
		if field == "" || column == "" {
			return nil, usageError("write it as FIELD=COLUMN, e.g. --survey-key ticket_id=ExternalReference", "--survey-key %q: a field and a column", f.key)
		}
	}
	var files []survey.File
	for _, name := range f.files {
		r, err := os.Open(name)
		if err != nil {
			return nil, usageError("", "%s: %v", name, unwrapPath(err))
		}
		file, err := survey.ReadFile(name, r)
		r.Close()
		if err != nil {
			return nil, &exitError{code: ExitBadInput, err: err}
		}
		files = append(files, file)
	}
	set, err := survey.Read(files, survey.Options{Key: column, Question: f.question})
	if err != nil {
		return nil, &exitError{code: ExitBadInput, err: err, hint: "see 'iqa score --help' for the survey exports iqa reads"}
	}
	join := reports.NewSurveyJoin(set, field)
	join.Redact = redact
	return join, nil
}

// warnUnmatched says on stderr how many survey responses joined no
// conversation, so that none is dropped unseen even with --summary none.
// Where no summary lists them (coach, calibrate), it lists them itself.
func warnUnmatched(w goio.Writer, s *reports.SurveyStats, quiet, summarised bool) {
	if s == nil || len(s.Unmatched) == 0 || quiet {
		return
	}
	if summarised {
		var where []string
		for _, u := range s.Unmatched[:min(len(s.Unmatched), 5)] {
			where = append(where, fmt.Sprintf("%s:%d", u.File, u.Line))
		}
		more := ""
		if n := len(s.Unmatched) - len(where); n > 0 {
			more = fmt.Sprintf(" and %d more", n)
		}
		fmt.Fprintf(w, "iqa: warning: %s of %d joined no scored conversation (%s%s); --summary json lists every one\n",
			count(len(s.Unmatched), "survey response"), s.Responses, strings.Join(where, ", "), more)
		return
	}
	fmt.Fprintf(w, "iqa: warning: %s of %d joined no scored conversation:\n", count(len(s.Unmatched), "survey response"), s.Responses)
	for _, u := range s.Unmatched[:min(len(s.Unmatched), maxUnmatchedLines)] {
		fmt.Fprintf(w, "iqa: unmatched survey response %s:%d: %s\n", u.File, u.Line, u.Reason)
	}
	if n := len(s.Unmatched) - maxUnmatchedLines; n > 0 {
		fmt.Fprintf(w, "iqa: and %d more unmatched survey responses\n", n)
	}
}

// maxUnmatchedLines bounds the unmatched responses listed on stderr.
const maxUnmatchedLines = 50
