package cmd

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/iqa-cli/iqa/importers"
)

// progress shows bytes read of the total input size, conversations per
// second and time left, on stderr, only for people: when stderr is a
// terminal or --progress asks, never with --quiet.
type progress struct {
	bar           *progressbar.ProgressBar
	started       time.Time
	conversations atomic.Int64
}

func newProgress(io *IO, inputs []importers.Input, force, quiet bool) *progress {
	p := &progress{started: io.Now()}
	if quiet || !(io.ErrTTY || force) {
		return p
	}
	var total int64
	for _, in := range inputs {
		total += in.Size
	}
	if total == 0 {
		total = -1 // unknown (standard input): a spinner
	}
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(io.Err),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetDescription("scoring"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(200 * time.Millisecond),
		progressbar.OptionSetWidth(30),
	}
	if io.ErrTTY {
		// On a terminal the bar goes away when done; in a log its last
		// state stays as the record of the run.
		opts = append(opts, progressbar.OptionClearOnFinish())
	} else {
		opts = append(opts, progressbar.OptionOnCompletion(func() { fmt.Fprintln(io.Err) }))
	}
	p.bar = progressbar.NewOptions64(total, opts...)
	return p
}

func (p *progress) read(n int) {
	if p.bar != nil {
		p.bar.Add(n)
	}
}

func (p *progress) conversation() {
	n := p.conversations.Add(1)
	if p.bar != nil && n%500 == 0 {
		rate := float64(n) / time.Since(p.started).Seconds()
		p.bar.Describe(fmt.Sprintf("scoring %d conversations (%.0f/s)", n, rate))
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
