package importers

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/transcript"
)

// importResult is what a test sees of an import.
type importResult struct {
	convs    []*transcript.Conversation
	rejects  []string
	warnings []string
	err      error
}

func importString(t testing.TB, name, data string, opts Options) importResult {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	var res importResult
	im := Importer{
		Opts:     opts,
		OnReject: func(r Reject) { res.rejects = append(res.rejects, strings.TrimPrefix(r.String(), path)) },
		OnWarn:   func(w Warning) { res.warnings = append(res.warnings, w.Message) },
	}
	_, res.err = im.Run(context.Background(), []Input{{Name: path}}, func(c *transcript.Conversation) error {
		res.convs = append(res.convs, c)
		return nil
	})
	if res.err != nil {
		res.err = fmt.Errorf("%s", strings.ReplaceAll(res.err.Error(), path, name))
	}
	return res
}
