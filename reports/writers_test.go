package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/scoring"
	"github.com/iqa-cli/iqa/transcript"
)

// TestJUnitIsValidXMLWithCounts: a failing conversation's message gives the
// pass mark and each failed criterion with its reason (it said "pass at
// the rubric's pass score", no number); every rejected record is a test
// case in error, counted in errors= (rejects were not counted at all).
func TestJUnitIsValidXMLWithCounts(t *testing.T) {
	var out bytes.Buffer
	j, err := NewJUnit(&out)
	if err != nil {
		t.Fatal(err)
	}
	seventy := 70.0
	pass := result("ok-1", "Ana", 90, true, map[string]float64{"greeting": 100})
	pass.PassScore = &seventy
	fail := result("bad\x01<id>&", "Ben", 20, false, map[string]float64{"greeting": 0})
	fail.CriticalFailure = true
	fail.Criteria[0].Critical = true
	fail.Criteria[0].Reason = "no greeting in the first 2 agent turns"
	fail.Criteria[0].Evidence = []scoring.Evidence{{Message: 0, Note: "first agent turn", Text: "what\x02 do you want?"}}
	low := result("low-1", "Cy", 42.3, false, map[string]float64{"greeting": 0, "empathy": 100})
	low.PassScore = &seventy
	low.Criteria[0].Reason = "none of the required phrases"
	s := NewSummary(RunInfo{Rubric: scoring.RubricRef{Name: "default"}})
	s.AddReject(Reject{File: "chats.csv", Line: 4, Reason: `invalid time "yesterday"`}, 1)
	s.AddReject(Reject{File: "chats.csv", Line: 9, Reason: "no role"}, 1)
	s.AddReject(Reject{File: "chats.csv", Line: 12, Reason: "no role"}, 1)
	for _, r := range []*scoring.Result{pass, fail, low} {
		if err := j.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Close(s); err != nil {
		t.Fatal(err)
	}
	type failure struct {
		Message string `xml:"message,attr"`
		Text    string `xml:",chardata"`
	}
	var doc struct {
		Errors int `xml:"errors,attr"`
		Suites []struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
			Errors   int `xml:"errors,attr"`
			Cases    []struct {
				Name    string   `xml:"name,attr"`
				Output  string   `xml:"system-out"`
				Failure *failure `xml:"failure"`
				Error   *failure `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("not valid XML: %v\n%s", err, out.String())
	}
	suite := doc.Suites[0]
	if suite.Tests != 5 || suite.Failures != 2 || suite.Errors != 2 || doc.Errors != 2 || len(suite.Cases) != 5 {
		t.Fatalf("suite %+v", suite)
	}
	if got := suite.Cases[0].Output; got != "score 90 (pass at 70 with no critical failure)" {
		t.Errorf("passing case output %q", got)
	}
	bad := suite.Cases[1]
	if bad.Name != "bad<id>&" || bad.Failure == nil ||
		bad.Failure.Message != "score 20, a critical criterion failed; failed greeting (critical): no greeting in the first 2 agent turns" ||
		!strings.Contains(bad.Failure.Text, `greeting (critical): 0 — no greeting in the first 2 agent turns`) ||
		!strings.Contains(bad.Failure.Text, `message 1: first agent turn "what do you want?"`) {
		t.Errorf("failure case %+v %+v", bad, bad.Failure)
	}
	if f := suite.Cases[2].Failure; f == nil || f.Message != "score 42.3, below the pass mark 70; failed greeting: none of the required phrases" {
		t.Errorf("low case failure %+v", f)
	}
	rej := suite.Cases[3]
	if rej.Name != "chats.csv:4" || rej.Error == nil || rej.Error.Message != `rejected, not scored: invalid time "yesterday"` {
		t.Errorf("reject case %+v %+v", rej, rej.Error)
	}
	if more := suite.Cases[4]; more.Name != "2 more rejected records" || more.Error == nil {
		t.Errorf("unlisted rejects case %+v", more)
	}
}

// An unanswered conversation fails its JUnit case with a type of its own.
func TestJUnitUnanswered(t *testing.T) {
	var out bytes.Buffer
	j, err := NewJUnit(&out)
	if err != nil {
		t.Fatal(err)
	}
	u := unansweredResult("u1", "")
	u.Note = "unanswered: the customer wrote 2 turns and no agent or bot replied"
	csat := 1.4
	u.PredictedCSAT = &csat
	if err := j.Write(u); err != nil {
		t.Fatal(err)
	}
	if err := j.Close(NewSummary(RunInfo{})); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<failure message="unanswered: no agent or bot replied to the customer" type="unanswered">unanswered: the customer wrote 2 turns and no agent or bot replied`,
		`<system-out>score 0 (pass at the rubric&#39;s pass score with no critical failure); predicted CSAT 1.4 / 5</system-out>`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("junit lacks %s:\n%s", want, out.String())
		}
	}
}

// csvRows writes results through the CSV writer and reads the rows back.
func csvRows(t *testing.T, results ...*scoring.Result) [][]string {
	t.Helper()
	var out bytes.Buffer
	w := NewCSV(&out)
	for _, r := range results {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(nil); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestCSVNeverWritesAFormula(t *testing.T) {
	rows := csvRows(t, result("=HYPERLINK(\"http://x\")", "+Ana", 50, false, map[string]float64{"greeting": 100}))
	if got := strings.Join(rows[0], ","); got != "id,channel,agent,team,start,messages,duration_s,score,passed,critical_failure,failed_criteria,status,predicted_csat,greeting,empathy" {
		t.Errorf("header %s", got)
	}
	if rows[1][0] != `'=HYPERLINK("http://x")` || rows[1][2] != "'+Ana" || rows[1][13] != "100" || rows[1][14] != "" {
		t.Errorf("row %q", rows[1])
	}
}

// The CSV says which conversations got no answer, and a predicted CSAT
// only where the result carries one (never 0 for an older results file).
func TestCSVStatusAndPredictedCSAT(t *testing.T) {
	rows := csvRows(t, withCSAT(result("p", "Ana", 90, true, nil), 3.4), result("old", "Ana", 40, false, nil), unansweredResult("u", ""))
	want := [][2]string{{"status", "predicted_csat"}, {"pass", "3.4"}, {"fail", ""}, {"unanswered", ""}}
	for i, w := range want {
		if got := [2]string{rows[i][11], rows[i][12]}; got != w {
			t.Errorf("row %d: status and predicted_csat %q, want %q", i, got, w)
		}
	}
}

// TestEvidenceValuesInPlainWords: the analysers' units ("compound",
// "flesch") stay in the results JSON; pages and tables people read say
// what was measured.
func TestEvidenceValuesInPlainWords(t *testing.T) {
	v, ease, wait, gap, words := -0.8182, 69.158, 285.0, 12.0, 35.0
	for _, tt := range []struct {
		ev   scoring.Evidence
		want string
	}{
		{scoring.Evidence{Message: 4, Value: &v, Unit: "compound", Note: "customer's last turn"}, "message 5: customer's last turn (sentiment -0.82)"},
		{scoring.Evidence{Message: -1, Value: &ease, Unit: "flesch", Note: "reading ease 69", Effect: "+"}, "+ reading ease 69 (69.2)"},
		// A note that says its value is not followed by it in other words.
		{scoring.Evidence{Message: 1, Value: &wait, Unit: "s", Note: "first response after 4m45s (limit 1m)"}, "message 2: first response after 4m45s (limit 1m)"},
		{scoring.Evidence{Message: 1, Value: &wait, Unit: "s", Note: "first response time"}, "message 2: first response time (4m45s)"},
		{scoring.Evidence{Message: 1, Value: &gap, Unit: "s", Note: "12.0s of silence before this turn (limit 10s)"}, "message 2: 12.0s of silence before this turn (limit 10s)"},
		{scoring.Evidence{Message: 1, Value: &words, Unit: "words", Note: "long sentence: 35 words (limit 30)"}, "message 2: long sentence: 35 words (limit 30)"},
		{scoring.Evidence{Message: 1, Value: &words, Unit: "words", Note: "long sentence: 135 words"}, "message 2: long sentence: 135 words (35 words)"},
	} {
		if got := DescribeEvidence(tt.ev); got != tt.want {
			t.Errorf("DescribeEvidence = %q, want %q", got, tt.want)
		}
	}
}

func TestExplanationMarksEvidence(t *testing.T) {
	r := result("c1", "Ana", 75, true, map[string]float64{"greeting": 100})
	r.Transcript = []transcript.Message{{Role: transcript.Agent, Author: "Ana", Text: "Hello Bob, sorry for the wait."}}
	r.Criteria[0].Evidence = []scoring.Evidence{
		{Message: 0, Start: 0, End: 5, Text: "Hello", Note: "greeting", Effect: "+"},
		{Message: 0, Start: 11, End: 16, Text: "sorry", Note: "apology", Effect: "+"},
		{Message: -1, Note: "no first response time: no timestamps"},
	}
	var out bytes.Buffer
	if err := WriteExplanation(&out, r, false); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"      «Hello» Bob, «sorry» for the wait.\n",
		"      ◂ greeting + greeting \"Hello\"\n",
		"no first response time: no timestamps",
		"score 75 passed",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("explanation lacks %q:\n%s", want, got)
		}
	}
}

// explain says the predicted CSAT with its evidence numbered, "-" for a
// result without one, and plainly that nobody answered an unanswered one.
func TestExplanationPredictedCSATAndUnanswered(t *testing.T) {
	csat := 2.3
	r := result("c1", "Ana", 40, false, nil)
	r.Transcript = []transcript.Message{{Role: transcript.Customer, Text: "This is useless."}, {Role: transcript.Agent, Text: "Sorry."}}
	r.PredictedCSAT = &csat
	r.CSATEvidence = []scoring.Evidence{
		{Message: 0, Start: 8, End: 15, Text: "useless", Note: "customer pushes back", Effect: "-"},
		{Message: -1, Note: "customer's mean sentiment over 1 turn"},
	}
	var out bytes.Buffer
	if err := WriteExplanation(&out, r, false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Predicted customer satisfaction: 2.3 / 5\n  1. lowered it: message 1: customer pushes back \"useless\"\n  2. customer's mean sentiment over 1 turn\n",
		"      This is «useless».\n",
		"      ◂ csat - customer pushes back \"useless\"\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("explanation lacks %q:\n%s", want, out.String())
		}
	}

	u := result("u1", "", 0, false, nil)
	u.Unanswered = true
	u.Transcript = []transcript.Message{{Role: transcript.Customer, Text: "Hello?"}, {Role: transcript.Customer, Text: "Anyone?"}}
	out.Reset()
	if err := WriteExplanation(&out, u, false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"No agent answered: the customer wrote 2 turns and nobody replied",
		"Predicted customer satisfaction: - (no customer turn to predict it from)",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("explanation lacks %q:\n%s", want, out.String())
		}
	}
}

// TestEvidenceExcerptCutShowsEllipsis: a quote cut short says so.
func TestEvidenceExcerptCutShowsEllipsis(t *testing.T) {
	ev := scoring.Evidence{Message: 0, End: 14, Text: "I was charged", Cut: true, Note: "customer distressed", Effect: "-"}
	if got, want := DescribeEvidence(ev), `- message 1: customer distressed "I was charged…"`; got != want {
		t.Errorf("DescribeEvidence = %q, want %q", got, want)
	}
}
