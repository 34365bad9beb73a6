package reports

import (
	"io"
	"testing"

	"github.com/iqa-cli/iqa/scoring"
)

// BenchmarkXLSXWriter writes a workbook of 10,000 generated results
// (a dozen criteria each, so about 120,000 Criteria rows); run it with
// -memprofile to see where a workbook's memory goes.
func BenchmarkXLSXWriter(b *testing.B) {
	const n = 10000
	results := make([]*scoring.Result, n)
	for i := range results {
		results[i] = generatedResult(i)
	}
	b.ReportAllocs()
	for b.Loop() {
		x, err := NewXLSX(io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		s := NewSummary(RunInfo{})
		for _, r := range results {
			s.Add(r)
			if err := x.Write(r); err != nil {
				b.Fatal(err)
			}
		}
		if err := x.Close(s); err != nil {
			b.Fatal(err)
		}
	}
}
