package rubrics

import (
	"reflect"
	"strings"
	"testing"
)

func TestInitTemplateParses(t *testing.T) {
	for _, name := range []string{"support", "", `tricky: "name" # with yaml in it`} {
		data := InitTemplate(name)
		r, err := Parse("template.yaml", data)
		if err != nil {
			t.Fatalf("InitTemplate(%q) does not parse: %v\n%s", name, err, data)
		}
		want := name
		if want == "" {
			want = "my-rubric"
		}
		if r.Name != want {
			t.Errorf("template name = %q, want %q", r.Name, want)
		}
		seen := map[Kind]bool{}
		for _, c := range r.Criteria {
			seen[c.Kind] = true
		}
		for _, k := range Kinds {
			if !seen[k] {
				t.Errorf("template has no %s criterion", k)
			}
		}
	}
}

// TestInitTemplateExplainsEveryKey makes sure a key added to the schema is
// explained in the template: every kind key and common key has a comment.
func TestInitTemplateExplainsEveryKey(t *testing.T) {
	data := string(InitTemplate("x"))
	for _, f := range criterionFields {
		if _, ok := keyDocs["criterion."+f.key]; !ok && f.key != "id" {
			t.Errorf("keyDocs has no criterion.%s", f.key)
		}
	}
	for _, k := range Kinds {
		if _, ok := keyDocs[string(k)]; !ok {
			t.Errorf("keyDocs has no entry for kind %s", k)
		}
		for _, f := range paramFields(k) {
			_, ok := keyDocs[string(k)+"."+f.key]
			if !ok && !strings.Contains(keyDocs[string(k)], f.key+":") {
				t.Errorf("keyDocs explains neither %s.%s nor mentions %s: in the kind's entry", k, f.key, f.key)
			}
		}
	}
	for key, doc := range keyDocs {
		for _, line := range strings.Split(doc, "\n") {
			if len(line) > 110 {
				t.Errorf("keyDocs[%q] has a line over 110 characters: %q", key, line)
			}
		}
	}
	if !strings.Contains(data, "# business_hours: {days:") && !strings.Contains(data, "# business_hours:") {
		t.Errorf("template does not show business_hours")
	}
}

// TestKindKeysDistinct pins what the flat criterion layout relies on: no
// kind key is also a common key, and no two kinds share a key (so a key
// names its kind in error messages).
func TestKindKeysDistinct(t *testing.T) {
	owner := map[string]Kind{}
	for _, k := range Kinds {
		for _, f := range paramFields(k) {
			if _, common := findField(criterionFields, f.key); common {
				t.Errorf("kind %s key %q is also a common criterion key", k, f.key)
			}
			if o, ok := owner[f.key]; ok {
				t.Errorf("key %q belongs to both %s and %s", f.key, o, k)
			}
			owner[f.key] = k
		}
		if NewParams(k) == nil || NewParams(k).Kind() != k {
			t.Errorf("NewParams(%s) = %T", k, NewParams(k))
		}
	}
	// Every field of every params type must be a type the decoder reads.
	for _, k := range Kinds {
		v := reflect.ValueOf(NewParams(k)).Elem()
		if _, err := encodeStruct(v); err != nil {
			t.Errorf("kind %s: %v", k, err)
		}
	}
}
