package sentiment

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/jonreiter/govader"
)

// The evaluation sets are described in testdata/sentiment/README.md.
const (
	csPath      = "../../testdata/sentiment/cs_labeled.tsv"
	blindPath   = "../../testdata/sentiment/cs_blind.tsv"
	generalPath = "../../testdata/sentiment/general_rated.tsv"
	threshold   = 0.05 // VADER's usual neutral band
)

// Floors a little below the figures measured when the rules were last tuned, so that a
// regression fails the test. The held-out part of the service set was not looked at while tuning.
const (
	minF1Tuned   = 0.93
	minF1HeldOut = 0.90
	minF1Blind   = 0.77
	minPearson   = 0.82
)

type labeled struct {
	label, text string
	heldOut     bool
}

// readCS reads the service set; rows whose index modulo 10 is 2, 5 or 8 are held out.
func readCS(t testing.TB) []labeled {
	var out []labeled
	for i, f := range readTSV(t, csPath) {
		m := i % 10
		out = append(out, labeled{label: f[0], text: f[1], heldOut: m == 2 || m == 5 || m == 8})
	}
	return out
}

type rated struct {
	rating float64
	text   string
}

func readGeneral(t testing.TB) []rated {
	var out []rated
	for _, f := range readTSV(t, generalPath) {
		r, err := strconv.ParseFloat(f[0], 64)
		if err != nil {
			t.Fatalf("%s: %v", generalPath, err)
		}
		out = append(out, rated{r, f[1]})
	}
	return out
}

// readTSV returns the rows of a two-column file after its header.
func readTSV(t testing.TB, path string) [][2]string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][2]string
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if line == 1 {
			continue
		}
		a, b, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			t.Fatalf("%s:%d: want two tab-separated columns", path, line)
		}
		rows = append(rows, [2]string{a, b})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

var classes = [3]string{"negative", "neutral", "positive"}

// macroF1 averages the F1 of the three classes.
func macroF1(gold, pred []string) float64 {
	sum := 0.0
	for _, c := range classes {
		var tp, fp, fn float64
		for i := range gold {
			switch {
			case gold[i] == c && pred[i] == c:
				tp++
			case pred[i] == c:
				fp++
			case gold[i] == c:
				fn++
			}
		}
		if tp > 0 {
			p, r := tp/(tp+fp), tp/(tp+fn)
			sum += 2 * p * r / (p + r)
		}
	}
	return sum / 3
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
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	return sxy / math.Sqrt(sxx*syy)
}

func govaderLabel(c float64) string { return Scores{Compound: c}.Label(threshold) }

// csF1 scores one part of the service set with score and returns its macro-F1.
func csF1(set []labeled, heldOut bool, score func(string) float64) (float64, int) {
	var gold, pred []string
	for _, m := range set {
		if m.heldOut == heldOut {
			gold = append(gold, m.label)
			pred = append(pred, govaderLabel(score(m.text)))
		}
	}
	return macroF1(gold, pred), len(gold)
}

func TestEvaluation(t *testing.T) {
	a := Default()
	gv := govader.NewSentimentIntensityAnalyzer()
	ours := func(s string) float64 { return a.Score(s).Compound }
	theirs := func(s string) float64 { return gv.PolarityScores(s).Compound }

	cs := readCS(t)
	f1Tuned, nTuned := csF1(cs, false, ours)
	f1Held, nHeld := csF1(cs, true, ours)
	gvTuned, _ := csF1(cs, false, theirs)
	gvHeld, _ := csF1(cs, true, theirs)
	t.Logf("customer service macro-F1, tuned part (%d): iqa %.3f, govader %.3f", nTuned, f1Tuned, gvTuned)
	t.Logf("customer service macro-F1, held-out part (%d): iqa %.3f, govader %.3f", nHeld, f1Held, gvHeld)

	var blind []labeled
	for _, f := range readTSV(t, blindPath) {
		blind = append(blind, labeled{label: f[0], text: f[1]})
	}
	f1Blind, nBlind := csF1(blind, false, ours)
	gvBlind, _ := csF1(blind, false, theirs)
	t.Logf("customer service macro-F1, blind set (%d): iqa %.3f, govader %.3f", nBlind, f1Blind, gvBlind)

	gen := readGeneral(t)
	var human, us, them []float64
	for _, g := range gen {
		human = append(human, g.rating)
		us = append(us, ours(g.text))
		them = append(them, theirs(g.text))
	}
	r, rgv := pearson(human, us), pearson(human, them)
	t.Logf("general text Pearson r (%d): iqa %.3f, govader %.3f", len(gen), r, rgv)

	if f1Tuned < minF1Tuned {
		t.Errorf("macro-F1 on the tuned part = %.3f, want >= %.2f", f1Tuned, minF1Tuned)
	}
	if f1Held < minF1HeldOut {
		t.Errorf("macro-F1 on the held-out part = %.3f, want >= %.2f", f1Held, minF1HeldOut)
	}
	if f1Blind < minF1Blind {
		t.Errorf("macro-F1 on the blind set = %.3f, want >= %.2f", f1Blind, minF1Blind)
	}
	if r < minPearson {
		t.Errorf("Pearson r on general text = %.3f, want >= %.2f", r, minPearson)
	}

	// With IQA_SENTIMENT_ERRORS=1, list the tuned part's mistakes (never the held-out part's).
	if os.Getenv("IQA_SENTIMENT_ERRORS") != "" {
		for _, m := range cs {
			if s := a.Score(m.text); !m.heldOut && s.Label(threshold) != m.label {
				t.Logf("%-8s %+.3f %s", m.label, s.Compound, m.text)
			}
		}
	}
}
