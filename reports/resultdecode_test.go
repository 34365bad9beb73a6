package reports

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/scoring"
)

// checkDecodeAsUnmarshal: whatever decodeResultFast accepts,
// json.Unmarshal accepts too, into the same result. It reports whether
// the fast decoder accepted raw.
func checkDecodeAsUnmarshal(t *testing.T, s *lineScanner, raw []byte) bool {
	t.Helper()
	var fast, slow scoring.Result
	if !decodeResultFast(s, raw, &fast) {
		return false
	}
	if err := json.Unmarshal(raw, &slow); err != nil {
		t.Fatalf("decodeResultFast accepts what json.Unmarshal refuses (%v):\n%s", err, raw)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("decodeResultFast and json.Unmarshal differ on\n%s\nfast: %+v\njson: %+v", raw, fast, slow)
	}
	return true
}

// resultDecodeSeeds are lines that reach the edges of decodeResultFast.
var resultDecodeSeeds = []string{
	`{"schema":"iqa.result/v1","seq":3,"id":"a","channel":"chat","messages":1,"duration_s":0,"score":87.5,"passed":true,"critical_failure":false,"criteria":null,"rubric":{"name":"default","version":"1","hash":"ab"},"transcript":null}`,
	` { "schema" : "iqa.result/v1" , "seq" : -0 , "criteria" : [ ] , "transcript" : [ ] , "meta" : { } } `,
	`{"criteria":[{"id":"g","evidence":[{"message":-1,"value":1e-7,"note":"x"},{"message":2,"start":4,"end":9,"cut":true,"value":-0.0,"unit":"s","effect":"+"}]}]}`,
	`{"id":"esc \"q\" \\ \/ \b\f\n\r\t \u0001 \u00e9 \u2028 \u20AC","note":"é 日本 😀"}`,
	`{"id":"pair \ud83d\ude00 lone \ud800 x \udc00"}`,
	"{\"id\":\"bad utf-8 \xff\",\"note\":\"\xed\xa0\x80\"}",
	"{\"id\":\"bad \\n utf-8 \xff\"}",
	`{"id":"ctl` + "\x01" + `"}`,
	`{"ID":"case"}`, `{"ſchema":"kelvin"}`, `{"id":"a","id":"b"}`, `{"extra":{"deep":[[["x",1,true,null]]]},"id":"x"}`,
	`{"seq":1.0}`, `{"seq":1e2}`, `{"seq":99999999999999999999}`, `{"seq":-9223372036854775808}`, `{"seq":123456789012345678}`,
	`{"score":1234567890.12345}`, `{"score":0.1234567890123456789}`, `{"score":1e400}`, `{"score":-}`, `{"score":01}`, `{"score":1.}`,
	`{"score":123456789012345678901234567890}`, `{"score":5e-324}`, `{"duration_s":0.30000000000000004}`,
	`{"start":"2026-01-02T10:00:00Z","transcript":[{"role":"agent","author":"Ana","text":"hi","at":"2026-01-02T10:00:30.123456789+02:00","start_ms":0,"end_ms":1500,"internal":true}]}`,
	`{"start":"2026-01-02 10:00:00"}`, `{"start":null}`, `{"start":"2026-01-02T10:00:00\u005a"}`, `{"start":"10000-01-01T00:00:00Z"}`,
	`{"predicted_csat":4.2,"csat_evidence":[{"message":1,"note":"thanks","effect":"+"}],"unanswered":true}`,
	`{"predicted_csat":null}`, `{"customer_sentiment":{"first":-0.6,"last":0.5,"mean":-0.05,"turns":2}}`, `{"customer_sentiment":null}`,
	`{"meta":{"k":"v","order":"#1"}}`, `{"meta":{"k":1}}`, `{"meta":{"k":"a","k":"b"}}`, `{"meta":{"\u006b":"v"}}`, `{"meta":null}`,
	`{"source":{"file":"in.jsonl","line":3,"record":2}}`, `{"rubric":null}`, `{"criteria":[null]}`, `{"transcript":[{"at":null}]}`,
	`{"id":"x",}`, `{"id":"x"} trailing`, `{"id":"x"`, `{"id":"\u00"}`, `{"id" "x"}`, `[]`, `{}`, `null`, `nul`, ``, `{"passed":tru}`,
}

func TestDecodeResultMatchesEncodingJSON(t *testing.T) {
	var s lineScanner
	for _, seed := range resultDecodeSeeds {
		checkDecodeAsUnmarshal(t, &s, []byte(seed))
	}
	// What iqa writes, the fast decoder reads, always: the fixture, the
	// engine's and random results.
	var lines [][]byte
	for _, r := range fixtureResults() {
		b, _ := appendResult(nil, r)
		lines = append(lines, b)
	}
	lines = append(lines, bytes.SplitAfter(scoredResultsFile(t, 300), []byte("\n"))...)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		var r scoring.Result
		fillRandom(rng, reflect.ValueOf(&r).Elem(), 0)
		r.Schema = scoring.ResultSchema
		b, ok := appendResult(nil, &r)
		if ok {
			lines = append(lines, b)
		}
	}
	for _, line := range lines {
		if !bytes.Contains(line, []byte(`"schema":"iqa.result/v1"`)) {
			continue // the run line
		}
		if !checkDecodeAsUnmarshal(t, &s, line) {
			t.Fatalf("the fast decoder declines a line iqa writes:\n%s", line)
		}
	}
}

// TestDecodeResultDeclines: the fast decoder leaves to encoding/json what
// it would decode otherwise, rather than guess.
func TestDecodeResultDeclines(t *testing.T) {
	var s lineScanner
	for _, line := range []string{
		`{"ID":"case"}`, `{"id":"a","id":"b"}`, `{"seq":1.0}`, `{"start":null}`, `{"meta":{"k":1}}`,
		`{"id":"x"} trailing`, `{"criteria":[null]}`, `{"transcript":[{"at":null}]}`,
	} {
		var r scoring.Result
		if decodeResultFast(&s, []byte(line), &r) {
			t.Errorf("decodeResultFast accepts %s", line)
		}
	}
}

func FuzzDecodeResult(f *testing.F) {
	for _, seed := range resultDecodeSeeds {
		f.Add([]byte(seed))
	}
	for _, r := range fixtureResults()[:3] {
		b, _ := appendResult(nil, r)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var s lineScanner
		checkDecodeAsUnmarshal(t, &s, raw)
	})
}

// TestSpecialFindsEveryByte: the eight-byte test misses no quote,
// backslash, control character or non-ASCII byte at any position, and
// flags nothing else.
func TestSpecialFindsEveryByte(t *testing.T) {
	for c := range 256 {
		want := c == '"' || c == '\\' || c < 0x20 || c >= 0x80
		for pos := range 8 {
			word := []byte("abcdefgh")
			word[pos] = byte(c)
			if got := special(binary.LittleEndian.Uint64(word)); got != want {
				t.Fatalf("special(%q) = %v, want %v", word, got, want)
			}
		}
	}
}

// TestReadResultsInOrderAcrossBatches: results decoded ahead on several
// goroutines come back in file order, lines the fast decoder declines
// (here, keys in another case) in their place, and an error names its
// line however far into the file it is.
func TestReadResultsInOrderAcrossBatches(t *testing.T) {
	before := runtime.NumGoroutine()
	var file []byte
	// More batches than the decoder holds ahead, and a part batch at the end.
	n := (4*runtime.GOMAXPROCS(0)+4)*batchLines + 7
	for i := range n {
		r := generatedResult(i)
		b, _ := appendResult(nil, r)
		if i%50 == 3 {
			b = bytes.Replace(b, []byte(`"id":`), []byte(`"ID":`), 1)
		}
		file = append(file, b...)
	}
	var seqs []int
	err := ReadResults("r.jsonl", bytes.NewReader(file), NewSummary(RunInfo{}), func(r *scoring.Result) error {
		if want := generatedResult(r.Seq); r.ID != want.ID || len(r.Transcript) != len(want.Transcript) {
			t.Fatalf("result %d: id %q, want %q", r.Seq, r.ID, want.ID)
		}
		seqs = append(seqs, r.Seq)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seqs) != n {
		t.Fatalf("read %d results, want %d", len(seqs), n)
	}
	for i, seq := range seqs {
		if seq != i {
			t.Fatalf("result %d has seq %d: out of order", i, seq)
		}
	}

	bad := append(append([]byte{}, file...), "{\"schema\":\"iqa.result/v1\",\"seq\":\"x\"}\n"...)
	err = ReadResults("r.jsonl", bytes.NewReader(bad), NewSummary(RunInfo{}), func(*scoring.Result) error { return nil })
	if want := fmt.Sprintf("r.jsonl:%d: bad result:", n+1); err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error %v, want it to start %q", err, want)
	}
	// A reader stopped early ends its goroutines without reading on: once
	// all have ended, as many run as before the test.
	stop := errors.New("enough")
	if err := ReadResults("r.jsonl", bytes.NewReader(file), NewSummary(RunInfo{}), func(*scoring.Result) error { return stop }); err != stop {
		t.Fatalf("error %v, want the callback's", err)
	}
	for wait := 0; runtime.NumGoroutine() > before; wait++ {
		if wait == 200 {
			t.Fatalf("%d goroutines left running after the reader stopped", runtime.NumGoroutine()-before)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
