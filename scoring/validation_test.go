package scoring

import (
	"math"
	"sort"
	"strconv"
	"testing"
)

// TestValidationAgainstRatings checks the default rubric against people.
// testdata/scoring/rated.jsonl holds 40 short hand-written dialogues, each
// with meta "rating": the satisfaction (1-5) careful human raters would
// give, averaged, and meta "split": "tune" for the half the rubric's
// defaults were adjusted against, "holdout" for the half left alone. The
// test logs the Spearman rank correlation with the ratings of the
// rubric's overall score and of the customer's mean sentiment alone, for
// each half and both, and fails when the rubric does not beat sentiment
// alone over all 40.
func TestValidationAgainstRatings(t *testing.T) {
	e := defaultEngine(t)
	type row struct{ rating, score, sentiment float64 }
	halves := map[string][]row{}
	for _, c := range readNative(t, "../testdata/scoring/rated.jsonl") {
		c.Finish()
		rating, err := strconv.ParseFloat(c.Meta["rating"], 64)
		if err != nil {
			t.Fatalf("%s: rating %q", c.ID, c.Meta["rating"])
		}
		res := e.Score(c)
		checkInvariants(t, res)
		sent := 0.0
		if res.CustomerSentiment != nil {
			sent = res.CustomerSentiment.Mean
		}
		t.Logf("%-4s %-7s %-6s rating %.1f  score %5.1f  sentiment %+.2f", c.ID, c.Channel, c.Meta["split"], rating, res.Score, sent)
		halves[c.Meta["split"]] = append(halves[c.Meta["split"]], row{rating, res.Score, sent})
		halves["all"] = append(halves["all"], row{rating, res.Score, sent})
	}
	rho := map[string][2]float64{}
	for _, name := range []string{"tune", "holdout", "all"} {
		rows := halves[name]
		var ratings, scores, sents []float64
		for _, r := range rows {
			ratings, scores, sents = append(ratings, r.rating), append(scores, r.score), append(sents, r.sentiment)
		}
		rho[name] = [2]float64{spearman(ratings, scores), spearman(ratings, sents)}
		t.Logf("%-7s n=%2d  Spearman rubric %.3f  customer sentiment %.3f", name, len(rows), rho[name][0], rho[name][1])
	}
	if len(halves["all"]) < 40 {
		t.Errorf("only %d rated conversations", len(halves["all"]))
	}
	if r := rho["all"]; !(r[0] > r[1]) {
		t.Errorf("the rubric (%.3f) does not beat customer sentiment alone (%.3f)", r[0], r[1])
	}
}

// spearman is the rank correlation of x and y, ties given their mean rank.
func spearman(x, y []float64) float64 {
	return pearson(ranks(x), ranks(y))
}

func ranks(v []float64) []float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
	r := make([]float64, len(v))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && v[idx[j+1]] == v[idx[i]] {
			j++
		}
		for k := i; k <= j; k++ {
			r[idx[k]] = float64(i+j)/2 + 1
		}
		i = j + 1
	}
	return r
}

func pearson(x, y []float64) float64 {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}

func TestSpearman(t *testing.T) {
	if got := spearman([]float64{1, 2, 3, 4}, []float64{10, 20, 30, 40}); got != 1 {
		t.Errorf("monotone: %v", got)
	}
	if got := spearman([]float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}); got != -1 {
		t.Errorf("reversed: %v", got)
	}
	if got := ranks([]float64{5, 1, 5, 3}); got[0] != 3.5 || got[2] != 3.5 || got[1] != 1 {
		t.Errorf("ties: %v", got)
	}
}
