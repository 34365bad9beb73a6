package survey

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var located = regexp.MustCompile(`^[^:]+(:[0-9]+)?: `)

// FuzzRead: no input panics, and every error is one line that starts with
// the file's name.
func FuzzRead(f *testing.F) {
	names, _ := filepath.Glob("testdata/*.*")
	for _, n := range names {
		if data, err := os.ReadFile(n); err == nil && !strings.HasSuffix(n, ".md") {
			f.Add(data)
		}
	}
	details, err := os.ReadFile("testdata/surveymonkey-details.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := Read([]File{{Name: "details.json", Data: details}, {Name: "in", Data: data}}, Options{})
		if err != nil {
			if msg := err.Error(); strings.Contains(msg, "\n") || (!located.MatchString(msg) && !strings.HasPrefix(msg, "no survey responses")) {
				t.Fatalf("error %q is not one line naming the file", msg)
			}
			return
		}
		for _, r := range set.Responses {
			if r.CSAT != nil && (*r.CSAT < 1 || *r.CSAT > 5) {
				t.Fatalf("CSAT %v off the 1-5 scale", *r.CSAT)
			}
			if r.NPS != nil && (*r.NPS < 0 || *r.NPS > 10) {
				t.Fatalf("NPS %v off 0-10", *r.NPS)
			}
		}
	})
}
