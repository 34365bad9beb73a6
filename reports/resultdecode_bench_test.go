package reports

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/iqa-cli/iqa/scoring"
	"github.com/iqa-cli/iqa/scoring/cputime"
	"github.com/iqa-cli/iqa/scoring/gen"
)

// scoredResultsFile is a results file of n conversations generated and
// scored with the default rubric, as `iqa score --json` writes it.
func scoredResultsFile(tb testing.TB, n int) []byte {
	tb.Helper()
	engine := defaultEngine(tb)
	var buf bytes.Buffer
	j := NewJSONL(&buf)
	sum := NewSummary(RunInfo{Inputs: []string{"corpus.jsonl"}})
	g := gen.New(1)
	for i := range n {
		r := engine.Score(g.Next())
		r.Seq = i
		sum.Add(r)
		if err := j.Write(r); err != nil {
			tb.Fatal(err)
		}
	}
	if err := j.Close(sum); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// readResultsEncodingJSON is how results were read before the fast
// decoder: every line through encoding/json, one after the other. It is
// the baseline BenchmarkReadResults measures against.
func readResultsEncodingJSON(r io.Reader, onResult func(*scoring.Result) error) error {
	br := bufio.NewReaderSize(r, 256<<10)
	for {
		raw, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(raw)) > 0 {
			var head struct {
				Schema string `json:"schema"`
			}
			if err := json.Unmarshal(raw, &head); err != nil {
				return err
			}
			if head.Schema == scoring.ResultSchema {
				var res scoring.Result
				if err := json.Unmarshal(raw, &res); err != nil {
					return err
				}
				if err := onResult(&res); err != nil {
					return err
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// BenchmarkReadResults reads 5,000 scored results (about 10 KB each, with
// their transcripts) side by side: "encoding-json" is the reader before
// the fast decoder, "iqa" is ReadResults as it is. results/s is the
// figure to compare; run with -cpu 1,2 to see the parallel decoding.
func BenchmarkReadResults(b *testing.B) {
	const n = 5000
	file := scoredResultsFile(b, n)
	for _, reader := range []struct {
		name string
		read func(io.Reader, func(*scoring.Result) error) error
	}{
		{"encoding-json", readResultsEncodingJSON},
		{"iqa", func(r io.Reader, on func(*scoring.Result) error) error {
			return ReadResults("bench.jsonl", r, NewSummary(RunInfo{}), on)
		}},
	} {
		b.Run(reader.name, func(b *testing.B) {
			b.SetBytes(int64(len(file)))
			b.ReportAllocs()
			defer reportPerResult(b, n)()
			for b.Loop() {
				got := 0
				if err := reader.read(bytes.NewReader(file), func(*scoring.Result) error { got++; return nil }); err != nil {
					b.Fatal(err)
				}
				if got != n {
					b.Fatalf("read %d results, want %d", got, n)
				}
			}
		})
	}
}

// BenchmarkMergeShards merges four shards of 5,000 results.
func BenchmarkMergeShards(b *testing.B) {
	const n, shards = 5000, 4
	file := scoredResultsFile(b, n)
	parts := make([][]byte, shards)
	for i, line := range bytes.SplitAfter(file, []byte("\n")) {
		if bytes.Contains(line, []byte(`"schema":"iqa.result/v1"`)) {
			parts[i%shards] = append(parts[i%shards], line...)
		}
	}
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	defer reportPerResult(b, n)()
	for b.Loop() {
		files := make([]ResultsFile, shards)
		for i, p := range parts {
			files[i] = ResultsFile{Name: fmt.Sprintf("shard-%d.jsonl", i+1), R: bytes.NewReader(p)}
		}
		got := 0
		if err := MergeResults(files, NewSummary(RunInfo{}), func(*scoring.Result) error { got++; return nil }); err != nil {
			b.Fatal(err)
		}
		if got != n {
			b.Fatalf("merged %d results, want %d", got, n)
		}
	}
}

// reportPerResult starts measuring; the function it returns reports
// results/s and the process's CPU time per result, which on a shared,
// busy machine shows the work better than the wall clock.
func reportPerResult(b *testing.B, n int) func() {
	cpu0, cpuOK := cputime.Process()
	return func() {
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "results/s")
		if cpu1, ok := cputime.Process(); cpuOK && ok {
			b.ReportMetric(float64((cpu1-cpu0).Microseconds())/float64(n*b.N), "cpu-µs/result")
		}
	}
}
