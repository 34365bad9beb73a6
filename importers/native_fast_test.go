package importers

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/iqa-cli/iqa/scoring/gen"
)

// checkFastAsUnmarshal: whatever decodeNativeFast accepts, json.Unmarshal
// accepts too, into the same record.
func checkFastAsUnmarshal(t *testing.T, raw []byte) bool {
	t.Helper()
	var fast, slow nativeConversation
	if !decodeNativeFast(raw, &fast) {
		return false
	}
	if err := json.Unmarshal(raw, &slow); err != nil {
		t.Fatalf("decodeNativeFast accepts what json.Unmarshal refuses (%v):\n%s", err, raw)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("decodeNativeFast and json.Unmarshal differ on\n%s\nfast: %+v\njson: %+v", raw, fast, slow)
	}
	return true
}

// nativeFastSeeds are records that reach the edges of decodeNativeFast.
var nativeFastSeeds = []string{
	`{"id":"a","messages":[{"role":"agent","text":"hi"}]}`,
	` { "id" : 12.5e3 , "channel":null, "messages" : [ { "role":"customer", "text":"x\"y\u00e9\ud83d\ude00", "at": 1700000000 } ] , "meta":{"n":1,"b":true,"z":null,"s":"v","f":-0.5E-3} } `,
	`{"id":{"nested":[1,2,{"a":null}]},"messages":[{"role":"agent","text":null,"at":[1]}]}`,
	`{"ID":"case","messages":[]}`,
	`{"id":"dup","id":"again","messages":[]}`,
	`{"id":"x","messages":[{"role":"a","text":"t","start_ms":12,"end_ms":"13"}]}`,
	`{"id":"x","messages":[{"role":"a","text":"t","internal":true,"extra":{"deep":[[["x"]]]}}],"source":{"file":"f","line":3}}`,
	"{\"id\":\"bad utf-8 \xff\",\"messages\":[{\"role\":\"a\",\"text\":\"\xed\xa0\x80\"}]}",
	`{"id":"x","messages":null,"meta":null}`,
	`{"id":"x","messages":[null]}`,
	`{"id":"x","meta":{"big":1e400},"messages":[]}`,
	`{"id":"x","messages":[{"role":"a","text":"t"}],}`,
	`{"id":"x","messages":[{"role":"a","text":"t"}]} trailing`,
	`{"id":"x","messages":[{"role":"a","text":"t\u00"}]}`,
	`{"id":-0,"messages":[{"role":"a","text":"ctl` + "\x01" + `"}]}`,
	`{"id":01,"messages":[]}`,
	`{"id":"x","ſtart":"kelvin","messages":[]}`,
	`{"id":"x","messages":[{"role":"a","text":"t","internal":null,"at":"  2026-01-02 "}]}`,
	`[]`, `{}`, `{"id":"x"`, `nul`, ``,
}

func TestNativeFastDecodingMatchesEncodingJSON(t *testing.T) {
	for _, s := range nativeFastSeeds {
		checkFastAsUnmarshal(t, []byte(s))
	}
	// What `iqa import` writes is read by the fast path, always.
	var buf bytes.Buffer
	w := NewNativeWriter(&buf)
	g := gen.New(3)
	for range 2000 {
		if err := w.Write(g.Next()); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n"))
	paths, _ := filepath.Glob("../testdata/importers/native/*")
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			checkFastAsUnmarshal(t, bytes.TrimSpace(sc.Bytes()))
		}
		f.Close()
	}
	for _, line := range lines {
		if !checkFastAsUnmarshal(t, line) {
			t.Fatalf("the fast path declines a line iqa writes:\n%s", line)
		}
	}
}

func FuzzNativeFastDecoding(f *testing.F) {
	for _, s := range nativeFastSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) { checkFastAsUnmarshal(t, raw) })
}
