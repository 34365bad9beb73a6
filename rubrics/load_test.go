package rubrics

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	// Tests load time zones; keep them independent of the system's tzdata.
	_ "time/tzdata"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/rubrics")

const testdataDir = "../testdata/rubrics"

// checkGolden compares got with the golden file, or rewrites it under
// -update.
func checkGolden(t *testing.T, golden string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./rubrics -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test ./rubrics -update and review the diff)\n got:\n%s\nwant:\n%s", golden, got, want)
	}
}

// TestTenMistakes loads a rubric with a dozen different mistakes and checks
// every one comes back, in file order, with its exact line, column and
// message.
func TestTenMistakes(t *testing.T) {
	path := filepath.Join(testdataDir, "ten-mistakes.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Parse("ten-mistakes.yaml", data)
	if r != nil {
		t.Errorf("Parse returned a rubric as well as errors")
	}
	errs := Errors(err)
	if len(errs) < 10 {
		t.Errorf("got %d errors, want at least 10:\n%v", len(errs), err)
	}
	var got bytes.Buffer
	for _, e := range errs {
		if e.File != "ten-mistakes.yaml" || e.Line < 1 || e.Column < 1 || e.Msg == "" {
			t.Errorf("error without a full position or message: %#v", e)
		}
		got.WriteString(e.Error() + "\n")
	}
	if got.String() != err.Error()+"\n" {
		t.Errorf("Errors(err) does not match err.Error():\n%s\n%s", got.String(), err)
	}
	checkGolden(t, path+".golden", got.Bytes())

	// Load names the file by the path it was given.
	if _, err := Load(path); err == nil || !strings.HasPrefix(err.Error(), path+":5:13: ") {
		t.Errorf("Load error does not start with the path and position: %v", err)
	}
}

// validFiles are the testdata rubrics that must load without error.
func validFiles(t testing.TB) []string {
	files, err := filepath.Glob(filepath.Join(testdataDir, "valid-*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no valid-*.yaml in %s: %v", testdataDir, err)
	}
	return files
}

func TestLoadValidFiles(t *testing.T) {
	for _, path := range validFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			r, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if r.Source != path || len(r.Hash) != 12 || len(r.Criteria) == 0 {
				t.Errorf("Source %q, Hash %q, %d criteria", r.Source, r.Hash, len(r.Criteria))
			}
			for _, c := range r.Criteria {
				if c.Params == nil || c.Params.Kind() != c.Kind || c.Pos.Line < 1 || c.Pos.File != path {
					t.Errorf("criterion %q: params %T, pos %+v", c.ID, c.Params, c.Pos)
				}
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if err == nil || !os.IsNotExist(err) {
		t.Errorf("Load of a missing file: %v, want a not-exist error", err)
	}
}

func TestLoadTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(path, bytes.Repeat([]byte("#\n"), maxFileSize/2+1), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if errs := Errors(err); len(errs) != 1 || !strings.Contains(errs[0].Msg, "larger than") {
		t.Errorf("Load of a huge file: %v", err)
	}
}
