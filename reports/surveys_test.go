package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/importers/survey"
	"github.com/iqa-cli/iqa/scoring"
)

func rating(v float64) *float64 { return &v }
func nps(v int) *int            { return &v }

func surveySet(kind survey.KeyKind, responses ...survey.Response) *survey.Set {
	src := survey.Source{File: "s.csv", Format: survey.FormatQualtrics, KeyColumn: "ticket", CSATQuestion: "How satisfied?", CSATScale: "1-5", NPSQuestion: "How likely?"}
	for i := range responses {
		responses[i].File, responses[i].Line = "s.csv", i+2
	}
	return &survey.Set{Sources: []survey.Source{src}, Responses: responses, KeyKind: kind}
}

func surveyResult(seq int, id, agent string, score float64) *scoring.Result {
	return &scoring.Result{Seq: seq, ID: id, Agent: agent, Score: score, Meta: map[string]string{}}
}

func TestSurveyJoinByIDAndMeta(t *testing.T) {
	set := surveySet(survey.KeyID,
		survey.Response{Key: "c1", CSAT: rating(5), NPS: nps(10)},
		survey.Response{Key: "T-77", CSAT: rating(1), NPS: nps(2)},
		survey.Response{Key: "c3", CSAT: rating(3)},
		survey.Response{Key: "gone", CSAT: rating(4)},
		survey.Response{Key: ""},
	)
	j := NewSurveyJoin(set, "")
	results := []*scoring.Result{surveyResult(0, "c1", "Ana", 90), surveyResult(1, "c2", "Ana", 80), surveyResult(2, "c3", "Ben", 40), surveyResult(3, "c1", "Ben", 10)}
	results[1].Meta["Ticket ID"] = "T-77"    // found by a meta key naming a ticket
	for i := len(results) - 1; i >= 0; i-- { // order of arrival does not matter
		j.Observe(results[i])
	}
	s := j.Stats()
	if s.Responses != 5 || s.Joined != 3 || len(s.Unmatched) != 2 {
		t.Fatalf("responses %d joined %d unmatched %+v", s.Responses, s.Joined, s.Unmatched)
	}
	if u := s.Unmatched[0]; u.Line != 5 || u.Reason != `no scored conversation has id=ticket "gone"` {
		t.Errorf("unmatched %+v", u)
	}
	if u := s.Unmatched[1]; u.Reason != "the response has no ticket" {
		t.Errorf("unmatched %+v", u)
	}
	// c1 joins the first conversation with that id (Ana's, seq 0), not Ben's.
	got := fmt.Sprintf("%s %d %v %v", s.Agents[0].Name, s.Agents[0].Responses, *s.Agents[0].CSAT, *s.Agents[0].NPS)
	if got != "Ana 2 3 0" {
		t.Errorf("Ana: %s (%+v)", got, s.Agents[0])
	}
	if s.Team.QAMean != 70 || *s.Team.CSAT != 3 || s.Team.Promoters != 1 || s.Team.Detractors != 1 || s.Team.Passives != 0 {
		t.Errorf("team %+v", s.Team)
	}
	if c := s.Correlation; c.N != 3 || c.Spearman == nil || *c.Spearman != 0.5 || c.Against != "csat" {
		t.Errorf("correlation %+v", c)
	}
	// The largest gap first: c2 scored 80 with CSAT 1 (0 of 100).
	if d := s.Disagreements[0]; d.ID != "c2" || d.Gap != 80 {
		t.Errorf("disagreements %+v", s.Disagreements)
	}
}

func TestSurveyJoinByEmailTakesTheLatestConversation(t *testing.T) {
	set := surveySet(survey.KeyEmail, survey.Response{Key: "bob@example.com", CSAT: rating(2)})
	j := NewSurveyJoin(set, "")
	day := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	for i, agent := range []string{"Ana", "Ben", "Cy"} {
		r := surveyResult(i, fmt.Sprint("c", i), agent, 50)
		r.Customer, r.Start = "Bob@Example.com", day.Add(time.Duration([]int{1, 3, 2}[i])*time.Hour)
		j.Observe(r)
	}
	s := j.Stats()
	if s.Field != "customer e-mail" || len(s.Agents) != 1 || s.Agents[0].Name != "Ben" {
		t.Errorf("field %q agents %+v", s.Field, s.Agents)
	}
}

func TestSurveyJoinNamedField(t *testing.T) {
	set := surveySet(survey.KeyID, survey.Response{Key: "Z-1", NPS: nps(9)})
	set.Sources[0].CSATQuestion = ""
	j := NewSurveyJoin(set, "order_ref")
	r := surveyResult(0, "c1", "Ana", 70)
	j.Observe(r) // no order_ref: no join
	r.Meta["order_ref"] = "Z-1"
	if !j.Observe(r) {
		t.Fatal("a named meta key did not join")
	}
	s := j.Stats()
	if s.Correlation.Against != "nps" || s.Agents[0].NPS == nil || *s.Agents[0].NPS != 100 || s.Agents[0].CSAT != nil {
		t.Errorf("stats %+v", s)
	}
	g, err := j.Grades()
	if err != nil || len(g.Rows) != 1 || g.Rows[0].ID != "c1" || g.Rows[0].Overall != 9 || g.Scale.Max != 10 {
		t.Errorf("grades %+v, %v", g, err)
	}
}

func TestSurveyGradesNeedAJoin(t *testing.T) {
	j := NewSurveyJoin(surveySet(survey.KeyID, survey.Response{Key: "x", CSAT: rating(3)}), "")
	if _, err := j.Grades(); err == nil || !strings.Contains(err.Error(), "--survey-key FIELD=COLUMN") {
		t.Errorf("err = %v", err)
	}
}

func TestNilSurveyJoinJoinsNothing(t *testing.T) {
	var j *SurveyJoin
	if j.Observe(surveyResult(0, "c", "a", 1)) || j.Stats() != nil {
		t.Error("a nil join joined")
	}
}

func TestSummaryShowsSurveys(t *testing.T) {
	sum := NewSummary(RunInfo{})
	j := NewSurveyJoin(surveySet(survey.KeyID, survey.Response{Key: "c1", CSAT: rating(4.5), NPS: nps(7)}, survey.Response{Key: "nope", CSAT: rating(1)}), "")
	r := surveyResult(0, "c1", "Ana", 88)
	sum.Add(r)
	j.Observe(r)
	sum.Surveys = j.Stats()
	var text, js, without bytes.Buffer
	if err := WriteText(&text, sum, nil, false, 0); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"surveys\t2 responses; 1 joined on id, 1 unmatched\n",
		"survey csat\tmean 4.50 / 5 over 1\n",
		"survey nps\t+0 over 1: 0 promoters, 1 passive, 0 detractors\n",
		"unmatched\ts.csv:3: no scored conversation has id=ticket \"nope\"\n",
		"Ana\t1\t88\t4.50\t+0\n",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("console lacks %q:\n%s", want, text.String())
		}
	}
	if err := WriteJSON(&js, sum, nil); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Surveys *SurveyStats `json:"surveys"`
	}
	if err := json.Unmarshal(js.Bytes(), &out); err != nil || out.Surveys == nil || out.Surveys.Joined != 1 || len(out.Surveys.Unmatched) != 1 {
		t.Errorf("json surveys %+v, %v", out.Surveys, err)
	}
	sum.Surveys = nil
	if err := WriteJSON(&without, sum, nil); err != nil || strings.Contains(without.String(), "surveys") {
		t.Errorf("without --surveys the summary has no surveys key: %v", err)
	}
	var page bytes.Buffer
	sum.Surveys = j.Stats()
	h := NewHTML(&page, 0)
	if err := h.Write(r); err != nil {
		t.Fatal(err)
	}
	if err := h.Close(sum); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<section id="surveys">`, "<td>s.csv:3</td>", "<td>Ana</td><td class=\"num\">1</td><td class=\"num\">88</td><td class=\"num\">4.50</td>"} {
		if !strings.Contains(page.String(), want) {
			t.Errorf("html lacks %q", want)
		}
	}
}
