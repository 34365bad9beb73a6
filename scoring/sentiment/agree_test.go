package sentiment

import (
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/scoring/internal/stats"
	"github.com/jonreiter/govader"
)

// minAgreement is the floor on Pearson r between iqa and govader on govader's news texts.
const minAgreement = 0.7

// TestAgreementWithVADER compares iqa and govader on the unrated news texts that govader ships
// for its own benchmark. They carry no human ratings, so this only shows how far iqa's rules
// move general text away from VADER's; it guards against gross breakage, not accuracy. Without
// the module's benchmark file it skips, unless IQA_REQUIRE_GOVADER=1 (CI), which makes that a
// failure.
func TestAgreementWithVADER(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 3,000 long news texts")
	}
	texts, err := govaderNewsTexts(3000) // enough for a stable r, and quick
	if err != nil {
		if os.Getenv("IQA_REQUIRE_GOVADER") == "1" {
			t.Fatalf("%v; IQA_REQUIRE_GOVADER=1 requires govader's benchmark texts (run go mod download github.com/jonreiter/govader)", err)
		}
		t.Skip(err)
	}
	a, gv := Default(), govader.NewSentimentIntensityAnalyzer()
	ours := func(s string) float64 { return a.Score(s).Compound }
	theirs := func(s string) float64 { return gv.PolarityScores(s).Compound }
	r, same, err := checkAgreement(texts, ours, theirs)
	t.Logf("news texts (%d): Pearson r with govader %.3f, same 3-class label %.1f%%", len(texts), r, 100*same)
	if err != nil {
		t.Error(err)
	}
}

// govaderNewsTexts reads up to n texts of govader's benchmark/vader_test.csv from the module cache.
func govaderNewsTexts(n int) ([]string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/jonreiter/govader").Output()
	if err != nil {
		return nil, fmt.Errorf("govader module not found: %v", err)
	}
	path := filepath.Join(strings.TrimSpace(string(out)), "benchmark", "vader_test.csv")
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("govader benchmark texts not available: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read %s: %v", path, err)
	}
	var texts []string
	for _, r := range rows[:min(len(rows), n)] {
		texts = append(texts, r[0])
	}
	if len(texts) == 0 {
		return nil, fmt.Errorf("%s has no texts", path)
	}
	return texts, nil
}

// checkAgreement correlates ours with theirs on texts and returns r and the share of texts given
// the same 3-class label; it fails below minAgreement, or when r is undefined (no texts, a
// constant or NaN scorer).
func checkAgreement(texts []string, ours, theirs func(string) float64) (r, same float64, err error) {
	var us, them []float64
	for _, text := range texts {
		x, y := ours(text), theirs(text)
		us, them = append(us, x), append(them, y)
		if govaderLabel(x) == govaderLabel(y) {
			same++
		}
	}
	if len(texts) > 0 {
		same /= float64(len(texts))
	}
	r, err = stats.Pearson(us, them)
	if err != nil {
		return 0, same, fmt.Errorf("Pearson r with govader (%d texts): %w", len(texts), err)
	}
	if r < minAgreement {
		return r, same, fmt.Errorf("Pearson r with govader = %.3f, want >= %.1f", r, minAgreement)
	}
	return r, same, nil
}
