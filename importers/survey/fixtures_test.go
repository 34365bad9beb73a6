package survey

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// The conversation importers' fixtures and the shared samples are not
// survey exports: iqa would otherwise tell a user to pass them with
// --surveys.
func TestNoConversationFixtureIsASurvey(t *testing.T) {
	read := 0
	for _, root := range []string{"../testdata", "../../testdata"} {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			read++
			if k := Kind(data); k != "" {
				t.Errorf("%s is taken for a survey export (%s)", p, k)
			}
			return nil
		})
	}
	if read < 20 {
		t.Fatalf("read only %d fixtures; are the testdata folders where they were?", read)
	}
}
