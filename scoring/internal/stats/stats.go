// Package stats holds the correlations iqa's evaluations and calibration share.
package stats

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
)

// ErrConstant is returned when one side of a correlation does not vary: r is then undefined,
// and a scorer that answers the same for every text must fail any check against r.
var ErrConstant = errors.New("one side is constant, so the correlation is undefined")

// Pearson is the linear correlation of x and y. It returns an error, never NaN, when the
// lengths differ, there are fewer than two pairs, a value is not finite or a side is constant.
func Pearson(x, y []float64) (float64, error) {
	if len(x) != len(y) {
		return 0, fmt.Errorf("%d values against %d", len(x), len(y))
	}
	if len(x) < 2 {
		return 0, fmt.Errorf("%d pairs, want at least 2", len(x))
	}
	n := float64(len(x))
	var mx, my float64
	xConst, yConst := true, true
	for i := range x {
		if !finite(x[i]) || !finite(y[i]) {
			return 0, fmt.Errorf("pair %d (%v, %v) is not finite", i, x[i], y[i])
		}
		mx += x[i]
		my += y[i]
		xConst, yConst = xConst && x[i] == x[0], yConst && y[i] == y[0]
	}
	// Tested exactly, not through the deviations: the rounded mean of n equal values need not
	// equal them, which leaves tiny deviations and an r made of rounding error.
	if xConst || yConst {
		return 0, ErrConstant
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0, ErrConstant
	}
	r := sxy / math.Sqrt(sxx*syy)
	if !finite(r) {
		return 0, fmt.Errorf("r is %v", r)
	}
	return max(-1, min(1, r)), nil
}

// Spearman is the rank correlation of x and y, ties given their mean rank, with Pearson's errors.
func Spearman(x, y []float64) (float64, error) {
	for i := range x {
		if !finite(x[i]) {
			return 0, fmt.Errorf("value %d (%v) is not finite", i, x[i])
		}
	}
	for i := range y {
		if !finite(y[i]) {
			return 0, fmt.Errorf("value %d (%v) is not finite", i, y[i])
		}
	}
	return Pearson(Ranks(x), Ranks(y))
}

// Ranks gives each value its 1-based rank, ties their mean rank (10, 20, 20, 30 rank 1, 2.5,
// 2.5, 4). Ties get one rank whatever their order, so an unstable sort will do; calibrate's
// bootstrap ranks thousands of resamples, so it matters.
func Ranks(v []float64) []float64 {
	type vi struct {
		v float64
		i int
	}
	s := make([]vi, len(v))
	for i, x := range v {
		s[i] = vi{x, i}
	}
	slices.SortFunc(s, func(a, b vi) int { return cmp.Compare(a.v, b.v) })
	r := make([]float64, len(v))
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && s[j].v == s[i].v {
			j++
		}
		mean := float64(i+j+1) / 2 // ranks i+1..j
		for k := i; k < j; k++ {
			r[s[k].i] = mean
		}
		i = j
	}
	return r
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
