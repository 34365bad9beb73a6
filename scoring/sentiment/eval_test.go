package sentiment

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/scoring/internal/stats"
	"github.com/jonreiter/govader"
)

// The evaluation sets, and what was visible while the analyzer was tuned, are described in
// testdata/sentiment/README.md.
const (
	csPath        = "../../testdata/sentiment/cs_labeled.tsv"
	blindPath     = "../../testdata/sentiment/cs_blind.tsv"
	heldOutPath   = "../../testdata/sentiment/cs_heldout_2026-12.tsv"
	heldOutBPath  = "../../testdata/sentiment/cs_heldout_2026-12b.tsv"
	generalPath   = "../../testdata/sentiment/general_rated.tsv"
	threshold     = 0.05 // VADER's usual neutral band
	heldOutSplit  = "2026-12"
	heldOutBSplit = "2026-12b"
)

// Floors a little below the figures measured, so that a regression fails the test. Only
// minF1HeldOutB comes from data the analyzer was never tuned on or scored against in any form;
// minF1HeldOut's aggregate was known when the analyzer last changed (2026-12-02 16:07 UTC), and
// the rest are regression floors on data whose figures were visible while tuning.
const (
	minF1Tuned    = 0.93 // cs_labeled.tsv, the 70% part mistakes were listed from
	minF1Part30   = 0.90 // cs_labeled.tsv, the 30% part once called held out: not held out
	minF1Blind    = 0.77 // cs_blind.tsv: its figure was quoted while tuning on 2026-12-02
	minF1HeldOut  = 0.58 // cs_heldout_2026-12.tsv, written after the lexicon froze
	minF1HeldOutB = 0.70 // cs_heldout_2026-12b.tsv, written blind after the 16:07 change
	minPearson    = 0.82 // general_rated.tsv
)

type labeled struct {
	label, text string
	part30      bool // in cs_labeled.tsv's 30% part (index modulo 10 is 2, 5 or 8)
}

// readCS reads the service set, marking the 30% part.
func readCS(t testing.TB) []labeled {
	var out []labeled
	for i, f := range readTSV(t, csPath) {
		m := i % 10
		out = append(out, labeled{label: f[0], text: f[1], part30: m == 2 || m == 5 || m == 8})
	}
	return out
}

// readLabeled reads a service set that is used whole.
func readLabeled(t testing.TB, path string) []labeled {
	var out []labeled
	for _, f := range readTSV(t, path) {
		out = append(out, labeled{label: f[0], text: f[1]})
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

// readTSV returns the rows of a two-column file after its header; a file without rows fails.
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
	if len(rows) == 0 {
		t.Fatalf("%s: no rows after the header", path)
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

func govaderLabel(c float64) string { return Scores{Compound: c}.Label(threshold) }

// csF1 scores the rows of set that keep returns true for and returns their macro-F1.
func csF1(set []labeled, keep func(labeled) bool, score func(string) float64) (float64, int) {
	var gold, pred []string
	for _, m := range set {
		if keep(m) {
			gold = append(gold, m.label)
			pred = append(pred, govaderLabel(score(m.text)))
		}
	}
	return macroF1(gold, pred), len(gold)
}

func all(labeled) bool { return true }

// confusion counts gold label -> predicted label over set, as "negative->neutral 12, ...".
func confusion(set []labeled, score func(string) float64) string {
	var parts []string
	for _, g := range classes {
		for _, p := range classes {
			n := 0
			for _, m := range set {
				if m.label == g && govaderLabel(score(m.text)) == p {
					n++
				}
			}
			parts = append(parts, fmt.Sprintf("%s->%s %d", g[:3], p[:3], n))
		}
	}
	return strings.Join(parts, ", ")
}

// checkGeneral correlates score with the graded general-text ratings and fails below minPearson,
// or when r is undefined (a constant scorer, a NaN).
func checkGeneral(gen []rated, score func(string) float64) (float64, error) {
	var human, got []float64
	for _, g := range gen {
		human, got = append(human, g.rating), append(got, score(g.text))
	}
	r, err := stats.Pearson(human, got)
	if err != nil {
		return 0, fmt.Errorf("Pearson r on general text (%d texts): %w", len(gen), err)
	}
	if r < minPearson {
		return r, fmt.Errorf("Pearson r on general text = %.3f, want >= %.2f", r, minPearson)
	}
	return r, nil
}

func TestEvaluation(t *testing.T) {
	a := Default()
	gv := govader.NewSentimentIntensityAnalyzer()
	ours := func(s string) float64 { return a.Score(s).Compound }
	theirs := func(s string) float64 { return gv.PolarityScores(s).Compound }
	tuned := func(m labeled) bool { return !m.part30 }
	part30 := func(m labeled) bool { return m.part30 }

	heldB := readLabeled(t, heldOutBPath)
	f1HeldB, nHeldB := csF1(heldB, all, ours)
	gvHeldB, _ := csF1(heldB, all, theirs)
	t.Logf("customer service macro-F1, held-out split %s (%d, written blind after the analyzer last changed): iqa %.3f, govader %.3f", heldOutBSplit, nHeldB, f1HeldB, gvHeldB)
	t.Logf("  iqa gold->predicted: %s", confusion(heldB, ours))
	t.Logf("  govader gold->predicted: %s", confusion(heldB, theirs))

	held := readLabeled(t, heldOutPath)
	f1Held, nHeld := csF1(held, all, ours)
	gvHeld, _ := csF1(held, all, theirs)
	t.Logf("customer service macro-F1, held-out split %s (%d, written after the lexicon froze, aggregate known at the last change): iqa %.3f, govader %.3f", heldOutSplit, nHeld, f1Held, gvHeld)
	t.Logf("  iqa gold->predicted: %s", confusion(held, ours))
	t.Logf("  govader gold->predicted: %s", confusion(held, theirs))

	blind := readLabeled(t, blindPath)
	f1Blind, nBlind := csF1(blind, all, ours)
	gvBlind, _ := csF1(blind, all, theirs)
	t.Logf("customer service macro-F1, blind set (%d, figure seen while tuning): iqa %.3f, govader %.3f", nBlind, f1Blind, gvBlind)

	cs := readCS(t)
	f1Tuned, nTuned := csF1(cs, tuned, ours)
	f1Part30, nPart30 := csF1(cs, part30, ours)
	gvTuned, _ := csF1(cs, tuned, theirs)
	gvPart30, _ := csF1(cs, part30, theirs)
	t.Logf("customer service macro-F1, labeled set, tuned 70%% (%d): iqa %.3f, govader %.3f", nTuned, f1Tuned, gvTuned)
	t.Logf("customer service macro-F1, labeled set, 30%% once called held out, seen while tuning (%d): iqa %.3f, govader %.3f", nPart30, f1Part30, gvPart30)

	gen := readGeneral(t)
	r, errR := checkGeneral(gen, ours)
	rgv, _ := checkGeneral(gen, theirs)
	t.Logf("general text Pearson r (%d, figure seen while tuning): iqa %.3f, govader %.3f", len(gen), r, rgv)

	if f1HeldB < minF1HeldOutB {
		t.Errorf("macro-F1 on the %s held-out split = %.3f, want >= %.2f", heldOutBSplit, f1HeldB, minF1HeldOutB)
	}
	if f1Held < minF1HeldOut {
		t.Errorf("macro-F1 on the %s held-out split = %.3f, want >= %.2f", heldOutSplit, f1Held, minF1HeldOut)
	}
	if f1Blind < minF1Blind {
		t.Errorf("macro-F1 on the blind set = %.3f, want >= %.2f", f1Blind, minF1Blind)
	}
	if f1Tuned < minF1Tuned {
		t.Errorf("macro-F1 on the tuned part = %.3f, want >= %.2f", f1Tuned, minF1Tuned)
	}
	if f1Part30 < minF1Part30 {
		t.Errorf("macro-F1 on the 30%% part = %.3f, want >= %.2f", f1Part30, minF1Part30)
	}
	if errR != nil {
		t.Error(errR)
	}

	// With IQA_SENTIMENT_ERRORS=1, list the tuned part's mistakes: never those of the held-out
	// splits (2026-12, 2026-12b) or the blind set, so that they stay unseen.
	if os.Getenv("IQA_SENTIMENT_ERRORS") != "" {
		for _, m := range cs {
			if s := a.Score(m.text); tuned(m) && s.Label(threshold) != m.label {
				t.Logf("%-8s %+.3f %s", m.label, s.Compound, m.text)
			}
		}
	}
}

// TestHeldOutSplitMix keeps each held-out split in the mix of real service traffic the README
// promises, and its labels to the three classes.
func TestHeldOutSplitMix(t *testing.T) {
	for _, path := range []string{heldOutPath, heldOutBPath} {
		checkSplitMix(t, path)
	}
}

func checkSplitMix(t *testing.T, path string) {
	held := readLabeled(t, path)
	n := map[string]int{}
	for _, m := range held {
		n[m.label]++
	}
	if len(held) < 150 || len(n) != 3 || n["negative"]+n["neutral"]+n["positive"] != len(held) {
		t.Fatalf("%s: %d rows, labels %v; want >= 150 rows labelled negative, neutral or positive", path, len(held), n)
	}
	share := func(c string) float64 { return float64(n[c]) / float64(len(held)) }
	if s := share("negative"); s < 0.55 || s > 0.65 {
		t.Errorf("%s: negative share %.2f, want 0.55-0.65", path, s)
	}
	if s := share("neutral"); s < 0.20 || s > 0.25 {
		t.Errorf("%s: neutral share %.2f, want 0.20-0.25", path, s)
	}
	if s := share("positive"); s < 0.15 || s > 0.20 {
		t.Errorf("%s: positive share %.2f, want 0.15-0.20", path, s)
	}
}

// TestCorrelationChecksFailOnDegenerateScorers proves the correlation checks cannot pass on an
// analyzer that says the same for every text, or says NaN, or on no texts at all.
func TestCorrelationChecksFailOnDegenerateScorers(t *testing.T) {
	gen := readGeneral(t)
	texts := make([]string, len(gen))
	for i, g := range gen {
		texts[i] = g.text
	}
	gv := govader.NewSentimentIntensityAnalyzer()
	theirs := func(s string) float64 { return gv.PolarityScores(s).Compound }
	// The constant scorers must fail because r is undefined, not merely because r is low.
	for name, score := range map[string]func(string) float64{
		"constant 0":   func(string) float64 { return 0 },
		"constant 0.4": func(string) float64 { return 0.4 },
		"constant 0.1": func(string) float64 { return 0.1 },
	} {
		if r, err := checkGeneral(gen, score); !errors.Is(err, stats.ErrConstant) {
			t.Errorf("%s: the general-text check gives r = %v, %v; want %v", name, r, err, stats.ErrConstant)
		}
		if r, _, err := checkAgreement(texts, score, theirs); !errors.Is(err, stats.ErrConstant) {
			t.Errorf("%s: the govader agreement check gives r = %v, %v; want %v", name, r, err, stats.ErrConstant)
		}
	}
	nan := func(string) float64 { return math.NaN() }
	if r, err := checkGeneral(gen, nan); err == nil {
		t.Errorf("NaN: the general-text check passes with r = %v", r)
	}
	if r, _, err := checkAgreement(texts, nan, theirs); err == nil {
		t.Errorf("NaN: the govader agreement check passes with r = %v", r)
	}
	if _, err := checkGeneral(nil, theirs); err == nil {
		t.Error("the general-text check passes on no texts")
	}
	if _, _, err := checkAgreement(nil, theirs, theirs); err == nil {
		t.Error("the govader agreement check passes on no texts")
	}
}
