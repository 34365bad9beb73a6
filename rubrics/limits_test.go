package rubrics

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestParseLimits pins the defences against small files that expand to
// huge ones through aliases and merge keys.
func TestParseLimits(t *testing.T) {
	var merges strings.Builder
	merges.WriteString("x0: &a0 {id: a, kind: empathy}\n")
	for i := 1; i <= 8; i++ {
		fmt.Fprintf(&merges, "x%d: &a%d {<<: [%s]}\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
	}
	merges.WriteString("criteria: [*a8]\n")

	var aliases strings.Builder
	aliases.WriteString("criteria:\n  - {id: a0, kind: phrases, phrases: &many [" +
		strings.TrimSuffix(strings.Repeat("hi, ", 1000), ", ") + "]}\n")
	for i := 1; i < 2000; i++ {
		fmt.Fprintf(&aliases, "  - {id: a%d, kind: phrases, phrases: *many}\n", i)
	}

	cases := []struct {
		name    string
		src     string
		wantErr string
	}{
		{"merge keys ten wide and eight deep", merges.String(), "unknown key \"x0\""},
		{"two thousand aliases of a thousand phrases", aliases.String(), "expands to more than"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			_, err := Parse("big.yaml", []byte(c.src))
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("Parse took %v", took)
			}
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("error %v, want one containing %q", err, c.wantErr)
			}
			if n := len(Errors(err)); n > maxErrors+1 {
				t.Errorf("%d errors, want at most %d", n, maxErrors+1)
			}
		})
	}
}
