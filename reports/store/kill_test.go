package store

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestHelperRecordForever is the writer TestAKilledWriterLeavesTheStoreWhole
// kills: it records run after run until it is killed.
func TestHelperRecordForever(t *testing.T) {
	url := os.Getenv("IQA_STORE_KILL_URL")
	if url == "" {
		t.Skip("a helper process of TestAKilledWriterLeavesTheStoreWhole")
	}
	st := open(t, url)
	for i := 0; ; i++ {
		record(t, st, baseRun(fmt.Sprintf("run-%d", i)), gen("kill", 1000, week0, i))
		fmt.Println("recorded", i)
	}
}

// A writer killed (SIGKILL) at whatever point it reached leaves only
// whole runs: every run has all its results and criteria, and no result
// is without its run. Recording again afterwards works.
func TestAKilledWriterLeavesTheStoreWhole(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		open(t, url).Close()
		for _, after := range []time.Duration{200 * time.Millisecond, 700 * time.Millisecond, 1500 * time.Millisecond} {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperRecordForever$", "-test.count=1")
			cmd.Env = append(os.Environ(), "IQA_STORE_KILL_URL="+url)
			var out strings.Builder
			cmd.Stdout = &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(after)
			cmd.Process.Kill()
			cmd.Wait()
			checkWhole(t, url)
		}
		st := open(t, url)
		if _, added := record(t, st, baseRun("after"), gen("after", 50, week0, 1)); !added {
			t.Fatal("recording after the kills added nothing")
		}
		checkWhole(t, url)
	})
}

func checkWhole(t *testing.T, url string) {
	t.Helper()
	db, _ := schemaOf(t, url)
	var orphans, badRuns, runs int
	q := func(query string, dst *int) {
		if err := db.QueryRowContext(context.Background(), query).Scan(dst); err != nil {
			t.Fatal(err)
		}
	}
	q(`SELECT COUNT(*) FROM runs`, &runs)
	q(`SELECT COUNT(*) FROM results r WHERE NOT EXISTS (SELECT 1 FROM runs u WHERE u.seq = r.run_seq)`, &orphans)
	q(`SELECT COUNT(*) FROM runs u WHERE u.conversations <> (SELECT COUNT(*) FROM results r WHERE r.run_seq = u.seq)
		OR 3 * u.conversations <> (SELECT COUNT(*) FROM criteria c WHERE c.run_seq = u.seq)`, &badRuns)
	t.Logf("after a kill: %d whole runs", runs)
	if orphans != 0 || badRuns != 0 {
		t.Fatalf("after a kill: %d results without their run, %d runs not whole (of %d)", orphans, badRuns, runs)
	}
}
