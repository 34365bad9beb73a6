package sentiment

import (
	"math"
	"testing"
)

// FuzzScore checks the invariants of Scores on any input, seeded with the evaluation sets.
func FuzzScore(f *testing.F) {
	for _, m := range readCS(f) {
		f.Add(m.text)
	}
	for _, path := range []string{blindPath, heldOutPath} {
		for _, m := range readLabeled(f, path) {
			f.Add(m.text)
		}
	}
	for _, g := range readGeneral(f) {
		f.Add(g.text)
	}
	for _, s := range []string{"", "!!!???", "n't", "'", "-", "sooooooo", "but but but", "not not not",
		"\xff\xfe", "A\u200d\U0001F3FB", ":) :( <3", "@x http://y", "ÉNORME déçu", "😭😭😭"} {
		f.Add(s)
	}
	a := Default()
	f.Fuzz(func(t *testing.T, text string) {
		s := a.Score(text)
		for _, v := range []float64{s.Compound, s.Pos, s.Neu, s.Neg} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("Score(%q) = %+v: not finite", text, s)
			}
		}
		if s.Compound < -1 || s.Compound > 1 {
			t.Fatalf("Score(%q).Compound = %v, want in [-1, 1]", text, s.Compound)
		}
		if s.Pos < 0 || s.Neu < 0 || s.Neg < 0 {
			t.Fatalf("Score(%q) = %+v: negative proportion", text, s)
		}
		sum := s.Pos + s.Neu + s.Neg
		if sum != 0 && math.Abs(sum-1) > 1e-9 {
			t.Fatalf("Score(%q): Pos+Neu+Neg = %v, want 1 or 0", text, sum)
		}
		if sum == 0 && s.Compound != 0 {
			t.Fatalf("Score(%q) = %+v: compound without any token", text, s)
		}
	})
}
