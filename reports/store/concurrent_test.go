package store

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/iqa-cli/iqa/scoring"
)

// shardRun is shard i of 4 of one generated run, as `score --shard` makes.
func shardRun(i int) (Run, []*scoring.Result) {
	var mine []*scoring.Result
	for j, r := range gen("s", 800, week0, 9) {
		if j%4 == i {
			mine = append(mine, r)
		}
	}
	run := baseRun("corpus/")
	run.Shard = fmt.Sprintf("%d/4", i+1)
	return run, mine
}

// TestHelperRecord is a writer process of TestFourWritersAtOnce; it does
// nothing in a normal test run.
func TestHelperRecord(t *testing.T) {
	url, shard := os.Getenv("IQA_STORE_HELPER_URL"), os.Getenv("IQA_STORE_HELPER_SHARD")
	if url == "" {
		t.Skip("a helper process of TestFourWritersAtOnce")
	}
	i, _ := strconv.Atoi(shard)
	st := open(t, url)
	run, results := shardRun(i)
	_, added := record(t, st, run, results)
	// Every writer also records one same run: only one may add it.
	_, sameAdded := record(t, st, baseRun("same"), gen("same", 200, week0, 1))
	fmt.Printf("helper: shard %v same %v\n", added, sameAdded)
}

func TestFourWritersAtOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		open(t, url).Close() // a store that exists, migrated
		t.Run("processes", func(t *testing.T) {
			var wg sync.WaitGroup
			outs := make([]string, 4)
			errs := make([]error, 4)
			for i := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					cmd := exec.Command(os.Args[0], "-test.run=^TestHelperRecord$", "-test.count=1")
					cmd.Env = append(os.Environ(), "IQA_STORE_HELPER_URL="+url, "IQA_STORE_HELPER_SHARD="+strconv.Itoa(i))
					out, err := cmd.CombinedOutput()
					outs[i], errs[i] = string(out), err
				}()
			}
			wg.Wait()
			sameAdded := 0
			for i := range 4 {
				if errs[i] != nil || !strings.Contains(outs[i], "helper: shard true") {
					t.Fatalf("writer %d: %v\n%s", i, errs[i], outs[i])
				}
				if strings.Contains(outs[i], "same true") {
					sameAdded++
				}
			}
			if sameAdded != 1 {
				t.Fatalf("one run recorded by four writers at once was added %d times", sameAdded)
			}
			checkShards(t, open(t, url), 5)
		})
		t.Run("goroutines", func(t *testing.T) {
			st := open(t, url) // one handle, shared: database/sql's pool
			var wg sync.WaitGroup
			added := make([]bool, 4)
			errs := make([]error, 4)
			for i := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					run, results := shardRun(i)
					run.Inputs = []string{"again/"}
					rec := recording(t, st, run, results)
					_, added[i], errs[i] = st.Record(context.Background(), rec)
				}()
			}
			wg.Wait()
			for i := range 4 {
				if errs[i] != nil || !added[i] {
					t.Fatalf("writer %d: added %v, %v", i, added[i], errs[i])
				}
			}
			checkShards(t, st, 9)
		})
	})
}

// checkShards checks that the store holds wantRuns runs, each complete,
// and every shard's conversations exactly once per run.
func checkShards(t *testing.T, st Store, wantRuns int) {
	t.Helper()
	runs, err := st.Runs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != wantRuns {
		t.Fatalf("%d runs in the store, want %d", len(runs), wantRuns)
	}
	seen := map[string]int{}
	for _, run := range runs {
		results := readAll(t, st, run.ID)
		if len(results) != run.Conversations {
			t.Fatalf("run %s has %d results, says %d", run.ID, len(results), run.Conversations)
		}
		if run.Shard == "" {
			continue
		}
		for _, r := range results {
			seen[run.Inputs[0]+" "+r.ID]++
		}
	}
	for _, inputs := range []string{"corpus/", "again/"} {
		n := 0
		for k, c := range seen {
			if strings.HasPrefix(k, inputs) {
				n++
				if c != 1 {
					t.Fatalf("%s recorded %d times", k, c)
				}
			}
		}
		if n != 0 && n != 800 {
			t.Fatalf("%d of 800 conversations of %s recorded", n, inputs)
		}
	}
}
