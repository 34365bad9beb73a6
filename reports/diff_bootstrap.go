package reports

import (
	"math/bits"
	"math/rand/v2"
	"slices"
)

// bootstrapMeanCI is the percentile bootstrap 95% interval of the mean of
// deltas: resamples means of len(deltas) draws with replacement, sorted,
// and their 2.5th and 97.5th percentiles (nearest rank). Deltas are paired
// per conversation, so the interval is of the mean change, not of two
// means apart.
//
// It is deterministic: PCG, whose output the Go project fixes, seeded with
// seed, and draws made here rather than by rand's IntN, whose method a Go
// release may change. The cost is resamples × len(deltas) draws: about a
// second for 100k conversations on one core.
func bootstrapMeanCI(deltas []int32, resamples int, seed uint64) (lo, hi float64) {
	n := len(deltas)
	if n == 0 || resamples < 1 {
		return 0, 0
	}
	src := rand.NewPCG(seed, 0x69716120646966) // "iqa dif": a fixed second word
	means := make([]float64, resamples)
	for i := range means {
		var sum int64
		for range n {
			sum += int64(deltas[drawIndex(src, uint64(n))])
		}
		means[i] = float64(sum) / float64(n)
	}
	slices.Sort(means)
	return means[nearestRank(0.025, resamples)], means[nearestRank(0.975, resamples)]
}

// drawIndex draws uniformly from [0, n) by Lemire's multiply-and-reject,
// without modulo bias.
func drawIndex(src *rand.PCG, n uint64) uint64 {
	hi, lo := bits.Mul64(src.Uint64(), n)
	if lo < n {
		threshold := -n % n
		for lo < threshold {
			hi, lo = bits.Mul64(src.Uint64(), n)
		}
	}
	return hi
}

// nearestRank is the index of the p-th percentile of n sorted values.
func nearestRank(p float64, n int) int {
	k := int(p*float64(n) + 0.999999999) // ceil, robust to p*n landing a hair above an integer
	return min(max(k, 1), n) - 1
}
