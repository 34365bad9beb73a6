package rubrics

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// withoutOrigin clears what Parse sets from the file rather than its
// content: Source, Hash and positions.
func withoutOrigin(r *Rubric) *Rubric {
	c := *r
	c.Source, c.Hash = "", ""
	c.Criteria = append([]Criterion(nil), r.Criteria...)
	for i := range c.Criteria {
		c.Criteria[i].Pos = Position{}
	}
	return &c
}

// roundTripSources are the rubrics Marshal must write back faithfully:
// every builtin, every valid testdata file and the init template.
func roundTripSources(t *testing.T) map[string]*Rubric {
	t.Helper()
	out := map[string]*Rubric{}
	for _, name := range BuiltinNames() {
		r, err := Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		out["builtin:"+name] = r
	}
	for _, path := range validFiles(t) {
		r, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(path)] = r
	}
	r, err := Parse("template.yaml", InitTemplate("template"))
	if err != nil {
		t.Fatal(err)
	}
	out["template"] = r
	return out
}

func TestMarshalRoundTrip(t *testing.T) {
	for name, r := range roundTripSources(t) {
		t.Run(name, func(t *testing.T) {
			data, err := Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			back, err := Parse("marshalled.yaml", data)
			if err != nil {
				t.Fatalf("Parse(Marshal(r)): %v\n%s", err, data)
			}
			if got, want := withoutOrigin(back), withoutOrigin(r); !reflect.DeepEqual(got, want) {
				t.Errorf("Parse(Marshal(r)) differs from r\n got: %+v\nwant: %+v\n%s", got, want, data)
			}
			again, err := Marshal(back)
			if err != nil || string(again) != string(data) {
				t.Errorf("Marshal is not stable: %v\n%s\n%s", err, data, again)
			}
		})
	}
}

// TestMarshalFillsDefaults pins the shape of the output for a small rubric:
// defaults written out, flat kind keys in field order, readable durations.
func TestMarshalFillsDefaults(t *testing.T) {
	r, err := Parse("qa.yaml", []byte("criteria:\n  - {id: dead-air, kind: silence, channels: [call], max_gap: 90}\n"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `name: qa
version: ""
pass_score: 70
pass_mark: 60
criteria:
  - id: dead-air
    name: dead-air
    weight: 1
    kind: silence
    channels: [call]
    max_gap: 1m30s
`
	if string(got) != want {
		t.Errorf("Marshal:\n%s\nwant:\n%s", got, want)
	}
}

func TestMarshalRejectsMismatchedParams(t *testing.T) {
	r := &Rubric{Name: "x", Criteria: []Criterion{{ID: "a", Kind: KindEmpathy, Params: NewParams(KindClarity)}}}
	if _, err := Marshal(r); err == nil || !strings.Contains(err.Error(), `criterion "a"`) {
		t.Errorf("Marshal with clarity params on an empathy criterion: %v", err)
	}
}

func TestFormatDuration(t *testing.T) {
	cases := []struct {
		d    time.Duration
		want string
	}{
		{4 * time.Hour, "4h"},
		{90 * time.Minute, "1h30m"},
		{time.Minute, "1m"},
		{90 * time.Second, "1m30s"},
		{500 * time.Millisecond, "500ms"},
		{0, "0s"},
		{time.Hour + time.Second, "1h0m1s"},
	}
	for _, c := range cases {
		if got := formatDuration(c.d); got != c.want {
			t.Errorf("formatDuration(%v) = %q, want %q", c.d, got, c.want)
		}
		if back, err := parseDuration(c.want); err != nil || time.Duration(back) != c.d {
			t.Errorf("parseDuration(%q) = %v, %v", c.want, back, err)
		}
	}
}

func TestBuiltins(t *testing.T) {
	names := BuiltinNames()
	for _, want := range []string{"chatbot", "default"} {
		if !contains(names, want) {
			t.Errorf("BuiltinNames() = %v, missing %q", names, want)
		}
	}
	for _, name := range names {
		r, err := Builtin(name)
		if err != nil {
			t.Errorf("builtin %q: %v", name, err)
			continue
		}
		if len(r.Criteria) == 0 || r.Source != "builtin:"+name || r.Name == "" {
			t.Errorf("builtin %q: %d criteria, Source %q, Name %q", name, len(r.Criteria), r.Source, r.Name)
		}
	}
}

func TestBuiltinUnknown(t *testing.T) {
	for _, name := range []string{"defualt", "../load", "", "builtin/default"} {
		if _, err := Builtin(name); err == nil || !strings.Contains(err.Error(), "iqa rubric list") {
			t.Errorf("Builtin(%q): %v, want an error mentioning iqa rubric list", name, err)
		}
	}
	_, err := Builtin("defualt")
	if want := `no built-in rubric named "defualt" (did you mean "default"? run iqa rubric list to see them)`; err == nil || err.Error() != want {
		t.Errorf("Builtin(defualt) = %v, want %s", err, want)
	}
}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mine.yaml")
	if err := os.WriteFile(path, []byte("criteria: [{id: a, kind: empathy}]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, arg  string
		wantSource string
		wantErr    string
	}{
		{"builtin by name", "default", "builtin:default", ""},
		{"file by path", path, path, ""},
		{"missing file", filepath.Join(dir, "nope.yaml"), "",
			`no built-in rubric or file named "` + filepath.Join(dir, "nope.yaml") + `"`},
		{"typo of a builtin suggests it", "defalt", "",
			`no built-in rubric or file named "defalt" (did you mean "default"?)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Resolve(c.arg)
			if c.wantErr != "" {
				if err == nil || err.Error() != c.wantErr {
					t.Errorf("Resolve(%q) error = %v, want %s", c.arg, err, c.wantErr)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error is more than one line: %q", err)
				}
				return
			}
			if err != nil || r.Source != c.wantSource {
				t.Errorf("Resolve(%q) = %v, %v; want Source %q", c.arg, r, err, c.wantSource)
			}
		})
	}
}

func TestResolveReportsRubricMistakes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(path, []byte("criteria: [{id: a, kind: empaty}]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Resolve(path)
	if want := path + `:1:26: unknown kind "empaty" (did you mean "empathy"?)`; err == nil || err.Error() != want {
		t.Errorf("Resolve(bad.yaml) = %v, want %s", err, want)
	}
}
