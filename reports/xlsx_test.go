package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/iqa-cli/iqa/scoring"
)

// workbookResults are results with the text transcripts really carry:
// control characters, formula-looking text, a cell-sized wall of text.
func workbookResults() []*scoring.Result {
	long := strings.Repeat("very long message ", 2500) // 45,000 bytes: over Excel's cell limit
	var rs []*scoring.Result
	for i := range 6 {
		r := result(fmt.Sprintf("c%d", i), []string{"Ana", "Ben", "=cmd|' /c calc'!A0"}[i%3], float64(i*17%100)+0.5, i%2 == 0,
			map[string]float64{"greeting": float64(i * 20 % 101), "empathy": float64(i * 33 % 101)})
		r.Start = time.Date(2026, 3, 1+i, 9, 30, 0, 0, time.UTC)
		r.Team = "EMEA"
		r.Messages = 4 + i
		r.DurationSeconds = float64(60 * i)
		r.Criteria[0].Reason = "greeted in\x00 the first turn"
		r.Criteria[0].Evidence = []scoring.Evidence{{Message: 0, Text: "Hello", Note: "greeting", Effect: "+"}}
		if i == 3 {
			r.Criteria[1].Reason = long
		}
		if i != 1 { // c1 stands for an older result, without predicted CSAT
			withCSAT(r, 1.5+float64(i)*0.6)
		}
		rs = append(rs, r)
	}
	u := withCSAT(unansweredResult("u6", "Ben"), 1.2)
	u.Start = time.Date(2026, 3, 7, 9, 30, 0, 0, time.UTC)
	return append(rs, u)
}

func writeWorkbook(t *testing.T, results []*scoring.Result, maxRows int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.xlsx")
	var buf bytes.Buffer
	x, err := NewXLSX(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if maxRows > 0 {
		x.maxRows = maxRows
	}
	s := NewSummary(RunInfo{Inputs: []string{"chats.csv"}, Rubric: scoring.RubricRef{Name: "default", Version: "1.0", Hash: "abc"}})
	for _, r := range results {
		s.Add(r)
		if err := x.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	s.AddReject(Reject{File: "chats.csv", Line: 12, Reason: "missing text"}, 10)
	if err := x.Close(s); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// workbookText renders every sheet as "sheet!cell: value" lines, read back
// with excelize: what the golden file compares, not the zip's bytes.
func workbookText(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if len(v) > 300 {
					v = fmt.Sprintf("%s… (%d bytes)", v[:60], len(v))
				}
				fmt.Fprintf(&b, "%s!%s: %q\n", sheet, cell, v)
			}
		}
	}
	return b.String()
}

func TestWorkbookGolden(t *testing.T) {
	path := writeWorkbook(t, workbookResults(), 0)
	got := workbookText(t, path)
	golden := "testdata/workbook.golden.txt"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update)", err)
	}
	if got != string(want) {
		t.Errorf("workbook differs from %s (review, then -update):\n%s", golden, lineDiff(string(want), got))
	}
	for _, bad := range []string{"\x00", "(45000 bytes)"} {
		if strings.Contains(got, bad) {
			t.Errorf("workbook contains %q", bad)
		}
	}
	if !strings.Contains(got, "(32767 bytes)") {
		t.Error("a long text was not cut at Excel's cell limit")
	}
}

func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("first difference at line %d\n  want: %s\n  got:  %s", i+1, wl, gl)
		}
	}
	return ""
}

func TestWorkbookContinuesPastTheRowLimit(t *testing.T) {
	path := writeWorkbook(t, workbookResults()[:6], 4) // 3 data rows a sheet
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := strings.Join(f.GetSheetList(), ",")
	if got != "Summary,Conversations,Criteria,Criteria (2),Conversations (2),Criteria (3),Criteria (4),Agents,Rejected" {
		t.Fatalf("sheets: %s", got)
	}
	text := workbookText(t, path)
	if !strings.Contains(text, "Conversations has more rows than one Excel sheet holds (4); it continues on Conversations (2)") {
		t.Errorf("Summary does not say the sheet continues:\n%s", text)
	}
}

func TestWorkbookIsByteIdentical(t *testing.T) {
	a, err := os.ReadFile(writeWorkbook(t, workbookResults(), 0))
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		b, err := os.ReadFile(writeWorkbook(t, workbookResults(), 0))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatal("the same results gave different workbook bytes")
		}
	}
}

// openpyxlDump is run by Debian's python3-openpyxl, a reader other than
// excelize: it loads every sheet and prints the cells as JSON.
const openpyxlDump = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    out[ws.title] = [[("" if v is None else str(v)) for v in row] for row in ws.iter_rows(values_only=True)]
print(json.dumps(out))
`

func TestWorkbookOpensInOpenpyxl(t *testing.T) {
	python := "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import openpyxl").Run(); err != nil {
		if os.Getenv("IQA_REQUIRE_OPENPYXL") == "1" {
			t.Fatalf("openpyxl is required (IQA_REQUIRE_OPENPYXL=1) but %s cannot import it: %v", python, err)
		}
		t.Skip("skipping: Debian's python3-openpyxl is not installed (apt-get install python3-openpyxl)")
	}
	results := workbookResults()
	path := writeWorkbook(t, results, 0)
	out, err := exec.Command(python, "-c", openpyxlDump, path).Output()
	if err != nil {
		t.Fatalf("openpyxl could not read the workbook: %v", err)
	}
	var sheets map[string][][]string
	if err := json.Unmarshal(out, &sheets); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Summary", "Conversations", "Criteria", "Agents", "Rejected"} {
		if len(sheets[name]) == 0 {
			t.Errorf("openpyxl found no rows in %s", name)
		}
	}
	convs := sheets["Conversations"]
	if len(convs) != len(results)+1 {
		t.Fatalf("Conversations has %d rows, want %d", len(convs), len(results)+1)
	}
	for i, r := range results {
		row := convs[i+1]
		if row[0] != r.ID || row[2] != r.Agent || row[7] != fmt.Sprint(r.Score) || row[4] != r.Start.Format("2006-01-02 15:04:05") {
			t.Errorf("row %d = %q, want id %s agent %q score %v start %s", i+1, row[:8], r.ID, r.Agent, r.Score, r.Start)
		}
	}
	if got := convs[0][10:12]; got[0] != "status" || got[1] != "predicted CSAT" {
		t.Errorf("Conversations header %q, want status and predicted CSAT after critical failure", convs[0])
	}
	if got := convs[len(convs)-1][10:12]; got[0] != "unanswered" || got[1] != "1.2" {
		t.Errorf("the unanswered conversation's status and predicted CSAT: %q", got)
	}
	if got := convs[2][11]; got != "" {
		t.Errorf("a result without predicted CSAT shows %q, want a blank", got)
	}
	if got := sheets["Rejected"][1]; got[0] != "chats.csv" || got[1] != "12" || got[2] != "missing text" {
		t.Errorf("Rejected row %q", got)
	}
}

// TestWorkbookLeavesBlankWhatNeverApplied: a criterion that applied to no
// conversation had a mean and a fail rate of 0 in the Summary sheet, which
// read as the worst score and counted in the user's own averages.
func TestWorkbookLeavesBlankWhatNeverApplied(t *testing.T) {
	path := writeWorkbook(t, []*scoring.Result{result("a", "Ana", 80, true, map[string]float64{"greeting": 100})}, 0)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range rows {
		if len(row) > 0 && row[0] == "empathy" {
			found = true
			for len(row) < 8 {
				row = append(row, "")
			}
			if row[4] != "" || row[5] != "" || row[6] != "0" {
				t.Errorf("empathy row %q: want mean and fail rate blank, applied 0", row)
			}
		}
	}
	if !found {
		t.Fatal("no empathy row in the Summary sheet")
	}
}

// TestWorkbookSaysWhatItCut: a cell cut at Excel's limit is said on the
// Summary sheet, not only noticed by a reader who finds the "…".
func TestWorkbookSaysWhatItCut(t *testing.T) {
	text := workbookText(t, writeWorkbook(t, workbookResults(), 0))
	if !strings.Contains(text, `"1 cell longer than Excel's limit of 32767 characters is cut, ending in …; the JSON results (--json) hold the whole text"`) {
		t.Errorf("Summary does not say a cell was cut:\n%s", text[:min(len(text), 2000)])
	}
	short := workbookResults()[:3]
	if text := workbookText(t, writeWorkbook(t, short, 0)); strings.Contains(text, "is cut") || strings.Contains(text, "are cut") {
		t.Errorf("a workbook with no long cell says one was cut")
	}
}
