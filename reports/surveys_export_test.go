package reports

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/importers/survey"
	"github.com/iqa-cli/iqa/scoring"
)

func ratedResult(seq int, id, agent string, score float64, key, value string) *scoring.Result {
	r := surveyResult(seq, id, agent, score)
	r.Meta[key] = value
	return r
}

func TestExportCSAT(t *testing.T) {
	cases := []struct {
		in           string
		want         float64
		ok, isRating bool
	}{
		{"good", 5, true, true},
		{"Good", 5, true, true},
		{"good_with_comment", 5, true, true},
		{"bad", 1, true, true},
		{"BAD", 1, true, true},
		{"4", 4, true, true},
		{" 2.5 ", 2.5, true, true},
		{"1", 1, true, true},
		{"5", 5, true, true},
		{"offered", 0, false, false},
		{"unoffered", 0, false, false},
		{"", 0, false, false},
		{"0", 0, false, true},
		{"10", 0, false, true},
		{"NaN", 0, false, true},
		{"great", 0, false, true},
	}
	for _, c := range cases {
		got, ok, isRating := ExportCSAT(c.in)
		if got != c.want || ok != c.ok || isRating != c.isRating {
			t.Errorf("ExportCSAT(%q) = %v, %v, %v; want %v, %v, %v", c.in, got, ok, isRating, c.want, c.ok, c.isRating)
		}
	}
}

func TestSurveyJoinExportRatingsAlone(t *testing.T) {
	j := NewSurveyJoin(nil, "")
	results := []*scoring.Result{
		ratedResult(0, "z1", "Ana", 90, "csat", "good"),
		ratedResult(1, "z2", "Ana", 30, "csat", "bad"),
		ratedResult(2, "i1", "Ben", 70, "rating", "4"),
		ratedResult(3, "x1", "Ben", 50, "csat", "11"),
		ratedResult(4, "x2", "Ben", 50, "csat", "offered"),
		surveyResult(5, "n1", "Cy", 10),
	}
	for i := len(results) - 1; i >= 0; i-- { // order of arrival does not matter
		if got, want := j.Observe(results[i]), i < 3; got != want {
			t.Errorf("Observe(%s) = %v, want %v", results[i].ID, got, want)
		}
	}
	s := j.Stats()
	if s == nil || len(s.Sources) != 0 || s.Responses != 0 || s.Joined != 0 {
		t.Fatalf("stats %+v", s)
	}
	e := s.Export
	if e.Rated != 3 || e.Used != 3 || e.Superseded != 0 || e.Fields["csat"] != 2 || e.Fields["rating"] != 1 || e.Unreadable != 1 || e.Example != `x1: meta csat "11"` {
		t.Errorf("export %+v", e)
	}
	if g := s.Team; *g.CSAT != 3.33 || g.CSATN != 3 || g.CSATExportN != 3 || g.CSATSurveyN != 0 || g.Responses != 0 || g.QAMean != 63.3 {
		t.Errorf("team %+v", g)
	}
	if len(s.Agents) != 2 || s.Agents[0].Name != "Ana" || *s.Agents[0].CSAT != 3 || s.Agents[1].CSATExportN != 1 {
		t.Errorf("agents %+v", s.Agents)
	}
	if c := s.Correlation; c.Against != "csat" || c.N != 3 || c.ExportN != 3 || c.SurveyN != 0 || c.Spearman == nil || *c.Spearman != 1 {
		t.Errorf("correlation %+v", c)
	}
	if d := s.Disagreements[0]; d.ID != "z2" || d.Gap != 30 {
		t.Errorf("largest gap %+v", d)
	}
	if d := s.Disagreements[1]; d.ID != "z1" || d.Source != "export" || d.ExportField != "csat" || d.ExportValue != "good" || d.Gap != -10 || d.rating() != "csat 5 (export csat good)" {
		t.Errorf("disagreements %+v", s.Disagreements)
	}
}

func TestSurveyJoinNothingRatedIsNoSection(t *testing.T) {
	j := NewSurveyJoin(nil, "")
	j.Observe(surveyResult(0, "c1", "Ana", 50))
	if s := j.Stats(); s != nil {
		t.Errorf("stats %+v, want none", s)
	}
}

func TestSurveyJoinSurveyResponseWinsOverTheExport(t *testing.T) {
	set := surveySet(survey.KeyID, survey.Response{Key: "c1", CSAT: rating(2)})
	j := NewSurveyJoin(set, "")
	j.Observe(ratedResult(0, "c1", "Ana", 80, "csat", "good"))
	j.Observe(ratedResult(1, "c2", "Ana", 60, "csat", "bad"))
	s := j.Stats()
	if e := s.Export; e.Rated != 2 || e.Used != 1 || e.Superseded != 1 {
		t.Errorf("export %+v", e)
	}
	if g := s.Team; *g.CSAT != 1.5 || g.CSATSurveyN != 1 || g.CSATExportN != 1 || g.Responses != 1 || g.QAMean != 70 {
		t.Errorf("team %+v", g)
	}
	if c := s.Correlation; c.N != 2 || c.SurveyN != 1 || c.ExportN != 1 {
		t.Errorf("correlation %+v", c)
	}
	var text strings.Builder
	writeSurveysText(func(f string, a ...any) { fmt.Fprintf(&text, f, a...) }, s)
	wantLines(t, text.String(),
		"export ratings\t2 conversations rated in the export (2 in meta csat) on 1-5, good=5 bad=1; 1 used, 1 also rated in a survey file (the survey counts)\n",
		"survey csat\tmean 1.50 / 5 over 2 (1 from survey files, 1 from export ratings)\n",
		"over n=2 (1 from survey files, 1 from export ratings)\n",
		"agent\tsurveys\texport ratings\tqa mean\tcsat\tnps\nAna\t1\t1\t70\t1.50\t-\n",
		"c2\tAna\t60\tcsat 1 (export csat bad)\t+60.0\n",
		"c1\tAna\t80\tcsat 2\t+55.0\n")
}

// wantLines checks that text holds every one of wants.
func wantLines(t *testing.T, text string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

// With an NPS-only survey the exports' CSAT shows per agent, but the
// correlation and the gaps stay on the survey's NPS: the scales differ.
func TestSurveyJoinExportCSATBesideAnNPSSurvey(t *testing.T) {
	set := surveySet(survey.KeyID, survey.Response{Key: "c1", NPS: nps(9)})
	set.Sources[0].CSATQuestion, set.Sources[0].CSATScale = "", ""
	j := NewSurveyJoin(set, "")
	if j.Observe(ratedResult(1, "c2", "Ana", 60, "csat", "4")) {
		t.Error("an export rating joined an NPS comparison")
	}
	j.Observe(surveyResult(0, "c1", "Ana", 80))
	s := j.Stats()
	if c := s.Correlation; c.Against != "nps" || c.N != 1 || c.ExportN != 0 {
		t.Errorf("correlation %+v", c)
	}
	if g := s.Agents[0]; g.CSAT == nil || *g.CSAT != 4 || g.NPSN != 1 || g.CSATExportN != 1 {
		t.Errorf("agent %+v", g)
	}
	if len(s.Disagreements) != 1 || s.Disagreements[0].Source != "survey" {
		t.Errorf("disagreements %+v", s.Disagreements)
	}
}

func FuzzExportCSAT(f *testing.F) {
	for _, s := range []string{"good", "bad_with_comment", "4", "4.5", "0", "10", "offered", "", "1e1", "-inf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok, isRating := ExportCSAT(s)
		if ok && (!isRating || v < 1 || v > 5) {
			t.Errorf("ExportCSAT(%q) = %v, %v, %v: a rating off 1-5", s, v, ok, isRating)
		}
		if !ok && v != 0 {
			t.Errorf("ExportCSAT(%q) = %v without a rating", s, v)
		}
	})
}
