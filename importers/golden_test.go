package importers

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/importers")

// goldenRoot holds one folder per format; each input file there has a
// .golden file beside it (the native JSONL it imports to, then its rejects
// and warnings) and may have a .flags file of options, one per line:
// agent=Ana, agent-speaker=spk_1, agent-domain=example.com, tz=Europe/Paris,
// date-order=dmy, col=text=Body, role-map=Visitor=customer, format=NAME.
//
// A folder named <format>-folder is one input, imported whole as
// `iqa import folder/` reads it (TestGoldenFolders); its .golden and
// .flags are beside it in goldenRoot.
const goldenRoot = "../testdata/importers"

const folderSuffix = "-folder"

func TestGolden(t *testing.T) {
	dirs, err := os.ReadDir(goldenRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		if !dir.IsDir() || strings.HasSuffix(dir.Name(), folderSuffix) {
			continue
		}
		files, err := filepath.Glob(filepath.Join(goldenRoot, dir.Name(), "*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			if ext := filepath.Ext(path); ext == ".golden" || ext == ".flags" {
				continue
			}
			t.Run(dir.Name()+"/"+filepath.Base(path), func(t *testing.T) {
				got := importForGolden(t, path, dir.Name())
				checkGolden(t, path+".golden", got)
			})
		}
	}
}

// TestGoldenFolders imports each <format>-folder in goldenRoot as one
// input: a format whose records span files (GroupFormat) is tested here.
func TestGoldenFolders(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join(goldenRoot, "*"+folderSuffix))
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			got := importForGolden(t, dir, strings.TrimSuffix(name, folderSuffix))
			checkGolden(t, dir+".golden", got)
		})
	}
}

// importForGolden imports one file or folder and renders everything the
// user would see: conversations, rejects, warnings, and which format read
// it.
func importForGolden(t *testing.T, path, wantFormat string) []byte {
	t.Helper()
	opts := readFlags(t, path+".flags")
	inputs, err := Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	nw := NewNativeWriter(&out)
	var notes []string
	im := Importer{
		Opts:     opts,
		OnReject: func(r Reject) { notes = append(notes, "reject "+relative(r.String())) },
		OnWarn:   func(w Warning) { notes = append(notes, "warning "+relative(w.String())) },
	}
	stats, err := im.Run(context.Background(), inputs, func(c *transcript.Conversation) error {
		c.Source.File = relative(c.Source.File)
		return nw.Write(c)
	})
	if err != nil {
		notes = append(notes, "error "+relative(err.Error()))
	}
	if err := nw.Flush(); err != nil {
		t.Fatal(err)
	}
	for format, n := range stats.PerFormat {
		if n > 0 && format != wantFormat {
			t.Errorf("%s was read as %s, want %s", path, format, wantFormat)
		}
	}
	for _, n := range notes {
		fmt.Fprintf(&out, "# %s\n", n)
	}
	return out.Bytes()
}

func relative(s string) string { return strings.ReplaceAll(s, goldenRoot+"/", "") }

func readFlags(t *testing.T, path string) Options {
	t.Helper()
	var opts Options
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return opts
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		key, value, _ := strings.Cut(strings.TrimSpace(line), "=")
		switch key {
		case "format":
			opts.Format = value
		case "agent":
			opts.Agent = value
		case "agent-speaker":
			opts.AgentSpeaker = value
		case "agent-domain":
			opts.AgentDomains = append(opts.AgentDomains, value)
		case "tz":
			if opts.TZ, err = time.LoadLocation(value); err != nil {
				t.Fatal(err)
			}
		case "date-order":
			if opts.DateOrder, err = ParseDateOrder(value); err != nil {
				t.Fatal(err)
			}
		case "col":
			cols, err := ParseColumns([]string{value})
			if err != nil {
				t.Fatal(err)
			}
			if opts.Columns == nil {
				opts.Columns = map[string]string{}
			}
			for k, v := range cols {
				opts.Columns[k] = v
			}
		case "role-map":
			if opts.RoleMap, err = ParseRoleMap(value); err != nil {
				t.Fatal(err)
			}
		case "":
		default:
			t.Fatalf("%s: unknown flag %q", path, key)
		}
	}
	return opts
}

// checkGolden compares got with the golden file, or rewrites it under
// -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./importers -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what the importer gives now (review, then go test ./importers -update):\n%s", path, lineDiff(string(want), string(got)))
	}
}

// lineDiff shows the first lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl && shown < 5 {
			fmt.Fprintf(&b, "line %d\n  want: %s\n  got:  %s\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}
