package scoring

import (
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/iqa-cli/iqa/rubrics"
	"github.com/iqa-cli/iqa/scoring/gen"
	"github.com/iqa-cli/iqa/transcript"
)

// loadRubric decodes a built-in rubric file for the tests. It stands in
// for rubrics.Load (written in parallel): common keys decode into
// Criterion, the kind's keys into its Params, and "60s"-style durations
// are turned into nanoseconds first because rubrics.Duration has no YAML
// decoder here. Once rubrics.Builtin exists, the tests should use it.
func loadRubric(t testing.TB, path string) *rubrics.Rubric {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	durationsToNanos(&doc)
	var r rubrics.Rubric
	if err := doc.Decode(&r); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var raw struct {
		Criteria []yaml.Node `yaml:"criteria"`
	}
	if err := doc.Decode(&raw); err != nil {
		t.Fatal(err)
	}
	for i := range raw.Criteria {
		c := &r.Criteria[i]
		p := rubrics.NewParams(c.Kind)
		if p == nil {
			t.Fatalf("%s: criterion %q: unknown kind %q", path, c.ID, c.Kind)
		}
		if err := raw.Criteria[i].Decode(p); err != nil {
			t.Fatalf("%s: criterion %q: %v", path, c.ID, err)
		}
		if unknown := unknownKeys(&raw.Criteria[i], p); len(unknown) > 0 {
			t.Fatalf("%s: criterion %q: unknown keys %v", path, c.ID, unknown)
		}
		c.Params = p
	}
	r.Source, r.Hash = "builtin:"+strings.TrimSuffix(path[strings.LastIndex(path, "/")+1:], ".yaml"), "test"
	return &r
}

var reDuration = regexp.MustCompile(`^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$`)

func durationsToNanos(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && n.Style == 0 && reDuration.MatchString(n.Value) {
		if d, err := time.ParseDuration(n.Value); err == nil {
			n.Value, n.Tag = strconv.FormatInt(int64(d), 10), "!!int"
		}
	}
	for _, c := range n.Content {
		durationsToNanos(c)
	}
}

// unknownKeys lists a criterion's keys that are neither common keys nor
// the kind's.
func unknownKeys(n *yaml.Node, p rubrics.Params) []string {
	known := map[string]bool{}
	for _, typ := range []reflect.Type{reflect.TypeOf(rubrics.Criterion{}), reflect.TypeOf(p).Elem()} {
		for i := 0; i < typ.NumField(); i++ {
			name, _, _ := strings.Cut(typ.Field(i).Tag.Get("yaml"), ",")
			known[name] = true
		}
	}
	var out []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i].Value; !known[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func defaultEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := New(loadRubric(t, "../rubrics/builtin/default.yaml"))
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
	for _, name := range []string{"default", "chatbot"} {
		t.Run(name, func(t *testing.T) {
			r := loadRubric(t, "../rubrics/builtin/"+name+".yaml")
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
