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
