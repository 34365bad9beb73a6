package rubrics

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzParse feeds the loader every testdata rubric, the builtins and the
// init template, mutated. Invariants: no panic; a failure is nothing but
// positioned Errors; a success has criteria with matching params and
// survives a Marshal round trip.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(testdataDir, "*.yaml"))
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, name := range BuiltinNames() {
		data, err := builtinFS.ReadFile("builtin/" + name + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(InitTemplate("fuzz"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse("f.yaml", data)
		if err != nil {
			if r != nil {
				t.Errorf("rubric returned with errors")
			}
			checkOnlyPositionedErrors(t, err)
			return
		}
		if len(r.Criteria) == 0 {
			t.Fatalf("rubric without criteria")
		}
		for _, c := range r.Criteria {
			if c.ID == "" || c.Params == nil || c.Params.Kind() != c.Kind || c.Pos.Line < 1 {
				t.Fatalf("criterion %+v", c)
			}
		}
		out, err := Marshal(r)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		back, err := Parse("f.yaml", out)
		if err != nil {
			t.Fatalf("Parse(Marshal(r)): %v\n%s", err, out)
		}
		if !reflect.DeepEqual(withoutOrigin(back), withoutOrigin(r)) {
			t.Fatalf("round trip changed the rubric\n%s", out)
		}
	})
}

// checkOnlyPositionedErrors fails unless err is one Error or a join of
// them, each with a file, a line and a message.
func checkOnlyPositionedErrors(t *testing.T, err error) {
	t.Helper()
	var walk func(error)
	walk = func(err error) {
		switch x := err.(type) {
		case Error:
			if x.File != "f.yaml" || x.Line < 1 || x.Column < 0 || x.Msg == "" {
				t.Fatalf("error without a position: %#v", x)
			}
		case interface{ Unwrap() []error }:
			if len(x.Unwrap()) == 0 {
				t.Fatalf("empty join")
			}
			for _, e := range x.Unwrap() {
				walk(e)
			}
		default:
			t.Fatalf("error is not a rubrics.Error: %T %v", err, err)
		}
	}
	walk(err)
	if len(Errors(err)) == 0 || errors.Unwrap(err) != nil {
		t.Fatalf("unexpected error shape: %v", err)
	}
}
