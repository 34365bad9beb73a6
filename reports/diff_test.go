package reports

import (
	"errors"
	"testing"

	"github.com/iqa-cli/iqa/scoring"
)

// memRun is a DiffSource held in memory.
type memRun struct {
	name    string
	results []*scoring.Result
}

func (m memRun) Name() string { return m.name }

func (m memRun) Read(onResult func(*scoring.Result) error) (RunInfo, error) {
	for _, r := range m.results {
		if err := onResult(r); err != nil {
			return RunInfo{}, err
		}
	}
	return RunInfo{}, nil
}

var diffRubric = scoring.RubricRef{Name: "default", Version: "1", Hash: "abc"}

func diffResult(id string, score float64, passed bool) *scoring.Result {
	status := scoring.Pass
	if !passed {
		status = scoring.Fail
	}
	return &scoring.Result{ID: id, Agent: "Ana", Channel: "chat", Score: score, Passed: passed, Rubric: diffRubric,
		Criteria: []scoring.CriterionResult{{ID: "resolution", Name: "Solves the problem", Score: score, Status: status}}}
}

// TestCompareCountsChanges: a run where one conversation got worse and
// newly fails, one got better and newly passes, one moved less than the
// minimum, one was dropped and one added.
func TestCompareCountsChanges(t *testing.T) {
	base := memRun{"base", []*scoring.Result{
		diffResult("a", 80, true), diffResult("b", 70, true), diffResult("c", 50, false), diffResult("d", 90, true)}}
	cur := memRun{"cur", []*scoring.Result{
		diffResult("a", 80.3, true), diffResult("b", 55, false), diffResult("c", 75, true), diffResult("e", 60, false)}}
	d, err := Compare(base, cur, DiffOptions{MinDelta: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if d.Matched != 3 || d.Regressed != 1 || d.Improved != 1 || d.Unchanged != 1 {
		t.Errorf("matched %d, regressed %d, improved %d, unchanged %d; want 3, 1, 1, 1", d.Matched, d.Regressed, d.Improved, d.Unchanged)
	}
	if len(d.Added) != 1 || d.Added[0] != "e" || len(d.Removed) != 1 || d.Removed[0] != "d" {
		t.Errorf("added %v, removed %v; want [e], [d]", d.Added, d.Removed)
	}
	// (0.3 - 15 + 25) / 3 matched conversations.
	if want := 3.43; d.MeanDelta < want-0.01 || d.MeanDelta > want+0.01 {
		t.Errorf("mean delta %v, want %v", d.MeanDelta, want)
	}
	if d.CILow > d.MeanDelta || d.CIHigh < d.MeanDelta {
		t.Errorf("95%% interval [%v, %v] does not hold the mean delta %v", d.CILow, d.CIHigh, d.MeanDelta)
	}
	if len(d.NewlyFailing) != 1 || d.NewlyFailing[0].ID != "b" || d.NewlyPassing != 1 {
		t.Fatalf("newly failing %+v, newly passing %d; want b, and 1", d.NewlyFailing, d.NewlyPassing)
	}
	if cs := d.NewlyFailing[0].Criteria; len(cs) != 1 || cs[0].ID != "resolution" || cs[0].Before == nil || cs[0].Before.Score != 70 {
		t.Errorf("criteria responsible for b: %+v, want resolution from 70", cs)
	}
	if len(d.Changes) != 2 || d.Changes[0].ID != "b" || d.Changes[1].ID != "c" {
		t.Errorf("changes %+v, want b (the worst) then c", d.Changes)
	}
}

func TestCompareRefusesARubricChange(t *testing.T) {
	other := diffResult("a", 80, true)
	other.Rubric.Hash = "def"
	base := memRun{"base", []*scoring.Result{diffResult("a", 80, true)}}
	cur := memRun{"cur", []*scoring.Result{other}}
	var rc *RubricChangeError
	if _, err := Compare(base, cur, DiffOptions{}); !errors.As(err, &rc) {
		t.Fatalf("a changed rubric gave %v, want a RubricChangeError", err)
	}
	d, err := Compare(base, cur, DiffOptions{AllowRubricChange: true})
	if err != nil || !d.RubricChanged {
		t.Errorf("with AllowRubricChange: %v, rubric changed %v; want the diff, marked changed", err, d != nil && d.RubricChanged)
	}
}

func TestCompareRefusesRepeatedIDs(t *testing.T) {
	base := memRun{"base", []*scoring.Result{diffResult("a", 80, true), diffResult("a", 70, true)}}
	if _, err := Compare(base, memRun{"cur", nil}, DiffOptions{}); err == nil {
		t.Error("a baseline with an id twice was compared, want an error")
	}
}

func TestBootstrapMeanCI(t *testing.T) {
	if lo, hi := bootstrapMeanCI(nil, 1000, 1); lo != 0 || hi != 0 {
		t.Errorf("no deltas: [%v, %v], want [0, 0]", lo, hi)
	}
	same := []int32{15, 15, 15, 15}
	if lo, hi := bootstrapMeanCI(same, 1000, 1); lo != 15 || hi != 15 {
		t.Errorf("constant deltas: [%v, %v], want [15, 15]", lo, hi)
	}
	spread := make([]int32, 200)
	for i := range spread {
		spread[i] = int32(i%21 - 10) // mean 0, from -10 to 10
	}
	lo, hi := bootstrapMeanCI(spread, 2000, 7)
	if lo >= 0 || hi <= 0 || lo < -3 || hi > 3 {
		t.Errorf("symmetric deltas around 0: [%v, %v], want a narrow interval holding 0", lo, hi)
	}
	if lo2, hi2 := bootstrapMeanCI(spread, 2000, 7); lo2 != lo || hi2 != hi {
		t.Errorf("same seed gave [%v, %v] then [%v, %v]; want the same interval", lo, hi, lo2, hi2)
	}
}
