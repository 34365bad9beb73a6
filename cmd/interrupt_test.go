package cmd

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Ctrl-C while iqa waits for input ends the run with exit code 130 and
// leaves no report file, not even a temporary one.
func TestInterruptLeavesNoOutput(t *testing.T) {
	dir := t.TempDir()
	spools := t.TempDir()
	t.Setenv("TMPDIR", spools) // where writers spool (JUnit, Excel)
	stdinR, stdinW := io.Pipe()
	defer stdinW.Close()
	go func() {
		stdinW.Write([]byte(`{"id":"a1","messages":[{"role":"customer","text":"hello"}]}` + "\n"))
	}()
	var stderr bytes.Buffer
	iox := &IO{In: stdinR, Out: io.Discard, Err: &stderr, Now: time.Now}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)

	out := filepath.Join(dir, "results.jsonl")
	code := Run(ctx, iox, []string{"score", "-", "--json", out, "--csv", filepath.Join(dir, "results.csv"),
		"--junit", filepath.Join(dir, "junit.xml"), "--xlsx", filepath.Join(dir, "report.xlsx")})

	if code != ExitInterrupted {
		t.Fatalf("exit code %d, want %d; stderr: %s", code, ExitInterrupted, stderr.String())
	}
	if got := stderr.String(); got != "iqa: interrupted; no output file was written\n" {
		t.Errorf("stderr = %q", got)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("left behind: %s", e.Name())
	}
	if left, _ := os.ReadDir(spools); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}
