package rubrics

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestErrorFormat(t *testing.T) {
	cases := []struct {
		name string
		err  Error
		want string
	}{
		{"file, line and column", Error{File: "qa.yaml", Line: 12, Column: 11, Msg: `unknown kind "empaty"`}, `qa.yaml:12:11: unknown kind "empaty"`},
		{"line only for YAML syntax errors", Error{File: "qa.yaml", Line: 3, Msg: "invalid YAML: x"}, "qa.yaml:3: invalid YAML: x"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.err.Error(); got != c.want {
				t.Errorf("Error() = %q, want %q", got, c.want)
			}
		})
	}
}

func TestErrorsUnpacks(t *testing.T) {
	a := Error{File: "f", Line: 1, Column: 1, Msg: "a"}
	b := Error{File: "f", Line: 2, Column: 1, Msg: "b"}
	cases := []struct {
		name string
		err  error
		want []Error
	}{
		{"nil", nil, nil},
		{"one", a, []Error{a}},
		{"joined", errors.Join(a, b), []Error{a, b}},
		{"wrapped and joined", fmt.Errorf("load rubric: %w", errors.Join(a, b)), []Error{a, b}},
		{"not a rubric error", errors.New("disk on fire"), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Errors(c.err)
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("Errors = %v, want %v", got, c.want)
			}
		})
	}
}

func TestJoinErrorsSortsAndCaps(t *testing.T) {
	var errs []Error
	for i := 150; i > 0; i-- {
		errs = append(errs, Error{File: "f", Line: i, Column: 1, Msg: "m"})
	}
	got := Errors(joinErrors(errs))
	if len(got) != maxErrors+1 {
		t.Fatalf("%d errors, want %d and a note", len(got), maxErrors+1)
	}
	for i := 1; i < maxErrors; i++ {
		if got[i-1].Line > got[i].Line {
			t.Fatalf("not sorted at %d: %v", i, got[i-1:i+1])
		}
	}
	if last := got[maxErrors]; !strings.Contains(last.Msg, "too many mistakes") || last.Line != maxErrors {
		t.Errorf("last = %v", last)
	}
	if joinErrors(nil) != nil {
		t.Errorf("joinErrors(nil) != nil")
	}
}

func TestSuggest(t *testing.T) {
	kinds := kindNames
	cases := []struct {
		word       string
		candidates []string
		want       string
	}{
		{"empaty", kinds, "empathy"},
		{"Empathy", kinds, "empathy"},
		{"talkratio", kinds, "talk_ratio"},
		{"reponse_time", kinds, "response_time"},
		{"wieght", keysOf(criterionFields), "weight"},
		{"criterias", topKeys, "criteria"},
		{"timezone", []string{"days", "start", "end", "time_zone"}, "time_zone"},
		{"vibes", kinds, ""},
		{"x", []string{"id"}, ""},
		{"weight", keysOf(criterionFields), ""},
		{"", kinds, ""},
		{strings.Repeat("a", 200), kinds, ""},
	}
	for _, c := range cases {
		if got := suggest(c.word, c.candidates); got != c.want {
			t.Errorf("suggest(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "", 3},
		{"kitten", "sitting", 3},
		{"wieght", "weight", 1},
		{"empaty", "empathy", 1},
		{"héllo", "hello", 1},
	}
	for _, c := range cases {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
