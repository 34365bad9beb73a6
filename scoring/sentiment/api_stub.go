// Package sentiment scores the sentiment of short customer-service texts.
//
// This file is a stand-in with the package's API so that scoring can be
// built against it; the real analyzer replaces it.
package sentiment

import "strings"

// Scores are VADER-style: Compound in [-1, 1]; Pos+Neu+Neg = 1.
type Scores struct{ Compound, Pos, Neu, Neg float64 }

// Analyzer scores texts; safe for concurrent use.
type Analyzer struct{ lex map[string]float64 }

// New builds an analyzer with lexicon overrides.
func New(overrides map[string]float64) (*Analyzer, error) {
	lex := map[string]float64{"sorry": -0.3, "thanks": 1.9, "great": 3.1, "frustrated": -2.0, "angry": -2.3, "never": -0.5, "worked": 1.0, "terrible": -2.5, "happy": 2.7}
	for k, v := range overrides {
		lex[k] = v
	}
	return &Analyzer{lex: lex}, nil
}

// Default is the analyzer without overrides.
func Default() *Analyzer { a, _ := New(nil); return a }

// Score scores one text.
func (a *Analyzer) Score(text string) Scores {
	var sum float64
	for _, w := range strings.Fields(strings.ToLower(text)) {
		sum += a.lex[strings.Trim(w, ".,!?")]
	}
	c := sum / (sum*sum + 15)
	if sum != 0 {
		c = sum / sqrt(sum*sum+15)
	}
	return Scores{Compound: c, Neu: 1}
}

func sqrt(x float64) float64 {
	z := x
	for i := 0; i < 20; i++ {
		z = (z + x/z) / 2
	}
	return z
}

// Label names the class of a compound score.
func (s Scores) Label(threshold float64) string {
	switch {
	case s.Compound >= threshold:
		return "positive"
	case s.Compound <= -threshold:
		return "negative"
	}
	return "neutral"
}
