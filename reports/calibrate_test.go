package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/iqa-cli/iqa/scoring/calibrate"
)

func fptr(v float64) *calibrate.F { f := calibrate.F(v); return &f }

// calibrationFixture has a defined and an undefined figure, one grader, a
// fit that was refused, and a reason with markup in it.
func calibrationFixture() *calibrate.Report {
	return &calibrate.Report{
		Schema: calibrate.Schema, GradesFile: "grades.csv", Scale: "1-5", Conversations: 2, Grades: 2,
		Agreement: []calibrate.Agreement{
			{Target: "overall", Against: "overall", N: 2, Spearman: fptr(0.91234), SpearmanCI: [2]*calibrate.F{fptr(0.5), fptr(1)}, PassAgreement: fptr(1)},
			{Target: "no_abuse", Against: "overall", N: 2},
		},
		Graders: []calibrate.Grader{{Name: "lee", Grades: 2, Mean: fptr(62.49), VsIQA: fptr(-0.04)}},
		Disagreements: []calibrate.Disagreement{{ID: "c1", HumanMean: 2, HumanPercent: 25, IQA: 80,
			Criteria: []calibrate.Reasons{{ID: "greeting", Score: 0, Status: "fail", Reason: `no "<b>hello</b>"`}, {ID: "talk_ratio", Status: "n/a", Reason: "not a call"}}}},
		Fit: &calibrate.Fit{N: 30, Folds: 5, Seed: 1, Before: 0.7, After: 0.69, Weights: []calibrate.WeightChange{{ID: "greeting", Before: 1, After: 0.5}}},
	}
}

func TestCalibrationRenderings(t *testing.T) {
	r := calibrationFixture()
	var text bytes.Buffer
	if err := WriteCalibrationText(&text, r, false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"overall\tits own grades\t2\t0.912\t0.500..1.000\t-\t-\t-\t1.000\n",
		"no_abuse\toverall grades\t2\t-\t-\t-\t-\t-\t-\n",
		"lee\t2\t62.5\t-\t0\t0.0\n", // no "-0.0"
		"humans among themselves\t- (one grader",
		"c1\t2.00 (25.0 of 100)\t80.0\n  greeting 0 fail\t",
		"(not improved; n 30, seed 1)",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("console lacks %q:\n%s", want, text.String())
		}
	}
	if strings.Contains(text.String(), "talk_ratio") {
		t.Error("a criterion that did not apply is shown as iqa's reason")
	}

	var js bytes.Buffer
	if err := WriteCalibrationJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatalf("JSON does not parse: %v", err)
	}
	if !strings.Contains(js.String(), `"spearman": 0.912,`) || !strings.Contains(js.String(), `"spearman": null,`) {
		t.Errorf("JSON figures should be rounded, undefined ones null:\n%s", js.String())
	}

	page := renderCalibration(t, r)
	if strings.Contains(page, "<b>hello</b>") || !strings.Contains(page, "&lt;b&gt;hello&lt;/b&gt;") {
		t.Error("a reason's markup is not escaped on the page")
	}
	if !strings.Contains(page, "no improvement, so no tuned rubric was written") {
		t.Error("the page does not say the fit was refused")
	}
}

func renderCalibration(t *testing.T, r *calibrate.Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteCalibrationHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestBrowserCalibrationPage(t *testing.T) {
	page := openPage(t, "calibration.html", []byte(renderCalibration(t, calibrationFixture())), 390, 844)
	page.do(t, chromedp.Click(`#disagreements summary`))
	if eval[bool](t, page, `document.documentElement.scrollWidth > window.innerWidth + 1`) {
		t.Error("the page is wider than a phone's screen")
	}
	rows := eval[int](t, page, `document.querySelectorAll("#agreement tbody tr").length`)
	if rows != 2 {
		t.Errorf("%d agreement rows, want 2", rows)
	}
	page.screenshot(t, "calibration-phone.png")
	page.checkClean(t)
}
