package importers

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/transcript"
)

// seedFromTestdata adds every input in testdata/importers/<dir> to the
// fuzz corpus.
func seedFromTestdata(f *testing.F, dir string) {
	files, _ := filepath.Glob(filepath.Join(goldenRoot, dir, "*"))
	for _, path := range files {
		if ext := filepath.Ext(path); ext == ".golden" || ext == ".flags" {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// checkDecode runs format over data as a forced format and checks the
// invariants every decoder keeps on any input: no panic, every reject
// located, every conversation with an id and a message with text.
func checkDecode(t *testing.T, format Format, data []byte) {
	checkDecodeNamed(t, format, "input", data)
}

// checkDecodeNamed decodes data saved under name (formats that detect by
// file name need theirs) and checks every conversation and rejection it
// gives; it returns how many conversations there were.
func checkDecodeNamed(t *testing.T, format Format, name string, data []byte) int {
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	im := Importer{
		Opts: Options{Format: format.Name(), Agent: "Ana", AgentDomains: []string{"example.com"}},
		OnReject: func(r Reject) {
			if r.Where.File != path || (r.Where.Line <= 0 && r.Where.Record <= 0) || r.Reason == "" {
				t.Errorf("reject without a location or reason: %+v", r)
			}
		},
	}
	n := 0
	_, _ = im.Run(context.Background(), []Input{{Name: path}}, func(c *transcript.Conversation) error {
		n++
		if c.ID == "" || len(c.Messages) == 0 {
			t.Errorf("conversation without id or messages: %+v", c)
		}
		if !slices.ContainsFunc(c.Messages, func(m transcript.Message) bool { return strings.TrimSpace(m.Text) != "" }) {
			t.Errorf("conversation %q has no message with text: %+v", c.ID, c.Messages)
		}
		return nil
	})
	return n
}

func FuzzNative(f *testing.F) {
	seedFromTestdata(f, "native")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, Native{}, data) })
}
