package calibrate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/iqa-cli/iqa/scoring"
)

// FitOptions tune Fit.
type FitOptions struct {
	// Criteria are the rubric's criterion ids and Weights their weights,
	// in rubric order.
	Criteria []string
	Weights  []float64
	// Folds for cross-validation (default 5), shuffled by Seed.
	Folds int
	Seed  uint64
	// Lambda pulls the weights towards the rubric's (default 0.1); MinGain
	// is how much the mean held-out Spearman must rise (default 0.005).
	Lambda, MinGain float64
}

// MinFit is the fewest graded conversations Fit learns from.
const MinFit = 20

// Fit is what fitting the weights found.
type Fit struct {
	N     int    `json:"n"`
	Folds int    `json:"folds"`
	Seed  uint64 `json:"seed"`
	// Before and After are the mean held-out Spearman over the folds with
	// the rubric's weights and with weights fitted on the other folds.
	Before  F        `json:"cv_spearman_before"`
	After   F        `json:"cv_spearman_after"`
	PerFold []FoldCV `json:"folds_cv"`
	// Improved says After beat Before by at least the minimum gain; only
	// then is a tuned rubric written.
	Improved bool `json:"improved"`
	// Weights are fitted on every graded conversation, scaled to the
	// rubric's total weight and rounded to two decimals.
	Weights []WeightChange `json:"weights"`
}

// FoldCV is one fold's held-out Spearman.
type FoldCV struct {
	N      int `json:"n"`
	Before *F  `json:"before"`
	After  *F  `json:"after"`
}

// WeightChange is one criterion's weight before and after.
type WeightChange struct {
	ID     string  `json:"id"`
	Before float64 `json:"before"`
	After  float64 `json:"after"`
}

// row is one conversation as the fit sees it: criterion scores (0-1)
// where they apply, or a fixed score when weights cannot change it (a
// critical failure, an unanswered conversation).
type row struct {
	s       []float64
	applies []bool
	fixed   bool
	score   float64 // the fixed score, 0-1
	y       float64 // the graders' mean, 0-1
}

// FitWeights learns non-negative criterion weights from the graders'
// overall scores: the rubric's own formula (the weighted mean of the
// applicable criteria) is fitted, through a linear calibration, to the
// graders' mean by projected gradient descent on the simplex, with a ridge
// penalty towards the rubric's weights. It reports seeded k-fold
// cross-validated Spearman before and after.
func FitWeights(items []Item, g *Grades, opts FitOptions) (*Fit, error) {
	if opts.Folds == 0 {
		opts.Folds = 5
	}
	if opts.Lambda == 0 {
		opts.Lambda = 0.1
	}
	if opts.MinGain == 0 {
		opts.MinGain = 0.005
	}
	rows := fitRows(items, g, opts.Criteria)
	if len(rows) < MinFit || len(rows) < 2*opts.Folds {
		return nil, fmt.Errorf("%s: %d graded conversations with an overall score; fitting weights needs at least %d", g.File, len(rows), max(MinFit, 2*opts.Folds))
	}
	w0 := normalise(opts.Weights)
	if w0 == nil {
		return nil, fmt.Errorf("the rubric's weights are all 0; nothing to fit")
	}
	fit := &Fit{N: len(rows), Folds: opts.Folds, Seed: opts.Seed}
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x5851f42d4c957f2d))
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	var before, after float64
	counted := 0
	for k := 0; k < opts.Folds; k++ {
		var train, test []row
		for i, idx := range order {
			if i%opts.Folds == k {
				test = append(test, rows[idx])
			} else {
				train = append(train, rows[idx])
			}
		}
		w := descend(train, w0, opts.Lambda)
		b, okB := heldOut(test, w0)
		a, okA := heldOut(test, w)
		fit.PerFold = append(fit.PerFold, FoldCV{N: len(test), Before: opt(b, okB), After: opt(a, okA)})
		if okA && okB {
			before += b
			after += a
			counted++
		}
	}
	if counted > 0 {
		fit.Before, fit.After = F(before/float64(counted)), F(after/float64(counted))
	}
	fit.Improved = counted > 0 && float64(fit.After-fit.Before) >= opts.MinGain
	final := descend(rows, w0, opts.Lambda)
	total := 0.0
	for _, x := range opts.Weights {
		total += x
	}
	for i, id := range opts.Criteria {
		fit.Weights = append(fit.Weights, WeightChange{ID: id, Before: opts.Weights[i], After: math.Round(final[i]*total*100) / 100})
	}
	return fit, nil
}

func fitRows(items []Item, g *Grades, criteria []string) []row {
	sums := map[string][2]float64{}
	var ids []string
	for _, r := range g.Rows {
		if math.IsNaN(r.Overall) {
			continue
		}
		s, seen := sums[r.ID]
		if !seen {
			ids = append(ids, r.ID)
		}
		sums[r.ID] = [2]float64{s[0] + g.Scale.Percent(r.Overall), s[1] + 1}
	}
	byID := indexByID(items)
	slices.Sort(ids)
	var rows []row
	for _, id := range ids {
		it := byID[id]
		if it == nil {
			continue
		}
		s := sums[id]
		r := row{s: make([]float64, len(criteria)), applies: make([]bool, len(criteria)), y: s[0] / s[1] / 100}
		any := false
		for i, c := range criteria {
			if cr := it.criterion(c); cr != nil && cr.Status != scoring.NotApplicable {
				r.s[i], r.applies[i], any = cr.Score/100, true, true
			}
		}
		if it.CriticalFailure || it.Unanswered || !any {
			r.fixed, r.score = true, it.Score/100
		}
		rows = append(rows, r)
	}
	return rows
}

// normalise scales w to sum to 1; nil when it sums to 0.
func normalise(w []float64) []float64 {
	s := 0.0
	for _, x := range w {
		s += x
	}
	if s <= 0 {
		return nil
	}
	out := make([]float64, len(w))
	for i, x := range w {
		out[i] = x / s
	}
	return out
}

// predict is the rubric's overall score (0-1) for r under weights w.
func predict(r row, w []float64) float64 {
	if r.fixed {
		return r.score
	}
	var num, den float64
	for i, ok := range r.applies {
		if ok {
			num += w[i] * r.s[i]
			den += w[i]
		}
	}
	if den == 0 {
		return 0
	}
	return num / den
}

func heldOut(rows []row, w []float64) (float64, bool) {
	x, y := make([]float64, len(rows)), make([]float64, len(rows))
	for i, r := range rows {
		x[i], y[i] = predict(r, w), r.y
	}
	return Spearman(x, y)
}

// loss is the squared error of the best linear calibration a + b·f of the
// predictions to the graders (b ≥ 0), over the graders' variance, plus the
// ridge term; grad is its gradient in w (the calibration held at its
// optimum, so it needs no term of its own).
func loss(rows []row, w, w0 []float64, lambda float64, grad []float64) float64 {
	n := float64(len(rows))
	f := make([]float64, len(rows))
	var mf, my float64
	for i, r := range rows {
		f[i] = predict(r, w)
		mf += f[i]
		my += r.y
	}
	mf, my = mf/n, my/n
	var sff, sfy, syy float64
	for i, r := range rows {
		sff += (f[i] - mf) * (f[i] - mf)
		sfy += (f[i] - mf) * (r.y - my)
		syy += (r.y - my) * (r.y - my)
	}
	if syy == 0 {
		syy = 1
	}
	b := 0.0
	if sff > 0 && sfy > 0 {
		b = sfy / sff
	}
	a := my - b*mf
	for i := range grad {
		grad[i] = 2 * lambda * (w[i] - w0[i])
	}
	total := 0.0
	for i, r := range rows {
		res := a + b*f[i] - r.y
		total += res * res
		if r.fixed || b == 0 {
			continue
		}
		den := 0.0
		for j, ok := range r.applies {
			if ok {
				den += w[j]
			}
		}
		if den == 0 {
			continue
		}
		for j, ok := range r.applies {
			if ok {
				grad[j] += 2 * res * b * (r.s[j] - f[i]) / den / syy
			}
		}
	}
	pen := 0.0
	for i := range w {
		d := w[i] - w0[i]
		pen += d * d
	}
	return total/syy + lambda*pen
}

// descend minimises loss over weights on the simplex (non-negative,
// summing to 1) by projected gradient descent with backtracking, from w0.
func descend(rows []row, w0 []float64, lambda float64) []float64 {
	w := slices.Clone(w0)
	grad := make([]float64, len(w))
	cur := loss(rows, w, w0, lambda, grad)
	step := 1.0
	next := make([]float64, len(w))
	tmp := make([]float64, len(w))
	for iter := 0; iter < 500 && step > 1e-10; iter++ {
		for i := range w {
			next[i] = w[i] - step*grad[i]
		}
		projectSimplex(next)
		l := loss(rows, next, w0, lambda, tmp)
		if l < cur-1e-12 {
			copy(w, next)
			copy(grad, tmp)
			cur = l
			step *= 1.5
		} else {
			step /= 2
		}
	}
	return w
}

// projectSimplex replaces v by its Euclidean projection onto {w ≥ 0, Σw = 1}
// (sort, find the threshold θ, clip at zero).
func projectSimplex(v []float64) {
	u := slices.Clone(v)
	slices.Sort(u)
	slices.Reverse(u)
	cum, theta := 0.0, 0.0
	for i, x := range u {
		cum += x
		if t := (cum - 1) / float64(i+1); x-t > 0 {
			theta = t
		}
	}
	for i := range v {
		v[i] = math.Max(v[i]-theta, 0)
	}
}
