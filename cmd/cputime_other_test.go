//go:build !unix

package cmd

import "time"

func processCPU() (time.Duration, bool) { return 0, false }
