package scoring

import (
	"testing"

	"github.com/iqa-cli/iqa/rubrics"
	"github.com/iqa-cli/iqa/scoring/gen"
	"github.com/iqa-cli/iqa/transcript"
)

// builtin loads a built-in rubric through the real loader.
func builtin(t testing.TB, name string) *rubrics.Rubric {
	t.Helper()
	r, err := rubrics.Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// defaultEngine compiles the default rubric, its hash frozen so that
// golden results change only when scores do.
func defaultEngine(t testing.TB) *Engine {
	t.Helper()
	r := builtin(t, "default")
	r.Hash = "test"
	e, err := New(r)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// generated returns n conversations from the generator's seed 1.
func generated(n int) []*transcript.Conversation {
	g := gen.New(1)
	out := make([]*transcript.Conversation, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}

func TestBuiltinRubricsCompile(t *testing.T) {
	for _, name := range rubrics.BuiltinNames() {
		t.Run(name, func(t *testing.T) {
			r := builtin(t, name)
			if _, err := New(r); err != nil {
				t.Fatal(err)
			}
			sections := map[string]bool{}
			for _, s := range r.Sections {
				sections[s.ID] = true
			}
			for _, c := range r.Criteria {
				if c.Name == "" || c.Coaching == "" || c.Weight <= 0 || !sections[c.Section] {
					t.Errorf("criterion %q lacks a name, coaching, weight or known section", c.ID)
				}
			}
		})
	}
}
