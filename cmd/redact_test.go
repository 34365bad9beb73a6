package cmd

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/reports"
)

// The personal data in testdata/redact/pii.jsonl, as written there and as
// bare digits (a report might drop the separators).
var piiInTestdata = []string{
	"bob.miller@example.com", "maria_lopez+acme@mail.example.org",
	"4111 1111 1111 1111", "4111111111111111", "5500-0000-0000-0004", "5500000000000004", "3782 822463 10005", "378282246310005",
	"+44 20 7946 0958", "7946 0958", "(555) 123-4567", "555-123-4567", "987654321",
	// An agent and a customer named by their e-mail address and phone
	// number, in slug form too (a page's file name).
	"joyce.hale@example.com", "joyce", "+1 415 555 0199", "555 0199",
}

// TestRedactLeavesNoPersonalData runs every report and the coaching pages
// with --redact and looks for the testdata's e-mails, phone and card
// numbers in every file written, inside the Excel workbook too.
func TestRedactLeavesNoPersonalData(t *testing.T) {
	input, err := filepath.Abs("../testdata/redact/pii.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }
	runs := [][]string{
		{"score", input, "--redact", "--summary", "none", "--json", out("r.jsonl"), "--csv", out("r.csv"), "--junit", out("r.xml"),
			"--xlsx", out("r.xlsx"), "--html", out("r.html")},
		{"report", out("r.jsonl"), "--summary", "none", "--html", out("again.html")},
		{"coach", input, "--redact", "--min-conversations", "1", "-o", out("coach")},
		{"coach", input, "--redact", "--agent", "joyce.hale@example.com", "-o", out("one")},
	}
	for _, args := range runs {
		var stdout, stderr bytes.Buffer
		io := &IO{In: strings.NewReader(""), Out: &stdout, Err: &stderr, Now: func() time.Time { return time.Unix(0, 0) }}
		if code := Run(context.Background(), io, args); code != ExitOK {
			t.Fatalf("iqa %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
		}
	}
	// Without --redact the same data is there: the check can see it.
	var stdout bytes.Buffer
	plain := &IO{In: strings.NewReader(""), Out: &stdout, Err: io.Discard, Now: time.Now}
	if Run(context.Background(), plain, []string{"score", input, "--summary", "none", "--json", out("plain.jsonl"), "--html", out("plain.html")}) != ExitOK {
		t.Fatal("plain run failed")
	}
	if !strings.Contains(string(readAll(t, out("plain.jsonl"))), "bob.miller@example.com") ||
		!strings.Contains(string(readAll(t, out("plain.html"))), "4111 1111 1111 1111") {
		t.Fatal("without --redact the outputs lack the personal data; the check below would prove nothing")
	}
	os.Remove(out("plain.jsonl"))
	os.Remove(out("plain.html"))

	// The agent is known by a pseudonym, the same in every output.
	agent := reports.RedactName("joyce.hale@example.com", "agent")
	if !regexp.MustCompile(`^agent [0-9a-f]{8}$`).MatchString(agent) {
		t.Fatalf("pseudonym %q", agent)
	}
	for _, f := range []string{"r.jsonl", "r.csv", "r.xml", "r.html", "again.html", "coach/index.html", "one/index.html"} {
		if !strings.Contains(string(readAll(t, out(f))), agent) {
			t.Errorf("%s does not name the agent %q", f, agent)
		}
	}
	if _, err := os.Stat(out("one/" + reports.AgentFile(agent))); err != nil {
		t.Errorf("--agent with the real name under --redact: %v", err)
	}

	files := 0
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		for _, pii := range piiInTestdata {
			if strings.Contains(filepath.ToSlash(path[len(dir):]), pii) {
				t.Errorf("file name %s contains %q", path[len(dir):], pii)
			}
		}
		for name, text := range contents(t, path) {
			for _, pii := range piiInTestdata {
				if strings.Contains(text, pii) {
					t.Errorf("%s%s contains %q", filepath.Base(path), name, pii)
				}
			}
		}
		return nil
	})
	if files < 9 {
		t.Errorf("%d files checked, want every report and page", files)
	}
}

// contents returns a file's text, or each member's text for a zip (xlsx).
func contents(t *testing.T, path string) map[string]string {
	b := readAll(t, path)
	if !bytes.HasPrefix(b, []byte("PK")) {
		return map[string]string{"": string(b)}
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		out[":"+f.Name] = string(data)
	}
	return out
}

func readAll(t *testing.T, path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
