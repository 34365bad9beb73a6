package reports

import (
	"fmt"
)

// surveySheetRows bounds the unmatched responses the Surveys sheet lists;
// the JSON summary lists them all.
const surveySheetRows = 100_000

// writeSurveys adds the Surveys sheet: per agent and team, the QA mean
// beside the survey CSAT and NPS; the correlation; the largest gaps; and
// the responses that joined no conversation.
func (x *XLSX) writeSurveys(s *SurveyStats) error {
	if s == nil {
		return nil
	}
	if _, err := x.f.NewSheet("Surveys"); err != nil {
		return err
	}
	w := &sheetWriter{f: x.f, sheet: "Surveys"}
	w.style(1, 1, w.line("customer surveys beside the QA score"), x.styles.header)
	w.line("responses", s.Responses, "joined", s.Joined, "unmatched", len(s.Unmatched), "joined on", s.Field)
	for _, src := range s.Sources {
		w.line("file", x.cellText(sourceLine(src)))
	}
	if s.Export != nil {
		w.line("export ratings", x.cellText(exportLine(s.Export)))
	}
	var rho any = "–"
	if s.Correlation.Spearman != nil {
		rho = *s.Correlation.Spearman
	}
	w.line("Spearman QA vs survey "+s.Correlation.Against, rho, "n", s.Correlation.N)
	w.line()
	w.style(1, 9, w.line("agent", "surveys", "QA mean", "CSAT (1-5)", "NPS", "promoters", "passives", "detractors", "CSAT from export ratings"), x.styles.header)
	for _, g := range append([]SurveyGroup{s.Team}, s.Agents...) {
		w.line(x.cellText(g.Name), g.Responses, g.QAMean, orNil(g.CSAT), orNil(g.NPS), g.Promoters, g.Passives, g.Detractors, g.CSATExportN)
	}
	w.line()
	w.style(1, 6, w.line("largest disagreements", "agent", "QA score", "survey", "gap (QA - survey as 0-100)", "source"), x.styles.header)
	for _, d := range s.Disagreements {
		w.line(x.cellText(d.ID), x.cellText(orUnknown(d.Agent)), d.Score, x.cellText(d.rating()), d.Gap, d.Source)
	}
	w.line()
	w.style(1, 5, w.line("unmatched response", "line", "response id", "key", "reason"), x.styles.header)
	for _, u := range s.Unmatched[:min(len(s.Unmatched), surveySheetRows)] {
		w.line(x.cellText(u.File), u.Line, x.cellText(u.ID), x.cellText(u.Key), x.cellText(u.Reason))
	}
	if n := len(s.Unmatched) - surveySheetRows; n > 0 {
		w.line(fmt.Sprintf("and %d more; --summary json lists every one", n))
	}
	if w.err == nil {
		w.err = x.f.SetColWidth("Surveys", "A", "A", 28)
	}
	return w.err
}

// orNil is a figure for a cell: empty when there is none.
func orNil(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}
