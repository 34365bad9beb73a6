package cmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// The exit codes, documented in `iqa --help` and the README.
const (
	ExitOK          = 0   // success
	ExitGateFailed  = 1   // a quality gate failed
	ExitBadInput    = 2   // bad usage, a bad rubric, unreadable input, or a rejection under --strict
	ExitInterrupted = 130 // stopped by Ctrl-C (SIGINT) or SIGTERM
)

const exitCodeHelp = `Exit codes:
  0    success
  1    a quality gate failed (--fail-under, --max-fail-rate, --fail-on-critical; with
       any of them or --unanswered fail, a conversation no agent answered, unless
       --unanswered skip)
  2    bad usage, a bad rubric, unreadable input, or any rejected record under --strict
  130  interrupted (Ctrl-C); no partial output file is left behind`

// noGateExitCodes are the exit codes of commands without quality gates,
// which never exit 1.
const noGateExitCodes = `Exit codes:
  0    success
  2    bad usage, a bad rubric, unreadable input, or any rejected record under --strict
  130  interrupted (Ctrl-C); no partial output file is left behind`

// Main runs iqa with the process's arguments and streams, and returns the
// exit code. It is the only place that knows about the process.
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Run(ctx, SystemIO(), os.Args[1:])
}

// Run runs iqa with args and returns the exit code; errors are printed on
// io.Err in iqa's one voice.
func Run(ctx context.Context, io *IO, args []string) int {
	root := newRootCmd(io)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		fmt.Fprintln(io.Err, "iqa: interrupted; no output file was written")
		return ExitInterrupted
	}
	err = unknownCommand(err)
	var ee *exitError
	if errors.As(err, &ee) && ee.silent {
		return ee.code
	}
	printError(io, err)
	if errors.As(err, &ee) {
		return ee.code
	}
	return ExitBadInput
}

func printError(io *IO, err error) {
	msg := strings.TrimSpace(err.Error())
	for _, line := range strings.Split(msg, "\n") {
		if strings.TrimSpace(line) != "" { // no bare "iqa:" lines
			fmt.Fprintf(io.Err, "iqa: %s\n", line)
		}
	}
	var h interface{ Hint() string }
	if errors.As(err, &h) && h.Hint() != "" {
		fmt.Fprintf(io.Err, "iqa: hint: %s\n", h.Hint())
	}
}

// exitError carries an exit code, and a hint saying what to do next.
type exitError struct {
	code   int
	err    error
	hint   string
	silent bool // already reported
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }
func (e *exitError) Hint() string  { return e.hint }

// usageError is bad usage: exit 2 with a hint.
func usageError(hint string, format string, args ...any) error {
	return &exitError{code: ExitBadInput, err: fmt.Errorf(format, args...), hint: hint}
}

// gateFailed is exit 1: the report was written, a gate said no.
func gateFailed(err error) error { return &exitError{code: ExitGateFailed, err: err} }
