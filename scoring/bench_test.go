package scoring

import (
	"runtime"
	"syscall"
	"testing"
	"time"
)

// threadCPU is the CPU time of the calling OS thread. On a shared machine
// wall time measures the neighbours too; CPU time measures the code.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1, &ru); err != nil { // RUSAGE_THREAD (Linux)
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkEngineScore scores generated conversations with the default
// rubric on one goroutine and reports conversations per second of wall
// time and CPU microseconds per conversation of this thread (garbage
// collection on other threads not included).
func BenchmarkEngineScore(b *testing.B) {
	e := defaultEngine(b)
	convs := generated(1000)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := threadCPU()
	for i := 0; i < b.N; i++ {
		e.Score(convs[i%len(convs)])
	}
	cpu = threadCPU() - cpu
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "conv/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/conv")
}

// BenchmarkEngineScoreParallel is the same across GOMAXPROCS goroutines.
func BenchmarkEngineScoreParallel(b *testing.B) {
	e := defaultEngine(b)
	convs := generated(1000)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			e.Score(convs[i%len(convs)])
			i++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "conv/s")
}

// BenchmarkParts times the analysis and each check of the default rubric
// on its own.
func BenchmarkParts(b *testing.B) {
	e := defaultEngine(b)
	convs := generated(1000)
	as := make([]*Analysis, len(convs))
	for i, c := range convs {
		as[i] = e.analyse(c)
	}
	b.Run("analyse (includes sentiment-analyzer and sentence-split)", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			e.analyse(convs[i%len(convs)]).release()
		}
	})
	b.Run("sentiment-analyzer", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for _, m := range convs[i%len(convs)].Messages {
				e.sentiment.Score(m.Text)
			}
		}
	})
	b.Run("sentence-split", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			a := as[i%len(as)]
			for _, k := range a.Responder {
				splitSentences(a.Conv.Messages[k].Text)
			}
		}
	})
	for j, ch := range e.checks {
		b.Run(e.rubric.Criteria[j].ID, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				ch.run(as[i%len(as)])
			}
		})
	}
}
