package importers

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/transcript"
)

// writeZip makes an archive of name → content in dir.
func writeZip(t *testing.T, dir string, files map[string]string, method uint16) string {
	t.Helper()
	p := filepath.Join(dir, "export.zip")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	// Written out of name order, to check that members are read in it.
	for i := len(names) - 1; i >= 0; i-- {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: names[i], Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[names[i]]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func gzipped(t *testing.T, s string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

const zipCSV = "conversation_id,role,text\nc1,customer,hello\nc1,agent,hi there\n"

func TestZipMembersAreInputsInNameOrder(t *testing.T) {
	dir := t.TempDir()
	p := writeZip(t, dir, map[string]string{
		"b/second.csv":       strings.ReplaceAll(zipCSV, "c1", "c2"),
		"a/first.csv":        zipCSV,
		"__MACOSX/a/._first": "\x00\x05\x16\x07junk",
		".hidden/third.csv":  zipCSV,
		"a/.DS_Store":        "\x00\x00\x00\x01Bud1",
		"folder/":            "",
		"README.txt":         "exported by the helpdesk",
		"gz/inner.csv.gz":    gzipped(t, strings.ReplaceAll(zipCSV, "c1", "c3")),
	}, zip.Deflate)
	inputs, err := Expand([]string{p})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, in := range inputs {
		names = append(names, strings.TrimPrefix(in.Name, p+"/"))
		if !in.Found {
			t.Errorf("%s: a member should be skipped, not fatal, when of no known format", in.Name)
		}
	}
	want := "README.txt a/first.csv b/second.csv gz/inner.csv.gz"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("members = %s, want %s", got, want)
	}
	var ids []string
	var warnings []string
	im := Importer{OnWarn: func(w Warning) { warnings = append(warnings, w.String()) }}
	stats, err := im.Run(context.Background(), inputs, func(c *transcript.Conversation) error {
		ids = append(ids, c.ID+"@"+strings.TrimPrefix(c.Source.File, p+"/"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ids, " "); got != "c1@a/first.csv c2@b/second.csv c3@gz/inner.csv.gz" {
		t.Errorf("conversations = %s", got)
	}
	if stats.Skipped != 1 { // README.txt
		t.Errorf("skipped %d, want 1 (%v)", stats.Skipped, warnings)
	}
}

func TestZipStoredAndFolderOfZips(t *testing.T) {
	dir := t.TempDir()
	writeZip(t, dir, map[string]string{"x.csv": zipCSV}, zip.Store)
	inputs, err := Expand([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) != 1 || !strings.HasSuffix(inputs[0].Name, "export.zip/x.csv") {
		t.Fatalf("inputs = %+v", inputs)
	}
	n := 0
	im := Importer{}
	if _, err := im.Run(context.Background(), inputs, func(*transcript.Conversation) error { n++; return nil }); err != nil || n != 1 {
		t.Fatalf("n=%d err=%v", n, err)
	}
}

func TestZipBombIsRefused(t *testing.T) {
	defer func(floor, total uint64) { zipRatioFloor, maxZipBytes = floor, total }(zipRatioFloor, maxZipBytes)
	zipRatioFloor = 1 << 10
	p := writeZip(t, t.TempDir(), map[string]string{"zeros.csv": zipCSV + strings.Repeat("c1,agent,"+strings.Repeat("0", 1000)+"\n", 500)}, zip.Deflate)
	if _, err := Expand([]string{p}); err == nil || !strings.Contains(err.Error(), "zip bomb") {
		t.Errorf("err = %v, want a zip bomb refused", err)
	}
	zipRatioFloor, maxZipBytes = 1<<40, 1<<10
	if _, err := Expand([]string{p}); err == nil || !strings.Contains(err.Error(), "unpacks to more than") {
		t.Errorf("err = %v, want the total bound", err)
	}
}

func TestZipCorruptIsOneError(t *testing.T) {
	p := filepath.Join(t.TempDir(), "broken.zip")
	os.WriteFile(p, []byte("PK\x03\x04 this is not really a zip"), 0o600)
	_, err := Expand([]string{p})
	if err == nil || !strings.Contains(err.Error(), "broken.zip: not a readable zip archive") {
		t.Errorf("err = %v", err)
	}
}
