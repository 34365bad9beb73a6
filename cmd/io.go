package cmd

import (
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// IO is what a command reads, writes and asks the time of; tests replace
// all of it.
type IO struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// OutTTY and ErrTTY say whether Out and Err are terminals: people get
	// aligned tables and a progress bar, machines get plain stable text.
	OutTTY bool
	ErrTTY bool
	Now    func() time.Time
}

// SystemIO is the process's own standard streams.
func SystemIO() *IO {
	return &IO{
		In:     os.Stdin,
		Out:    os.Stdout,
		Err:    os.Stderr,
		OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		Now:    time.Now,
	}
}

// count says how many of a thing, singular or plural as the number needs:
// "1 record rejected", "2 records rejected", not "record(s)".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
