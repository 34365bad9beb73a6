package importers

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestScalarStringReadsStringsAsEncodingJSON: the fast path for strings
// without escapes gives what json.Unmarshal gives.
func TestScalarStringReadsStringsAsEncodingJSON(t *testing.T) {
	for _, s := range []string{
		`""`, `"2026-01-02T03:04:05Z"`, `"  padded\t"`, `"\u00a0nbsp\u00a0"`, "\"\u00a0raw nbsp\u2003\"", `"esc\"aped"`,
		`"\\u00e9"`, "\"bad \xff utf-8\"", "\"日本\"", `"\n"`, `" "`,
	} {
		var want string
		if err := json.Unmarshal([]byte(s), &want); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		got, err := scalarString([]byte(s))
		if err != nil || got != strings.TrimSpace(want) {
			t.Errorf("scalarString(%s) = %q, %v; want %q", s, got, err, strings.TrimSpace(want))
		}
	}
}
