package scoring

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/transcript"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/scoring")

// TestGolden scores the native-format conversations of the importer
// fixtures with the default rubric and compares the results, one indented
// JSON document each, with testdata/scoring/native_*.golden.
//
// The inputs are the importers' own golden outputs
// (testdata/importers/native/*.golden): they are native JSON lines that
// decode into transcript.Conversation with encoding/json directly, while
// the raw *.jsonl fixtures hold deliberately loose input (numeric times,
// "2026-01-03 09:00:00", numbers in meta) that only the importer accepts.
// Comment lines (the importer's reject notes) are skipped.
func TestGolden(t *testing.T) {
	e := defaultEngine(t)
	inputs, err := filepath.Glob("../testdata/importers/native/*.golden")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".golden")
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			for _, c := range readNative(t, in) {
				res := e.Score(c)
				checkInvariants(t, res)
				b, err := json.MarshalIndent(res, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				out.Write(b)
				out.WriteByte('\n')
			}
			checkGolden(t, filepath.Join("../testdata/scoring", "native_"+strings.ReplaceAll(name, ".", "_")+".golden"), out.Bytes())
		})
	}
}

// readNative decodes the JSON lines of a native file.
func readNative(t testing.TB, path string) []*transcript.Conversation {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []*transcript.Conversation
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		var c transcript.Conversation
		if err := json.Unmarshal([]byte(text), &c); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		out = append(out, &c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./scoring -run TestGolden -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs; review with -update and git diff:\n%s", path, firstDiff(string(want), string(got)))
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n want %s\n got  %s", i+1, wl, gl)
		}
	}
	return ""
}
