package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzRunRef: any run reference finds a run or says why not, one line,
// never a panic; any --db value is opened or refused with a message.
func FuzzRunRef(f *testing.F) {
	for _, seed := range []string{"latest", "latest~1", "latest~", "latest~-3", "latest~99999999999999999999", "abcdef", "ABCDEF0123", "abc", "zzzzzz", "", "abcdef0123456789abcdef", "%_", "' OR 1=1 --"} {
		f.Add(seed)
	}
	st, err := Open(context.Background(), filepath.Join(f.TempDir(), "fuzz.db"), OpenOptions{})
	if err != nil {
		f.Fatal(err)
	}
	defer st.Close()
	rec, err := st.Begin(context.Background())
	if err != nil {
		f.Fatal(err)
	}
	for _, r := range gen("f", 3, week0, 1) {
		rec.Add(r)
	}
	run, _, err := st.Record(context.Background(), rec)
	rec.Close()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		got, err := st.Run(context.Background(), ref)
		if err == nil {
			if got.ID != run.ID {
				t.Fatalf("ref %q found %q, the store holds only %q", ref, got.ID, run.ID)
			}
			return
		}
		if strings.Contains(err.Error(), "\n") {
			t.Fatalf("ref %q: a message of more than one line: %q", ref, err)
		}
		if errors.Is(err, ErrNoRun) && ref != "" && strings.HasPrefix(run.ID, strings.ToLower(ref)) {
			t.Fatalf("ref %q: not found, but it starts the id %s", ref, run.ID)
		}
		if _, _, _, err := source(ref, true); err != nil && err.Error() == "" {
			t.Fatalf("--db %q: an empty message", ref)
		}
	})
}
