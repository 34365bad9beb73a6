package calibrate

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat"

	"github.com/iqa-cli/iqa/scoring/internal/stats"
)

// Ranks gives each value its rank from 1, ties sharing the mean of the
// ranks they span (so 10, 20, 20, 30 rank 1, 2.5, 2.5, 4).
func Ranks(x []float64) []float64 { return stats.Ranks(x) }

// Pearson is the product-moment correlation; ok is false when it is
// undefined (fewer than two pairs, a value not finite, or a constant side).
func Pearson(x, y []float64) (float64, bool) {
	r, err := stats.Pearson(x, y)
	return r, err == nil
}

// Spearman is Pearson's correlation of the ranks, ties given mean ranks.
func Spearman(x, y []float64) (float64, bool) {
	r, err := stats.Spearman(x, y)
	return r, err == nil
}

// KendallTauB is Kendall's tau-b, which corrects for ties on either side:
// (concordant − discordant) / sqrt((n0 − n1)(n0 − n2)), with n0 the pairs,
// n1 and n2 the pairs tied in x and in y. It counts in n log n time
// (Knight's method): sort by x then y, count the ties, then count the
// swaps a merge sort by y makes, which are the discordant pairs.
func KendallTauB(x, y []float64) (float64, bool) {
	n := len(x)
	if n < 2 || n != len(y) {
		return 0, false
	}
	type pair struct{ x, y float64 }
	p := make([]pair, n)
	for i := range p {
		p[i] = pair{x[i], y[i]}
	}
	slices.SortFunc(p, func(a, b pair) int {
		if c := cmp.Compare(a.x, b.x); c != 0 {
			return c
		}
		return cmp.Compare(a.y, b.y)
	})
	ties := func(same func(i int) bool) float64 { // pairs within runs where same(i) links i-1 and i
		total, run := 0.0, 1.0
		for i := 1; i <= n; i++ {
			if i < n && same(i) {
				run++
				continue
			}
			total += run * (run - 1) / 2
			run = 1
		}
		return total
	}
	tx := ties(func(i int) bool { return p[i].x == p[i-1].x })
	txy := ties(func(i int) bool { return p[i].x == p[i-1].x && p[i].y == p[i-1].y })
	ys := make([]float64, n)
	for i := range p {
		ys[i] = p[i].y
	}
	swaps := mergeCount(ys, make([]float64, n))
	ty := ties(func(i int) bool { return ys[i] == ys[i-1] })
	n0 := float64(n) * float64(n-1) / 2
	den := math.Sqrt((n0 - tx) * (n0 - ty))
	if den == 0 {
		return 0, false
	}
	return clamp1((n0 - tx - ty + txy - 2*swaps) / den), true
}

// mergeCount sorts v (using buf) and returns how many pairs were out of
// order, counting equal values as in order.
func mergeCount(v, buf []float64) float64 {
	if len(v) < 2 {
		return 0
	}
	mid := len(v) / 2
	swaps := mergeCount(v[:mid], buf[:mid]) + mergeCount(v[mid:], buf[mid:])
	i, j, k := 0, mid, 0
	for i < mid && j < len(v) {
		if v[j] < v[i] {
			buf[k] = v[j]
			swaps += float64(mid - i)
			j++
		} else {
			buf[k] = v[i]
			i++
		}
		k++
	}
	k += copy(buf[k:], v[i:mid])
	copy(buf[k:], v[j:])
	copy(v, buf[:len(v)])
	return swaps
}

// QuadraticKappa is Cohen's kappa with quadratic weights for two raters'
// paired ratings on one numeric scale: 1 − Σ(x−y)² observed over the Σ(x−y)²
// expected were the ratings paired by chance (the product of the margins).
// Quadratic weights divided by (k−1)² cancel in the ratio, so empty
// categories at either end of the scale do not change it.
func QuadraticKappa(x, y []float64) (float64, bool) {
	n := len(x)
	if n < 2 || n != len(y) {
		return 0, false
	}
	var observed, sx, sy, sxx, syy float64
	for i := range x {
		d := x[i] - y[i]
		observed += d * d
		sx += x[i]
		sy += y[i]
		sxx += x[i] * x[i]
		syy += y[i] * y[i]
	}
	// Σ_i Σ_j (x_i − y_j)² / n, expanded so that it is linear in n.
	expected := (float64(n)*sxx + float64(n)*syy - 2*sx*sy) / float64(n)
	if expected == 0 {
		return 0, false
	}
	return 1 - observed/expected, true
}

// Missing marks a grader who did not grade a unit in KrippendorffAlpha's
// input.
var Missing = math.NaN()

// Metric is Krippendorff's difference function.
type Metric int

// The metrics alpha is computed with.
const (
	Interval Metric = iota // δ² = (c − k)²
	Nominal                // δ² = 0 when c = k, else 1
)

// KrippendorffAlpha is Krippendorff's alpha for units[u][g], the value
// grader g gave unit u (Missing when none): 1 − Do/De, over the pairable
// values (units with at least two values). ok is false when there are
// fewer than two pairable values or no expected disagreement.
func KrippendorffAlpha(units [][]float64, m Metric) (float64, bool) {
	var n float64        // pairable values
	var observed float64 // Σ_u Σ_{i≠j} δ²(v_i, v_j) / (m_u − 1)
	var all []float64
	for _, row := range units {
		var vals []float64
		for _, v := range row {
			if !math.IsNaN(v) {
				vals = append(vals, v)
			}
		}
		if len(vals) < 2 {
			continue
		}
		n += float64(len(vals))
		observed += pairDisagreement(vals, m) / float64(len(vals)-1)
		all = append(all, vals...)
	}
	if n < 2 {
		return 0, false
	}
	do := observed / n
	de := pairDisagreement(all, m) / (n * (n - 1))
	if de == 0 {
		return 0, false
	}
	return 1 - do/de, true
}

// pairDisagreement is Σ_{i≠j} δ²(v_i, v_j) over ordered pairs.
func pairDisagreement(v []float64, m Metric) float64 {
	n := float64(len(v))
	switch m {
	case Nominal:
		counts := map[float64]float64{}
		for _, x := range v {
			counts[x]++
		}
		same := 0.0
		for _, c := range counts {
			same += c * c
		}
		return n*n - same
	default:
		var s, ss float64
		for _, x := range v {
			s += x
			ss += x * x
		}
		return 2 * (n*ss - s*s)
	}
}

// Interval95 is a percentile bootstrap 95% interval of a statistic over n
// paired items: reps resamples with replacement from a generator seeded
// with seed, so the same data give the same interval on every run. ok is
// false when fewer than half the resamples give a value.
func Interval95(n, reps int, seed uint64, statistic func(idx []int) (float64, bool)) (lo, hi float64, ok bool) {
	if n < 3 || reps < 1 {
		return 0, 0, false
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	idx := make([]int, n)
	vals := make([]float64, 0, reps)
	for range reps {
		for i := range idx {
			idx[i] = rng.IntN(n)
		}
		if v, ok := statistic(idx); ok {
			vals = append(vals, v)
		}
	}
	if len(vals) < reps/2 || len(vals) < 2 {
		return 0, 0, false
	}
	slices.Sort(vals)
	return stat.Quantile(0.025, stat.Empirical, vals, nil), stat.Quantile(0.975, stat.Empirical, vals, nil), true
}

// SpearmanInterval95 is Interval95 of Spearman's rho over the pairs
// (x, y), drawing the same resamples, in linear time a resample: each
// resample is a count of how often each pair was drawn, ranked by walking
// the pairs' order (sorted once) and correlated with those counts as
// weights.
func SpearmanInterval95(x, y []float64, reps int, seed uint64) (lo, hi float64, ok bool) {
	n := len(x)
	if n < 3 || reps < 1 || len(y) != n {
		return 0, 0, false
	}
	gx, gy := tieGroups(x), tieGroups(y)
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	counts := make([]float64, n)
	rx, ry := make([]float64, n), make([]float64, n)
	vals := make([]float64, 0, reps)
	for range reps {
		clear(counts)
		for range n {
			counts[rng.IntN(n)]++
		}
		resampledRanks(gx, counts, rx)
		resampledRanks(gy, counts, ry)
		if v, ok := weightedPearson(rx, ry, counts, float64(n)); ok {
			vals = append(vals, v)
		}
	}
	if len(vals) < reps/2 || len(vals) < 2 {
		return 0, 0, false
	}
	slices.Sort(vals)
	return stat.Quantile(0.025, stat.Empirical, vals, nil), stat.Quantile(0.975, stat.Empirical, vals, nil), true
}

// tieGroups lists the indices of x in ascending order of value, one group
// for each value.
func tieGroups(x []float64) [][]int {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(x[a], x[b]) })
	var groups [][]int
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && x[idx[j]] == x[idx[i]] {
			j++
		}
		groups = append(groups, idx[i:j])
		i = j
	}
	return groups
}

// resampledRanks gives each index the rank its value has in a resample
// that drew index i counts[i] times (ties share the mean rank).
func resampledRanks(groups [][]int, counts, ranks []float64) {
	pos := 0.0
	for _, g := range groups {
		drawn := 0.0
		for _, i := range g {
			drawn += counts[i]
		}
		for _, i := range g {
			ranks[i] = pos + (drawn+1)/2
		}
		pos += drawn
	}
}

// weightedPearson is Pearson's correlation with frequency weights w
// summing to n.
func weightedPearson(x, y, w []float64, n float64) (float64, bool) {
	var sx, sy float64
	for i := range x {
		sx += w[i] * x[i]
		sy += w[i] * y[i]
	}
	mx, my := sx/n, sy/n
	var sxx, syy, sxy float64
	for i := range x {
		if w[i] == 0 {
			continue
		}
		dx, dy := x[i]-mx, y[i]-my
		sxx += w[i] * dx * dx
		syy += w[i] * dy * dy
		sxy += w[i] * dx * dy
	}
	if sxx <= 1e-12*n || syy <= 1e-12*n {
		return 0, false
	}
	return clamp1(sxy / math.Sqrt(sxx*syy)), true
}

// pick returns x's values at idx, in that order.
func pick(x []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for i, j := range idx {
		out[i] = x[j]
	}
	return out
}

// clamp1 keeps rounding from pushing a correlation past ±1.
func clamp1(v float64) float64 { return math.Max(-1, math.Min(1, v)) }
