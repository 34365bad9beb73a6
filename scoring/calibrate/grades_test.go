package calibrate

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var crits = []string{"empathy", "resolution"}

func TestReadGradesCSVAndJSONL(t *testing.T) {
	csvText := "\ufeffConversation ID;Grader;Score;empathy;notes\nchat-1;ana;4;5;fine\nchat-1;ben;3;;\nchat-2;ana;1;2;\n"
	jsonText := `{"id":"chat-1","grader":"ana","score":4,"criteria":{"empathy":5}}
{"id":"chat-1","grader":"ben","score":3}

{"id":"chat-2","grader":"ana","score":1,"empathy":2,"notes":"x"}
`
	for name, text := range map[string]string{"g.csv": csvText, "g.jsonl": jsonText} {
		g, err := ReadGrades(name, strings.NewReader(text), ReadOptions{Criteria: crits})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(g.Rows) != 3 || g.Scale != (Scale{Min: 1, Max: 5}) {
			t.Fatalf("%s: rows %d scale %v", name, len(g.Rows), g.Scale)
		}
		r := g.Rows[0]
		if r.ID != "chat-1" || r.Grader != "ana" || r.Overall != 4 || r.Criteria["empathy"] != 5 {
			t.Errorf("%s: first row %+v", name, r)
		}
		if _, ok := g.Rows[1].Criteria["empathy"]; ok {
			t.Errorf("%s: an empty cell became a grade", name)
		}
		if len(g.Ignore) != 1 || g.Ignore[0] != "notes" {
			t.Errorf("%s: ignored %v, want [notes]", name, g.Ignore)
		}
	}
}

func TestReadGradesScales(t *testing.T) {
	for _, c := range []struct {
		text string
		want string
	}{
		{"id,score\na,pass\nb,fail\n", "pass/fail"},
		{"id,score\na,1\nb,0\n", "pass/fail"},
		{"id,score\na,7\nb,3\n", "1-10"},
		{"id,score\na,85\nb,40%\n", "0-100"},
		{"id,score\na,0.4\nb,0.9\n", "0-1"},
	} {
		g, err := ReadGrades("g.csv", strings.NewReader(c.text), ReadOptions{})
		if err != nil {
			t.Fatalf("%q: %v", c.text, err)
		}
		if g.Scale.String() != c.want {
			t.Errorf("%q: scale %s, want %s", c.text, g.Scale, c.want)
		}
		if g.Rows[0].Grader != "grader" {
			t.Errorf("no grader column should mean one grader, got %q", g.Rows[0].Grader)
		}
	}
	g, _ := ReadGrades("s.csv", strings.NewReader("id,csat\na,4\n"), ReadOptions{Grader: "survey"})
	if g.Rows[0].Grader != "survey" {
		t.Errorf("grader %q, want survey", g.Rows[0].Grader)
	}
}

func TestReadGradesBadRowsNameFileAndLine(t *testing.T) {
	for _, c := range []struct {
		name, text, want string
	}{
		{"bad number", "id,score\na,4\nb,great\n", `g.csv:3: score "great" is not a number or pass/fail`},
		{"twice", "id,grader,score\na,ana,4\nb,ana,3\na,ana,2\n", `g.csv:4: "a" graded twice by "ana" (first at line 2)`},
		{"no id", "id,score\n,4\n", "g.csv:2: no conversation id"},
		{"no score", "id,score\na,\n", `g.csv:2: "a" has no score`},
		{"no id column", "who,score\na,4\n", "g.csv:1: no conversation id column"},
		{"no score column", "id,comment\na,4\n", "g.csv:1: no score column"},
		{"off scale", "id,score\na,4\nb,250\n", "scores run from 4 to 250"},
		{"bad quote", "id,score\na,4\n\"b,3\n", "g.csv:3:"},
		{"bad criterion", "id,score,empathy\na,4,lots\n", `g.csv:2: column "empathy": "lots" is not a number`},
		{"bad json", "{\"id\":\"a\",\"score\":4}\n{\"id\":\n", "g.csv:2: not a JSON object"},
		{"empty", "\n\n", "g.csv: empty"},
	} {
		_, err := ReadGrades("g.csv", strings.NewReader(c.text), ReadOptions{Criteria: crits})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error is more than one line: %q", c.name, err)
		}
	}
	s := Scale{Min: 1, Max: 5}
	_, err := ReadGrades("g.csv", strings.NewReader("id,score\na,4\nb,6\n"), ReadOptions{Scale: &s})
	if err == nil || !strings.Contains(err.Error(), "g.csv:3: score 6 is outside the scale 1-5") {
		t.Errorf("given scale: %v", err)
	}
}

func TestScaleConversions(t *testing.T) {
	s, err := ParseScale("1-5")
	if err != nil || s.Percent(3) != 50 || s.FromPercent(62) != 3 || s.FromPercent(100) != 5 {
		t.Errorf("1-5: %v %v %v %v", err, s.Percent(3), s.FromPercent(62), s.FromPercent(100))
	}
	if _, err := ParseScale("5-1"); err == nil {
		t.Error("5-1 should be refused")
	}
	if s, _ := ParseScale("pass/fail"); !s.PassFail || s.FromPercent(70) != 1 {
		t.Errorf("pass/fail: %+v", s)
	}
}

func FuzzReadGrades(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/calibrate/*")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("id,grader,score,empathy\na,x,4,5\n"))
	f.Add([]byte(`{"id":"a","score":"pass","criteria":{"empathy":1}}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := ReadGrades("f", strings.NewReader(string(data)), ReadOptions{Criteria: crits})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f:") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		for _, r := range g.Rows {
			if r.ID == "" || r.Line < 1 {
				t.Fatalf("row without id or line: %+v", r)
			}
			if !math.IsNaN(r.Overall) && (r.Overall < g.Scale.Min || r.Overall > g.Scale.Max) {
				t.Fatalf("score %v off the scale %v", r.Overall, g.Scale)
			}
		}
	})
}
