package cmd

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/rubrics"
	"github.com/iqa-cli/iqa/scoring/calibrate"
)

func runIQA(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	io := &IO{In: strings.NewReader(""), Out: &out, Err: &errb, Now: func() time.Time { return time.Unix(0, 0) }}
	return Run(context.Background(), io, args), out.String(), errb.String()
}

// The exit codes the help promises: 0 with a tuned rubric written, 1 when
// the fit does not improve (nothing written), 2 for a bad grades file.
func TestCalibrateFitExitCodes(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join("..", "testdata", "calibrate")
	base := []string{"calibrate", "--results", filepath.Join(data, "tiny-results.jsonl"), "--rubric", filepath.Join(data, "tiny-rubric.yaml")}

	tuned := filepath.Join(dir, "tuned.yaml")
	code, out, stderr := runIQA(t, append(base, "--grades", filepath.Join(data, "resolution-first-grades.csv"), "--fit", tuned)...)
	if code != ExitOK {
		t.Fatalf("improving fit: exit %d, stderr %s", code, stderr)
	}
	if !strings.Contains(out, "(improved; n 40, seed 1)") {
		t.Errorf("stdout lacks the fit line:\n%s", out)
	}
	r, err := rubrics.Load(tuned)
	if err != nil {
		t.Fatalf("tuned rubric does not load: %v", err)
	}
	old, _ := rubrics.Load(filepath.Join(data, "tiny-rubric.yaml"))
	weight := func(r *rubrics.Rubric, id string) float64 {
		for _, c := range r.Criteria {
			if c.ID == id {
				return c.Weight
			}
		}
		return -1
	}
	if weight(r, "resolution") <= weight(old, "resolution") {
		t.Errorf("graders who care about resolution should raise its weight: %v", weight(r, "resolution"))
	}

	refused := filepath.Join(dir, "refused.yaml")
	code, _, stderr = runIQA(t, append(base, "--grades", filepath.Join(data, "rubric-like-grades.csv"), "--fit", refused)...)
	if code != ExitGateFailed || !strings.Contains(stderr, "do not improve cross-validated Spearman") {
		t.Fatalf("refused fit: exit %d, stderr %s", code, stderr)
	}
	if _, err := os.Stat(refused); !os.IsNotExist(err) {
		t.Error("a refused fit left a rubric behind")
	}

	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("id,score\nt-01,4\nt-02,lots\n"), 0o644)
	code, _, stderr = runIQA(t, append(base, "--grades", bad)...)
	if code != ExitBadInput || !strings.Contains(stderr, "bad.csv:3: score \"lots\"") {
		t.Fatalf("bad grades: exit %d, stderr %s", code, stderr)
	}
}

// Every built-in rubric, tuned, writes a rubric that loads back with the
// new weights and the rest unchanged.
func TestTunedBuiltinRubricsLoadBack(t *testing.T) {
	for _, name := range rubrics.BuiltinNames() {
		r, err := rubrics.Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		fit := &calibrate.Fit{N: 40, Folds: 5, Seed: 1, Before: 0.5, After: 0.6, Improved: true}
		for i, c := range r.Criteria {
			fit.Weights = append(fit.Weights, calibrate.WeightChange{ID: c.ID, Before: c.Weight, After: float64(i%3) + 0.25})
		}
		path := filepath.Join(t.TempDir(), name+"-tuned.yaml")
		var outs outputs
		opts := &CalibrateOptions{Fit: path}
		if err := writeTunedRubric(&outs, opts, r, &calibrate.Grades{File: "g.csv"}, fit); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := outs.commit(); err != nil {
			t.Fatal(err)
		}
		back, err := rubrics.Load(path)
		if err != nil {
			t.Fatalf("%s: tuned rubric does not load: %v", name, err)
		}
		if len(back.Criteria) != len(r.Criteria) || back.PassScore != r.PassScore || len(back.Lexicon) != len(r.Lexicon) {
			t.Errorf("%s: tuned rubric differs beyond its weights", name)
		}
		for i, c := range back.Criteria {
			if c.Weight != fit.Weights[i].After || c.Kind != r.Criteria[i].Kind || c.Critical != r.Criteria[i].Critical {
				t.Errorf("%s: criterion %s loads back as weight %v kind %s", name, c.ID, c.Weight, c.Kind)
			}
		}
	}
}
