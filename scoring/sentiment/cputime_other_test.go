//go:build !unix

package sentiment

import "time"

func processCPU() (time.Duration, bool) { return 0, false }
