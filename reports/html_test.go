package reports

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/scoring"
)

var update = flag.Bool("update", false, "rewrite golden files in reports/testdata")

// renderHTML runs results through an HTML writer and a summary, as the
// score command does.
func renderHTML(t testing.TB, results []*scoring.Result, max int) []byte {
	t.Helper()
	var out bytes.Buffer
	w := NewHTML(&out, max)
	s := NewSummary(RunInfo{Inputs: []string{"exports/chats.jsonl", "exports/calls.vtt"}, Filters: "agent in [Ana Souza]"})
	for _, r := range results {
		s.Add(r)
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(s); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; create it with go test ./reports -run %s -update", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; review the change and rewrite it with -update", path)
	}
}

func TestHTMLGolden(t *testing.T) {
	golden(t, "report.golden.html", renderHTML(t, fixtureResults(), 10))
}

func TestHTMLIsDeterministic(t *testing.T) {
	results := fixtureResults()
	a := renderHTML(t, results, 8)
	// Another order of the same results gives the same page: the page never
	// depends on arrival order or map iteration.
	rev := append([]*scoring.Result(nil), results...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	if b := renderHTML(t, rev, 8); !bytes.Equal(a, b) {
		t.Error("the page depends on the order results arrive in")
	}
	if b := renderHTML(t, results, 8); !bytes.Equal(a, b) {
		t.Error("two renderings of the same results differ")
	}
}

func TestHTMLEscapesTranscriptText(t *testing.T) {
	results := fixtureResults()
	r := results[5]
	r.ID = `"><svg onload=alert(1)>`
	r.Agent = `<b onmouseover=alert(2)>Eve</b>`
	r.Criteria[0].Reason = `<iframe src="javascript:alert(3)">`
	r.Criteria[1].Evidence[0].Note = `"><script>alert(4)</script>`
	page := string(renderHTML(t, results, 200))
	for _, bad := range []string{"<script>window", "<img src=x", `<a href="javascript:`, "<svg onload", "<b onmouseover", "<iframe", "<script>alert"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q unescaped", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;window.__iqaXSS=1&lt;/script&gt;", "&lt;img src=x onerror=", "javascript:window.__iqaXSS=3"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks the escaped text %q", want)
		}
	}
	if n := strings.Count(page, "<script"); n != 1 {
		t.Errorf("page has %d script elements, want only its own", n)
	}
}

func TestHTMLMarksEvidenceSpans(t *testing.T) {
	page := string(renderHTML(t, fixtureResults(), 200))
	for _, want := range []string{
		`<mark class="plus" title="Greeting: greeting phrase">Hello</mark>`,
		`<mark class="minus" title="Never asks for a full card number: request for card number">full card number</mark>`,
		`<mark class="minus" title="Resolution: unresolved phrase">still not working</mark>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

func TestMessageViewSpansStayInsideText(t *testing.T) {
	r := fixtureResults()[0]
	r.Transcript[1].Text = "héllo wörld"
	r.Criteria[0].Evidence = []scoring.Evidence{
		{Message: 1, Start: 2, End: 5, Note: "mid-rune start"},   // é is bytes 1-2
		{Message: 1, Start: 7, End: 500, Note: "past the end"},   // clipped
		{Message: 1, Start: 90, End: 95, Note: "out of range"},   // dropped
		{Message: 1, Start: 4, End: 3, Note: "backwards"},        // dropped
		{Message: 1, Start: 0, End: 3, Note: "overlaps another"}, // merged into segments
	}
	v := viewOf(r, "")
	var joined strings.Builder
	for _, s := range v.Messages[1].Segments {
		joined.WriteString(s.Text)
	}
	if joined.String() != "héllo wörld" {
		t.Errorf("segments join to %q", joined.String())
	}
	greeting := 0
	for _, n := range v.Messages[1].Notes {
		if n.Criterion == "Greeting" {
			greeting++
		}
	}
	if greeting != 5 {
		t.Errorf("%d greeting notes beside the message, want all 5", greeting)
	}
}

// TestHTMLStaysSmall feeds 100,000 results: the page embeds at most
// --html-max transcripts and says how many it left out, and the writer
// keeps only its bounded candidate lists.
func TestHTMLStaysSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 results")
	}
	const n = 100000
	var out bytes.Buffer
	w := NewHTML(&out, DefaultHTMLMax)
	s, held := feedGenerated(t, w, n)
	if held > 64<<20 {
		t.Errorf("writer holds %d MB after %d results; it should keep only bounded candidates", held>>20, n)
	}
	if err := w.Close(s); err != nil {
		t.Fatal(err)
	}
	page := out.String()
	if out.Len() > 5<<20 {
		t.Errorf("page is %d bytes for %d results, want under 5 MB", out.Len(), n)
	}
	if got := strings.Count(page, `<details class="conv"`); got != DefaultHTMLMax {
		t.Errorf("%d transcripts embedded, want %d", got, DefaultHTMLMax)
	}
	if !strings.Contains(page, "that need attention are left out") {
		t.Error("page does not say how many conversations were left out")
	}
	t.Logf("%d results: page %d bytes", n, out.Len())
}

// BenchmarkHTMLWriter measures the writer alone over 100,000 distinct
// results: they (shallow copies of 1,000 generated ones, each with its own
// seq and id) and the summary are made before the timer starts.
func BenchmarkHTMLWriter(b *testing.B) {
	const n = 100000
	base := make([]*scoring.Result, 1000)
	for i := range base {
		base[i] = generatedResult(i)
	}
	results := make([]scoring.Result, n)
	s := NewSummary(RunInfo{})
	for i := range results {
		results[i] = *base[i%len(base)]
		results[i].Seq, results[i].ID = i, fmt.Sprintf("gen-%07d", i)
		s.Add(&results[i])
	}
	b.ReportAllocs()
	size := 0
	for b.Loop() {
		var out bytes.Buffer
		w := NewHTML(&out, DefaultHTMLMax)
		for i := range results {
			if err := w.Write(&results[i]); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(s); err != nil {
			b.Fatal(err)
		}
		size = out.Len()
	}
	b.ReportMetric(float64(size), "page-bytes")
}

func TestHTMLEmptyRun(t *testing.T) {
	var out bytes.Buffer
	w := NewHTML(&out, 0)
	s := NewSummary(RunInfo{})
	s.AddReject(Reject{File: "chats.csv", Line: 3, Reason: `column "created_at": invalid time "yesterday"`}, 10)
	if err := w.Close(s); err != nil {
		t.Fatal(err)
	}
	page := out.String()
	for _, want := range []string{"No conversation was scored.", "1 input record not scored.", "chats.csv:3"} {
		if !strings.Contains(page, want) {
			t.Errorf("empty run's page lacks %q", want)
		}
	}
}

// The report gives the mean predicted CSAT, each agent's, each listed
// conversation's with its evidence, and counts and lists the unanswered
// apart from the failed.
func TestHTMLShowsPredictedCSATAndUnanswered(t *testing.T) {
	page := string(renderHTML(t, fixtureResults(), 30))
	for _, want := range []string{
		`<span>mean predicted CSAT <b>2.7</b> / 5</span>`,
		`<div class="fig-value">2.7 / 5</div><div class="fig-label">predicted CSAT</div><div class="fig-note">mean of 21 of 25</div>`,
		`<div class="fig-value">1</div><div class="fig-label">unanswered</div>`,
		`<h3 id="list-unanswered">Unanswered <span class="muted">(1 of 1)</span></h3>`,
		`<p class="ids">ids: conv-025</p>`,
		`<span class="tag bad">unanswered</span>`,
		`<td class="num" data-v="2.3714">2.4</td>`, // Ben Okafor's mean over the results that carry one
		`<b>Predicted customer satisfaction: 1.2 / 5</b>`,
		`<li>lowered it: message 4: customer says it is not solved &#34;still not working&#34;</li>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %s", want)
		}
	}
	// An older results file: no CSAT anywhere, shown as "–", never 0.
	var old []*scoring.Result
	for _, r := range fixtureResults()[:4] {
		r.PredictedCSAT, r.CSATEvidence = nil, nil
		old = append(old, r)
	}
	page = string(renderHTML(t, old, 10))
	if !strings.Contains(page, `<div class="fig-value">–</div><div class="fig-label">predicted CSAT</div>`) ||
		!strings.Contains(page, `<td class="num" data-v="-1.0000">–</td>`) || strings.Contains(page, "Predicted customer satisfaction") ||
		strings.Contains(page, "mean predicted CSAT") {
		t.Error("a run without predicted CSAT does not show it as absent")
	}
}
