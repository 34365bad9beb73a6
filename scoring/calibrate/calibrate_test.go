package calibrate

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/scoring"
)

// synthetic makes n results with three criteria (weights 1, 1, 1) whose
// scores are drawn from a seeded generator; the overall is their mean.
func synthetic(n int, seed uint64) []Item {
	rng := rand.New(rand.NewPCG(seed, 1))
	items := make([]Item, n)
	for i := range items {
		var sum float64
		it := Item{ID: fmt.Sprintf("c-%03d", i)}
		for _, id := range []string{"a", "b", "c"} {
			s := math.Round(rng.Float64()*1000) / 10
			sum += s
			st := scoring.Pass
			if s < 60 {
				st = scoring.Fail
			}
			it.Criteria = append(it.Criteria, scoring.CriterionResult{ID: id, Weight: 1, Score: s, Status: st, Reason: "because " + id})
		}
		it.Score = math.Round(sum/3*10) / 10
		it.Passed = it.Score >= 70
		items[i] = it
	}
	return items
}

func gradesFrom(t *testing.T, csv string) *Grades {
	t.Helper()
	g, err := ReadGrades("g.csv", strings.NewReader(csv), ReadOptions{Criteria: []string{"a", "b", "c"}})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func clip(v float64) float64 { return math.Max(0, math.Min(100, math.Round(v))) }

// Human grades made from iqa's score plus known noise: calibrate must
// recover the agreement computed directly, and a grader 10 points more
// lenient than the other must show it.
func TestCalibrateRecoversKnownAgreement(t *testing.T) {
	items := synthetic(300, 1)
	rng := rand.New(rand.NewPCG(2, 3))
	var b strings.Builder
	b.WriteString("id,grader,score\n")
	var iqa, human []float64
	for _, it := range items {
		x := clip(it.Score + rng.NormFloat64()*8)
		y := clip(it.Score + 10 + rng.NormFloat64()*8)
		fmt.Fprintf(&b, "%s,ana,%g\n%s,ben,%g\n", it.ID, x, it.ID, y)
		iqa = append(iqa, it.Score)
		human = append(human, (x+y)/2)
	}
	rep, err := Compute(items, gradesFrom(t, b.String()), Options{Criteria: []string{"a", "b", "c"}, PassScore: 70, PassMark: 60, Seed: 1, Reps: 200})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Spearman(iqa, human)
	o := rep.Agreement[0]
	if o.Target != "overall" || o.N != 300 || o.Spearman == nil || math.Abs(float64(*o.Spearman)-want) > 1e-9 {
		t.Fatalf("overall agreement n %d Spearman %v, want %.4f over 300", o.N, *o.Spearman, want)
	}
	if want < 0.8 {
		t.Fatalf("the generated agreement is %.3f; noise of 8 points should keep it above 0.8", want)
	}
	if lo, hi := o.SpearmanCI[0], o.SpearmanCI[1]; lo == nil || hi == nil || float64(*lo) > want || float64(*hi) < want || float64(*hi-*lo) > 0.1 {
		t.Errorf("interval %v..%v should hold %.3f and be narrow", lo, hi, want)
	}
	if o.Alpha == nil || *o.Alpha < 0.7 || o.Kappa == nil || *o.Kappa < 0.7 {
		t.Errorf("alpha %v kappa %v should be high", o.Alpha, o.Kappa)
	}
	if len(rep.Graders) != 2 || rep.Graders[1].Name != "ben" {
		t.Fatalf("graders %+v", rep.Graders)
	}
	ana, ben := rep.Graders[0], rep.Graders[1]
	if ana.Leniency == nil || ben.Leniency == nil || math.Abs(float64(*ben.Leniency)-10) > 1.5 || math.Abs(float64(*ana.Leniency)+10) > 1.5 {
		t.Errorf("leniency ana %v ben %v, want about -10 and +10", ana.Leniency, ben.Leniency)
	}
	if rep.Humans == nil || rep.Humans.MeanSpearman == nil || *rep.Humans.MeanSpearman < 0.7 {
		t.Errorf("humans %+v", rep.Humans)
	}
	if len(rep.Disagreements) != 10 || rep.Disagreements[0].Criteria[0].Reason != "because a" {
		t.Errorf("disagreements %d", len(rep.Disagreements))
	}
	for i := 1; i < len(rep.Disagreements); i++ {
		gap := func(d Disagreement) float64 { return math.Abs(float64(d.HumanPercent - d.IQA)) }
		if gap(rep.Disagreements[i]) > gap(rep.Disagreements[i-1]) {
			t.Fatal("disagreements are not largest first")
		}
	}

	// More noise, less agreement: the figure follows the data.
	var noisy strings.Builder
	noisy.WriteString("id,score\n")
	for _, it := range items {
		fmt.Fprintf(&noisy, "%s,%g\n", it.ID, clip(it.Score+rng.NormFloat64()*40))
	}
	rep2, err := Compute(items, gradesFrom(t, noisy.String()), Options{Seed: 1, Reps: 50})
	if err != nil {
		t.Fatal(err)
	}
	if *rep2.Agreement[0].Spearman > *o.Spearman-0.2 || rep2.Humans != nil {
		t.Errorf("noisier grades agree %v, not clearly below %v", *rep2.Agreement[0].Spearman, *o.Spearman)
	}
}

func TestCalibrateUnmatchedAndCriterionGrades(t *testing.T) {
	items := synthetic(30, 4)
	var b strings.Builder
	b.WriteString("id,score,a\n")
	for _, it := range items[:20] {
		fmt.Fprintf(&b, "%s,%d,%s\n", it.ID, 1+int(it.Score/25), map[bool]string{true: "pass", false: "fail"}[it.Criteria[0].Score >= 60])
	}
	b.WriteString("nobody-1,3,pass\n")
	rep, err := Compute(items, gradesFrom(t, b.String()), Options{Criteria: []string{"a", "b"}, PassScore: 70, PassMark: 60, Seed: 1, Reps: 50})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Conversations != 20 || rep.Unmatched != 1 || rep.UnmatchedIDs[0] != "nobody-1" || rep.Ungraded != 10 || rep.Scale != "1-5" {
		t.Errorf("counts: %d conversations, %d unmatched %v, %d ungraded, scale %s", rep.Conversations, rep.Unmatched, rep.UnmatchedIDs, rep.Ungraded, rep.Scale)
	}
	a := rep.Agreement[2]
	if a.Target != "a" || a.Against != "a" || a.PassAgreement == nil || *a.PassAgreement != 1 {
		t.Errorf("criterion a against its own pass/fail grades: %+v", a)
	}
	if b := rep.Agreement[3]; b.Target != "b" || b.Against != "overall" {
		t.Errorf("criterion b without grades is compared with the overall: %+v", b)
	}
	if _, err := Compute(items, &Grades{File: "empty.csv"}, Options{}); err == nil || !strings.Contains(err.Error(), "no grades") {
		t.Errorf("no grades: %v", err)
	}
	if _, err := Compute(items, gradesFrom(t, "id,score\nx,1\n"), Options{}); err == nil || !strings.Contains(err.Error(), `"x"`) {
		t.Errorf("no match: %v", err)
	}
}

// Graders who care only about criterion a: fitting must find it, raise a's
// weight and improve the held-out Spearman. Graders who agree with the
// rubric as it is: nothing to gain, so no tuned rubric.
func TestFitWeightsImprovesOnlyWhenCrossValidationDoes(t *testing.T) {
	items := synthetic(200, 5)
	rng := rand.New(rand.NewPCG(6, 7))
	var skewed, faithful strings.Builder
	skewed.WriteString("id,score\n")
	faithful.WriteString("id,score\n")
	for _, it := range items {
		fmt.Fprintf(&skewed, "%s,%g\n", it.ID, clip(0.8*it.Criteria[0].Score+0.2*it.Criteria[1].Score+rng.NormFloat64()*5))
		fmt.Fprintf(&faithful, "%s,%g\n", it.ID, clip(it.Score+rng.NormFloat64()*10))
	}
	opts := FitOptions{Criteria: []string{"a", "b", "c"}, Weights: []float64{1, 1, 1}, Seed: 1}
	fit, err := FitWeights(items, gradesFrom(t, skewed.String()), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !fit.Improved || fit.After < fit.Before+0.1 || len(fit.PerFold) != 5 {
		t.Fatalf("skewed graders: before %.3f after %.3f improved %v", fit.Before, fit.After, fit.Improved)
	}
	w := fit.Weights
	if !(w[0].After > w[1].After && w[1].After > w[2].After) || math.Abs(w[0].After+w[1].After+w[2].After-3) > 0.02 {
		t.Errorf("weights %+v: want a > b > c, summing to 3", w)
	}
	again, _ := FitWeights(items, gradesFrom(t, skewed.String()), opts)
	j1, _ := json.Marshal(fit)
	j2, _ := json.Marshal(again)
	if string(j1) != string(j2) {
		t.Error("the fit is not deterministic")
	}

	fit, err = FitWeights(items, gradesFrom(t, faithful.String()), opts)
	if err != nil {
		t.Fatal(err)
	}
	if fit.Improved {
		t.Errorf("faithful graders: before %.3f after %.3f should not count as improved", fit.Before, fit.After)
	}

	if _, err := FitWeights(items[:5], gradesFrom(t, skewed.String()), opts); err == nil || !strings.Contains(err.Error(), "needs at least 20") {
		t.Errorf("too few: %v", err)
	}
}

func TestProjectSimplex(t *testing.T) {
	v := []float64{0.9, 0.6, -0.2}
	projectSimplex(v)
	if math.Abs(v[0]-0.65) > 1e-12 || math.Abs(v[1]-0.35) > 1e-12 || v[2] != 0 {
		t.Errorf("projection %v, want [0.65 0.35 0]", v)
	}
}
