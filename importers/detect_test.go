package importers

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDetectClaimsOnlyItsOwnFixtures runs every format's Detect on every
// fixture: besides the format the fixture belongs to, only the generic
// readers tried after it (json-records, csv) may claim it. The golden test
// only sees the first format that claims a file; this one sees them all, so
// a format that would steal another's files if the order changed is caught.
func TestDetectClaimsOnlyItsOwnFixtures(t *testing.T) {
	generic := map[string]bool{"json-records": true, "csv": true}
	files, err := filepath.Glob(filepath.Join(goldenRoot, "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		ext := filepath.Ext(path)
		if ext == ".golden" || ext == ".flags" {
			continue
		}
		if flags, err := os.ReadFile(path + ".flags"); err == nil && strings.Contains(string(flags), "format=") {
			continue // read with --format, not detected
		}
		if info, err := os.Stat(path); err != nil || info.IsDir() {
			continue // a folder fixture's files are a group, checked by TestGoldenFolders
		}
		owner := filepath.Base(filepath.Dir(path))
		head := detectHead(t, path)
		name := strings.TrimSuffix(filepath.Base(path), ".gz")
		for _, f := range Formats() {
			if f.Name() == owner || generic[f.Name()] || !f.Detect(head, name) {
				continue
			}
			t.Errorf("%s/%s: %s's Detect claims it too", owner, filepath.Base(path), f.Name())
		}
	}
}

// detectHead reads a file's first HeadSize bytes as UTF-8, the way the
// importer hands them to Detect.
func detectHead(t *testing.T, path string) []byte {
	t.Helper()
	r, closer, err := openText(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	head := make([]byte, HeadSize)
	n, _ := io.ReadFull(r, head)
	return head[:n]
}

// TestDetectLeavesOtherExportsAlone: exports of the same platforms that are
// not conversations (users, contacts, ticket lists without comments), and
// other tools' files, are claimed by no platform format.
func TestDetectLeavesOtherExportsAlone(t *testing.T) {
	generic := map[string]bool{"json-records": true, "csv": true}
	inputs := map[string]string{
		"zendesk users":          `{"users":[{"id":1,"name":"Ana","email":"ana@example.com","role":"agent","created_at":"2026-01-01T00:00:00Z"}],"next_page":null,"count":1}`,
		"intercom contacts":      `{"type":"list","data":[{"type":"contact","id":"65f","role":"user","email":"a@example.com","created_at":1772784000}],"total_count":1}`,
		"freshdesk contacts":     `[{"active":true,"email":"a@example.com","id":43000,"name":"Ana","phone":null,"created_at":"2026-01-01T00:00:00Z"}]`,
		"freshdesk ticket list":  `[{"id":1300,"subject":"VAT","requester_id":43000,"responder_id":null,"source":1,"status":2,"priority":1,"created_at":"2026-03-12T15:00:00Z"}]`,
		"slack export":           `[{"type":"message","user":"U024BE7LH","text":"deploy is done","ts":"1772784000.000200"}]`,
		"github issues":          `[{"id":1,"number":12,"title":"bug","user":{"login":"octocat"},"body":"it breaks","comments":3,"created_at":"2026-03-01T00:00:00Z"}]`,
		"orders csv":             "order_id,customer,total,created_at\n1001,Ana,49.90,2026-03-01\n",
		"tweets without inbound": "tweet_id,author_id,created_at,text\n1,115712,Tue Oct 31 22:11:45 +0000 2017,hello\n",
		"srt subtitles":          "1\n00:00:01,000 --> 00:00:04,000\nHello there\n",
	}
	for what, data := range inputs {
		for _, f := range Formats() {
			if !generic[f.Name()] && f.Detect([]byte(data), "export.json") {
				t.Errorf("%s: %s's Detect claims it", what, f.Name())
			}
		}
	}
}
