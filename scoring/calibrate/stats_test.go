package calibrate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.6f, want %.6f (±%g)", name, got, want, tol)
	}
}

func TestRanksTiesShareTheMeanRank(t *testing.T) {
	got := Ranks([]float64{30, 10, 20, 20})
	want := []float64{4, 1, 2.5, 2.5}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Ranks = %v, want %v", got, want)
		}
	}
}

// The published worked examples: scipy.stats' documentation for spearmanr
// and kendalltau (both with ties), and the quadratic weighted kappa cases of
// the Kaggle ASAP essay-scoring metric (Metrics package tests).
func TestCorrelationsMatchPublishedExamples(t *testing.T) {
	rho, ok := Spearman([]float64{1, 2, 3, 4, 5}, []float64{5, 6, 7, 8, 7})
	if !ok {
		t.Fatal("Spearman undefined")
	}
	near(t, "Spearman with a tie", rho, 0.8207826816681233, 1e-12)

	tau, ok := KendallTauB([]float64{12, 2, 1, 12, 2}, []float64{1, 4, 7, 1, 0})
	if !ok {
		t.Fatal("tau-b undefined")
	}
	near(t, "tau-b with ties in both", tau, -0.47140452079103173, 1e-12)

	for _, c := range []struct {
		a, b []float64
		want float64
	}{
		{[]float64{1, 2, 1}, []float64{1, 2, 2}, 0.4},
		{[]float64{1, 2, 3, 1, 2, 3}, []float64{1, 2, 3, 1, 3, 2}, 0.75},
		{[]float64{1, 3, 5}, []float64{2, 4, 6}, 0.8421052631578947},
		{[]float64{1, 3, 3, 5}, []float64{2, 4, 5, 6}, 0.6956521739130435},
		{[]float64{1, 2, 3}, []float64{1, 2, 3}, 1},
	} {
		k, ok := QuadraticKappa(c.a, c.b)
		if !ok {
			t.Fatalf("kappa(%v, %v) undefined", c.a, c.b)
		}
		near(t, "quadratic kappa", k, c.want, 1e-12)
	}
}

// A 3×3 table worked by hand from the definition: rater A in rows, rater B
// in columns, categories 1..3, quadratic disagreement weights (i−j)²/4.
// By hand, with weights (i−j)² (the /4 cancels): observed Σ w·n = 2 + 3 + 1
// + 2 + 4·(0 + 1) = 12; expected Σ w·row·col/N with rows 12, 16, 12 and
// columns 14, 16, 10 is (192 + 480 + 224 + 160 + 672 + 192)/40 = 48; so
// kappa = 1 − 12/48 = 0.75.
func TestQuadraticKappaOfAContingencyTable(t *testing.T) {
	table := [3][3]int{{10, 2, 0}, {3, 12, 1}, {1, 2, 9}}
	var a, b []float64
	var rows, cols [3]float64
	total := 0.0
	for i := range table {
		for j, n := range table[i] {
			for range n {
				a = append(a, float64(i+1))
				b = append(b, float64(j+1))
			}
			rows[i] += float64(n)
			cols[j] += float64(n)
			total += float64(n)
		}
	}
	var obs, exp float64
	for i := range table {
		for j := range table[i] {
			w := float64((i-j)*(i-j)) / 4
			obs += w * float64(table[i][j])
			exp += w * rows[i] * cols[j] / total
		}
	}
	k, ok := QuadraticKappa(a, b)
	if !ok {
		t.Fatal("kappa undefined")
	}
	near(t, "kappa of the table", k, 1-obs/exp, 1e-12)
	near(t, "kappa of the table (by hand)", k, 0.75, 1e-12)
}

// Krippendorff's own reliability data example ("Computing Krippendorff's
// Alpha-Reliability", 2011): 4 observers, 12 units, missing values; he
// reports alpha 0.743 nominal and 0.849 interval.
func TestKrippendorffAlphaMatchesHisExample(t *testing.T) {
	m := Missing
	observers := [][]float64{
		{1, 2, 3, 3, 2, 1, 4, 1, 2, m, m, m},
		{1, 2, 3, 3, 2, 2, 4, 1, 2, 5, m, 3},
		{m, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, m},
		{1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, m},
	}
	units := make([][]float64, 12)
	for u := range units {
		for _, o := range observers {
			units[u] = append(units[u], o[u])
		}
	}
	a, ok := KrippendorffAlpha(units, Interval)
	if !ok {
		t.Fatal("interval alpha undefined")
	}
	near(t, "interval alpha", a, 0.849, 5e-4)
	a, _ = KrippendorffAlpha(units, Nominal)
	near(t, "nominal alpha", a, 0.743, 5e-4)
}

func TestUndefinedStatisticsSayNotOK(t *testing.T) {
	if _, ok := Spearman([]float64{1, 1, 1}, []float64{1, 2, 3}); ok {
		t.Error("Spearman of a constant side should be undefined")
	}
	if _, ok := KendallTauB([]float64{1}, []float64{1}); ok {
		t.Error("tau-b of one pair should be undefined")
	}
	if _, ok := KrippendorffAlpha([][]float64{{1, Missing}, {2, Missing}}, Interval); ok {
		t.Error("alpha with no pairable values should be undefined")
	}
	if _, ok := QuadraticKappa([]float64{2, 2}, []float64{2, 2}); ok {
		t.Error("kappa with no expected disagreement should be undefined")
	}
}

func TestBootstrapIntervalIsSeededAndHoldsTheEstimate(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	y := []float64{2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11}
	est, _ := Spearman(x, y)
	s := func(idx []int) (float64, bool) { return Spearman(pick(x, idx), pick(y, idx)) }
	lo, hi, ok := Interval95(len(x), 500, 7, s)
	lo2, hi2, _ := Interval95(len(x), 500, 7, s)
	if !ok || lo != lo2 || hi != hi2 {
		t.Fatalf("interval not deterministic: [%v, %v] then [%v, %v]", lo, hi, lo2, hi2)
	}
	if lo > est || hi < est || lo >= hi {
		t.Errorf("interval [%v, %v] does not hold the estimate %v", lo, hi, est)
	}
}

// The linear-time bootstrap draws the same resamples as the plain one and
// must give the same interval, ties and all.
func TestSpearmanIntervalMatchesThePlainBootstrap(t *testing.T) {
	x := []float64{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3}
	y := []float64{2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0, 4, 5}
	lo, hi, ok := Interval95(len(x), 300, 3, func(idx []int) (float64, bool) { return Spearman(pick(x, idx), pick(y, idx)) })
	lo2, hi2, ok2 := SpearmanInterval95(x, y, 300, 3)
	if !ok || !ok2 {
		t.Fatal("undefined interval")
	}
	near(t, "lower bound", lo2, lo, 1e-9)
	near(t, "upper bound", hi2, hi, 1e-9)
}

// kendallByPairs is tau-b counted pair by pair, the definition itself.
func kendallByPairs(x, y []float64) float64 {
	var conc, disc, tx, ty float64
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			dx, dy := x[i]-x[j], y[i]-y[j]
			switch {
			case dx == 0 || dy == 0:
				if dx == 0 {
					tx++
				}
				if dy == 0 {
					ty++
				}
			case (dx > 0) == (dy > 0):
				conc++
			default:
				disc++
			}
		}
	}
	n0 := float64(len(x)*(len(x)-1)) / 2
	return (conc - disc) / math.Sqrt((n0-tx)*(n0-ty))
}

func TestKendallTauBMatchesPairByPairCounting(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for trial := range 50 {
		n := 2 + rng.IntN(60)
		x, y := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i] = float64(rng.IntN(5)) // many ties
			y[i] = float64(rng.IntN(4)) + x[i]*float64(trial%3)
		}
		got, ok := KendallTauB(x, y)
		want := kendallByPairs(x, y)
		if math.IsNaN(want) {
			if ok {
				t.Errorf("n %d: tau-b %v where it is undefined", n, got)
			}
			continue
		}
		near(t, fmt.Sprintf("tau-b, trial %d", trial), got, want, 1e-12)
	}
}
