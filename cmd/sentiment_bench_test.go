package cmd

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jonreiter/govader"
)

// sentimentInput is the hand-labelled customer-service messages, one per
// line, repeated to about 50,000 lines.
func sentimentInput(b *testing.B) []byte {
	data, err := os.ReadFile("../testdata/sentiment/cs_labeled.tsv")
	if err != nil {
		b.Fatal(err)
	}
	var lines []string
	for _, row := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		if _, text, ok := strings.Cut(row, "\t"); ok {
			lines = append(lines, text)
		}
	}
	var buf bytes.Buffer
	for buf.Len() < 3<<20 {
		for _, l := range lines {
			buf.WriteString(l)
			buf.WriteByte('\n')
		}
	}
	return buf.Bytes()
}

func countLines(b []byte) int { return bytes.Count(b, []byte("\n")) }

// BenchmarkSentimentJSONL is `iqa sentiment --jsonl` end to end on the
// input; compare with BenchmarkGovaderJSONL, the same work done with the
// VADER Go port.
func BenchmarkSentimentJSONL(b *testing.B) {
	input := sentimentInput(b)
	b.SetBytes(int64(len(input)))
	start := time.Now()
	for b.Loop() {
		iox := &IO{In: bytes.NewReader(input), Out: io.Discard, Err: io.Discard, Now: time.Now}
		if err := runSentiment(context.Background(), iox, &SentimentOptions{JSONL: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(countLines(input)*b.N)/time.Since(start).Seconds(), "msgs/s")
}

func BenchmarkGovaderJSONL(b *testing.B) {
	input := sentimentInput(b)
	b.SetBytes(int64(len(input)))
	analyzer := govader.NewSentimentIntensityAnalyzer()
	type line struct {
		Text     string  `json:"text"`
		Compound float64 `json:"compound"`
		Pos      float64 `json:"pos"`
		Neu      float64 `json:"neu"`
		Neg      float64 `json:"neg"`
	}
	start := time.Now()
	for b.Loop() {
		sc := bufio.NewScanner(bytes.NewReader(input))
		w := bufio.NewWriter(io.Discard)
		enc := json.NewEncoder(w)
		for sc.Scan() {
			s := analyzer.PolarityScores(sc.Text())
			enc.Encode(line{sc.Text(), s.Compound, s.Positive, s.Neutral, s.Negative})
		}
		w.Flush()
	}
	b.ReportMetric(float64(countLines(input)*b.N)/time.Since(start).Seconds(), "msgs/s")
}
