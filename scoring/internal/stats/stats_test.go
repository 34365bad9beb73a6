package stats

import (
	"errors"
	"math"
	"testing"
)

func TestPearson(t *testing.T) {
	tests := []struct {
		name   string
		x, y   []float64
		want   float64
		errors bool
	}{
		{"perfect", []float64{1, 2, 3}, []float64{2, 4, 6}, 1, false},
		{"reversed", []float64{1, 2, 3}, []float64{3, 2, 1}, -1, false},
		{"uncorrelated", []float64{1, 2, 3, 4}, []float64{1, -1, -1, 1}, 0, false},
		{"empty", nil, nil, 0, true},
		{"one pair", []float64{1}, []float64{2}, 0, true},
		{"lengths differ", []float64{1, 2}, []float64{1, 2, 3}, 0, true},
		{"constant x", []float64{0.5, 0.5, 0.5}, []float64{1, 2, 3}, 0, true},
		{"constant y", []float64{1, 2, 3}, []float64{0, 0, 0}, 0, true},
		{"NaN", []float64{1, math.NaN(), 3}, []float64{1, 2, 3}, 0, true},
		{"infinity", []float64{1, 2, 3}, []float64{1, math.Inf(1), 3}, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Pearson(tt.x, tt.y)
			if (err != nil) != tt.errors {
				t.Fatalf("Pearson = %v, %v; want an error: %v", got, err, tt.errors)
			}
			if math.IsNaN(got) || math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("Pearson = %v, want %v", got, tt.want)
			}
		})
	}
	if _, err := Pearson([]float64{1, 1}, []float64{1, 2}); !errors.Is(err, ErrConstant) {
		t.Errorf("constant side: err = %v, want ErrConstant", err)
	}
	// 0.1 a thousand times has a mean that is not exactly 0.1.
	x, y := make([]float64, 1000), make([]float64, 1000)
	for i := range x {
		x[i], y[i] = 0.1, float64(i%7)
	}
	if r, err := Pearson(x, y); !errors.Is(err, ErrConstant) {
		t.Errorf("constant 0.1 x 1000: r = %v, err = %v, want ErrConstant", r, err)
	}
}

func TestSpearman(t *testing.T) {
	if got, err := Spearman([]float64{1, 2, 3, 4}, []float64{10, 20, 30, 400}); err != nil || got != 1 {
		t.Errorf("monotone: %v, %v", got, err)
	}
	if got, err := Spearman([]float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}); err != nil || got != -1 {
		t.Errorf("reversed: %v, %v", got, err)
	}
	if _, err := Spearman([]float64{1, 2, 3}, []float64{7, 7, 7}); !errors.Is(err, ErrConstant) {
		t.Errorf("constant: err = %v, want ErrConstant", err)
	}
	if _, err := Spearman([]float64{1, math.NaN(), 3}, []float64{1, 2, 3}); err == nil {
		t.Error("NaN ranks as a number")
	}
	if got := Ranks([]float64{5, 1, 5, 3}); got[0] != 3.5 || got[2] != 3.5 || got[1] != 1 || got[3] != 2 {
		t.Errorf("ties: %v", got)
	}
}
