package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/scoring"
	"github.com/iqa-cli/iqa/scoring/gen"
)

// encodeJSON is what JSONL wrote before appendResult: encoding/json.
func encodeJSON(r *scoring.Result) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(r)
	return buf.Bytes(), err
}

func checkSameAsEncodingJSON(t *testing.T, name string, r *scoring.Result) {
	t.Helper()
	want, err := encodeJSON(r)
	got, ok := appendResult([]byte("prefix kept:"), r)
	if err != nil {
		if ok {
			t.Fatalf("%s: encoding/json fails (%v) but appendResult wrote %s", name, err, got)
		}
		return
	}
	if !ok {
		t.Fatalf("%s: appendResult refused what encoding/json writes:\n%s", name, want)
	}
	got, found := bytes.CutPrefix(got, []byte("prefix kept:"))
	if !found {
		t.Fatalf("%s: appendResult did not append", name)
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Fatalf("%s: differs at byte %d\nencoding/json: %s\nappendResult:  %s", name, i, want[max(i-60, 0):], got[max(i-60, 0):])
	}
}

// TestAppendResultMatchesEncodingJSON: the results file is byte for byte
// what encoding/json wrote, for fixture, golden, engine-scored and random
// results.
func TestAppendResultMatchesEncodingJSON(t *testing.T) {
	for _, r := range fixtureResults() {
		checkSameAsEncodingJSON(t, "fixture "+r.ID, r)
	}
	for i := range 50 {
		checkSameAsEncodingJSON(t, "generated", generatedResult(i))
	}

	golden, err := filepath.Glob("../testdata/scoring/*.golden")
	if err != nil || len(golden) == 0 {
		t.Fatalf("no golden results: %v", err)
	}
	for _, path := range golden {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(f)
		for n := 0; ; n++ {
			var r scoring.Result
			if err := dec.Decode(&r); err == io.EOF {
				if n == 0 {
					t.Fatalf("%s: no results", path)
				}
				break
			} else if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			checkSameAsEncodingJSON(t, path, &r)
		}
		f.Close()
	}

	engine := defaultEngine(t)
	g := gen.New(7)
	for range 500 {
		checkSameAsEncodingJSON(t, "scored", engine.Score(g.Next()))
	}

	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		var r scoring.Result
		fillRandom(rng, reflect.ValueOf(&r).Elem(), 0)
		checkSameAsEncodingJSON(t, "random", &r)
		if t.Failed() {
			t.Logf("random result %d", i)
		}
	}
}

// TestAppendResultRefusesWhatEncodingJSONRefuses: numbers and times JSON
// cannot hold fail the write, with encoding/json's error.
func TestAppendResultRefusesWhatEncodingJSONRefuses(t *testing.T) {
	value := math.Inf(1)
	for name, r := range map[string]*scoring.Result{
		"NaN score":      {Score: math.NaN()},
		"infinite value": {Criteria: []scoring.CriterionResult{{Evidence: []scoring.Evidence{{Value: &value}}}}},
		"year 10000":     {Start: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		"zone of a day":  {Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("far", 24*3600))},
	} {
		if _, err := encodeJSON(r); err == nil {
			t.Fatalf("%s: encoding/json accepts it", name)
		}
		if _, ok := appendResult(nil, r); ok {
			t.Errorf("%s: appendResult accepts it", name)
		}
		j := NewJSONL(io.Discard)
		var uv *json.UnsupportedValueError
		var me *json.MarshalerError
		if err := j.Write(r); !errors.As(err, &uv) && !errors.As(err, &me) {
			t.Errorf("%s: JSONL.Write: %v, want encoding/json's error", name, err)
		}
	}
}

// oddStrings are the strings JSON encoders get wrong.
var oddStrings = []string{
	"", "plain", `quote " and \ backslash`, "<script>&amp;</script>", "tab\tnew\nline\rcr\bbs\fff",
	"\x00\x01\x1f\x7f", "bad utf-8 \xff\xfe end", "cut rune \xe2\x82", "\u2028line\u2029para", "é ü 日本 😀",
	"’quote’", "\ufffd", "a\u2028", "\xed\xa0\x80 surrogate",
}

// oddFloats are the numbers whose JSON form is easy to get wrong.
var oddFloats = []float64{
	0, math.Copysign(0, -1), 0.1 + 0.2, 1e21, 1e20, 999999999999999999999, 1e-6, 1e-7, 9.99e-7, -1e-7, 123456789.125,
	math.MaxFloat64, math.SmallestNonzeroFloat64, -42.5, 100, 1.0 / 3,
}

// fillRandom sets v, and everything it holds, to random values: a field
// added to scoring.Result is filled too, so the comparison above fails
// until appendResult writes it.
func fillRandom(rng *rand.Rand, v reflect.Value, depth int) {
	if v.Type() == reflect.TypeFor[time.Time]() {
		switch rng.IntN(4) {
		case 0: // zero: omitted
		case 1:
			v.Set(reflect.ValueOf(time.Unix(rng.Int64N(4e9), 0).UTC()))
		case 2:
			v.Set(reflect.ValueOf(time.Unix(rng.Int64N(4e9), rng.Int64N(1e9)).In(time.FixedZone("", (rng.IntN(48)-24)*1800))))
		default:
			v.Set(reflect.ValueOf(time.Date(rng.IntN(10000), 1, 1, 0, 0, 0, 1000, time.UTC)))
		}
		return
	}
	switch v.Kind() {
	case reflect.String:
		if rng.IntN(3) > 0 {
			v.SetString(oddStrings[rng.IntN(len(oddStrings))])
		} else {
			v.SetString(oddStrings[rng.IntN(len(oddStrings))] + oddStrings[rng.IntN(len(oddStrings))])
		}
	case reflect.Int, reflect.Int64:
		switch rng.IntN(3) {
		case 0:
		case 1:
			v.SetInt(rng.Int64N(1000) - 10)
		default:
			v.SetInt(rng.Int64())
		}
	case reflect.Float64:
		if rng.IntN(2) == 0 {
			v.SetFloat(oddFloats[rng.IntN(len(oddFloats))])
		} else {
			v.SetFloat((rng.Float64() - 0.5) * math.Pow(10, float64(rng.IntN(40)-15)))
		}
	case reflect.Bool:
		v.SetBool(rng.IntN(2) == 0)
	case reflect.Pointer:
		if rng.IntN(3) > 0 {
			v.Set(reflect.New(v.Type().Elem()))
			fillRandom(rng, v.Elem(), depth+1)
		}
	case reflect.Slice:
		switch n := rng.IntN(4); {
		case n == 0: // nil
		case n == 1 || depth > 2:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			v.Set(reflect.MakeSlice(v.Type(), n, n))
			for i := range n {
				fillRandom(rng, v.Index(i), depth+1)
			}
		}
	case reflect.Map:
		switch n := rng.IntN(5); n {
		case 0: // nil
		case 1:
			v.Set(reflect.MakeMap(v.Type()))
		default:
			m := reflect.MakeMap(v.Type())
			for range n * 3 {
				k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
				fillRandom(rng, k, depth+1)
				fillRandom(rng, e, depth+1)
				m.SetMapIndex(k, e)
			}
			v.Set(m)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillRandom(rng, v.Field(i), depth+1)
			}
		}
	default:
		panic("fillRandom: no case for " + v.Type().String() + "; add one: " + strings.ToLower(v.Kind().String()))
	}
}

// FuzzAppendResult compares the two encoders on any strings and numbers.
func FuzzAppendResult(f *testing.F) {
	for _, s := range oddStrings {
		f.Add(s, 0.1+0.2, int64(1))
	}
	f.Add("x", 1e21, int64(-1))
	f.Fuzz(func(t *testing.T, s string, x float64, n int64) {
		v := x
		r := &scoring.Result{Schema: s, ID: s, Score: x, Seq: int(n), Meta: map[string]string{s: s, "k": s},
			Criteria:   []scoring.CriterionResult{{Reason: s, Weight: x, Evidence: []scoring.Evidence{{Text: s, Value: &v, Start: int(n)}}}},
			Transcript: nil,
		}
		r.Start = time.Unix(n%(1<<34), n%1e9)
		checkSameAsEncodingJSON(t, "fuzz", r)
	})
}
