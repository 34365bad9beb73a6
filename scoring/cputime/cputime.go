// Package cputime measures the CPU time of the process, for benchmarks:
// on a shared, busy machine it measures the work a benchmark did better
// than the wall clock does.
package cputime

import "time"

// Process is the CPU time used by the process so far, every goroutine and
// the garbage collector included; false where it cannot be read.
func Process() (time.Duration, bool) { return process() }
