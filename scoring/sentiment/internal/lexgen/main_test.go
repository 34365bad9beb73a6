package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratedUpToDate fails when vader.tsv no longer matches what go generate would write.
func TestGeneratedUpToDate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "vader.tsv")
	if err := run("../../data/vaderLexicon.txt", "../../data/emojiUTF8Lexicon.txt", out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../vader.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("vader.tsv is stale: run go generate ./scoring/sentiment")
	}
}
