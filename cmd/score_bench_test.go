package cmd

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/importers"
	"github.com/iqa-cli/iqa/scoring/cputime"
	"github.com/iqa-cli/iqa/scoring/gen"
)

var (
	corpusOut = flag.String("corpus", "", "with -run TestWriteCorpus: write generated conversations to this file")
	corpusN   = flag.Int("corpus-n", 10000, "with -corpus: how many conversations")
)

// writeCorpus writes n generated conversations (seed 1) as native JSON
// Lines: realistic agents, channels, phrasing, sentiment and timings.
func writeCorpus(tb testing.TB, path string, n int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := importers.NewNativeWriter(f)
	g := gen.New(1)
	for range n {
		if err := w.Write(g.Next()); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// TestWriteCorpus writes a corpus for measuring iqa from outside (peak
// memory with /usr/bin/time, profiles): go test ./cmd -run TestWriteCorpus
// -corpus /tmp/c.jsonl -corpus-n 1000000. Without -corpus it checks that a
// small corpus scores cleanly.
func TestWriteCorpus(t *testing.T) {
	if *corpusOut != "" {
		writeCorpus(t, *corpusOut, *corpusN)
		return
	}
	path := filepath.Join(t.TempDir(), "corpus.jsonl")
	writeCorpus(t, path, 200)
	var stderr bufferWriter
	code := Run(context.Background(), &IO{In: nil, Out: io.Discard, Err: &stderr, Now: time.Now}, []string{"score", path, "--summary", "none", "--strict"})
	if code != 0 {
		t.Fatalf("scoring the generated corpus: exit %d: %s", code, stderr)
	}
}

type bufferWriter []byte

func (b *bufferWriter) Write(p []byte) (int, error) { *b = append(*b, p...); return len(p), nil }
func (b bufferWriter) String() string               { return string(b) }

// BenchmarkScore is the whole `iqa score FILE --json OUT` path on 5,000
// generated conversations: import, score, JSON Lines out. Compare
// workers=1 with workers=2 for scaling. cpu-µs/conv is the process's CPU
// time (every goroutine, the garbage collector included) per
// conversation: on a shared machine it shows the work better than conv/s.
func BenchmarkScore(b *testing.B) {
	const n = 5000
	dir := b.TempDir()
	in := filepath.Join(dir, "corpus.jsonl")
	writeCorpus(b, in, n)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			out := filepath.Join(dir, "results.jsonl")
			start := time.Now()
			cpu0, cpuOK := cputime.Process()
			for b.Loop() {
				var stderr bufferWriter
				code := Run(context.Background(), &IO{Out: bufio.NewWriter(io.Discard), Err: &stderr, Now: time.Now},
					[]string{"score", in, "--json", out, "--summary", "none", "--workers", fmt.Sprint(workers)})
				if code != 0 {
					b.Fatalf("exit %d: %s", code, stderr)
				}
			}
			b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "conv/s")
			if cpu1, ok := cputime.Process(); cpuOK && ok {
				b.ReportMetric(float64((cpu1-cpu0).Microseconds())/float64(n*b.N), "cpu-µs/conv")
			}
		})
	}
}
