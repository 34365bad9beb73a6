package sentiment

import (
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jonreiter/govader"
)

// TestAgreementWithVADER compares iqa and govader on the unrated news texts that govader ships
// for its own benchmark. They carry no human ratings, so this only shows how far iqa's rules
// move general text away from VADER's; it guards against gross breakage, not accuracy.
func TestAgreementWithVADER(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 3,000 long news texts")
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/jonreiter/govader").Output()
	if err != nil {
		t.Skipf("govader module not found: %v", err)
	}
	f, err := os.Open(filepath.Join(strings.TrimSpace(string(out)), "benchmark", "vader_test.csv"))
	if err != nil {
		t.Skipf("govader benchmark texts not available: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	rows = rows[:min(len(rows), 3000)] // enough for a stable r, and quick
	if err != nil {
		t.Fatal(err)
	}
	a, gv := Default(), govader.NewSentimentIntensityAnalyzer()
	var us, them []float64
	same := 0
	for _, r := range rows {
		x, y := a.Score(r[0]).Compound, gv.PolarityScores(r[0]).Compound
		us, them = append(us, x), append(them, y)
		if govaderLabel(x) == govaderLabel(y) {
			same++
		}
	}
	r := pearson(us, them)
	t.Logf("news texts (%d): Pearson r with govader %.3f, same 3-class label %.1f%%", len(rows), r, 100*float64(same)/float64(len(rows)))
	if r < 0.7 {
		t.Errorf("Pearson r with govader on news = %.3f, want >= 0.7", r)
	}
}
