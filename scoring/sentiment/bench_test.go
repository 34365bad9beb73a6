package sentiment

import (
	"testing"

	"github.com/jonreiter/govader"

	"github.com/iqa-cli/iqa/scoring/cputime"
)

// benchTexts are the short messages of the service set, the size the scorer sees per message.
func benchTexts(b *testing.B) []string {
	var texts []string
	for _, m := range readCS(b) {
		texts = append(texts, m.text)
	}
	return texts
}

// benchMessages scores the texts in turn and reports messages per second of wall time
// (msgs/s) and of process CPU time (cpu-msgs/s, steadier when other work shares the machine;
// run with -cpu 1 so that only the benchmark goroutine uses the CPU).
func benchMessages(b *testing.B, texts []string, score func(string)) {
	b.ReportAllocs()
	cpu0, ok := cputime.Process()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		score(texts[i%len(texts)])
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
	if cpu1, ok1 := cputime.Process(); ok && ok1 && cpu1 > cpu0 {
		b.ReportMetric(float64(b.N)/(cpu1-cpu0).Seconds(), "cpu-msgs/s")
	}
}

func BenchmarkScore(b *testing.B) {
	texts := benchTexts(b)
	a := Default()
	benchMessages(b, texts, func(s string) { a.Score(s) })
}

// BenchmarkGovader scores the same messages with github.com/jonreiter/govader, for comparison.
func BenchmarkGovader(b *testing.B) {
	texts := benchTexts(b)
	a := govader.NewSentimentIntensityAnalyzer()
	benchMessages(b, texts, func(s string) { a.PolarityScores(s) })
}

func BenchmarkNew(b *testing.B) {
	over := map[string]float64{"chargeback": -2.5, "out of stock": -1.5}
	Default()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := New(over); err != nil {
			b.Fatal(err)
		}
	}
}
