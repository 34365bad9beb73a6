package importers

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxRecordBytes bounds one JSON record or JSONL line; a longer one is
// rejected rather than read into memory.
const MaxRecordBytes = 64 << 20

// EachJSONRecord streams the records of a JSON input to fn with the line
// each starts on. It reads, by their first bytes:
//   - a top-level array: each element is a record;
//   - JSON Lines: each non-blank line is a record (a bad line is rejected
//     and the rest are read); a line that is an array, or an object with an
//     array under one of wrapperKeys, is a page of records (what a loop
//     over an API's pages writes);
//   - a top-level object with an array under one of wrapperKeys (such as
//     "conversations"): each element is a record, streamed;
//   - any other single object: it is the one record;
//   - several of these one after another (pages appended to one file): each
//     is read in turn, so that no page after the first is dropped.
//
// In JSON Lines, fn is given the line as it is, valid or not: decode it with
// DecodeRecord, which rejects what does not parse. raw is only valid until
// fn returns (the next line is read into the same memory): decoding copies
// what it keeps. fn returns an error only to stop the run. A syntax error in an array or
// object ends the file with an error that names the line.
func EachJSONRecord(src *Source, wrapperKeys []string, fn func(raw json.RawMessage, line int) error) error {
	br, ok := src.R.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(src.R, HeadSize)
	}
	head, _ := br.Peek(HeadSize)
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) == 0 {
		return errors.New("file is empty")
	}
	switch {
	case (trimmed[0] == '{' || trimmed[0] == '[') && isJSONLines(trimmed):
		return eachJSONLine(src, br, wrapperKeys, fn)
	case trimmed[0] == '[' || trimmed[0] == '{':
		return eachArrayRecord(br, wrapperKeys, fn)
	}
	return fmt.Errorf("not JSON: starts with %q", firstRune(trimmed))
}

func firstRune(b []byte) string {
	s := string(b)
	for _, r := range s {
		return string(r)
	}
	return ""
}

// isJSONLines reports whether the first line is a whole JSON value with
// more text after it.
func isJSONLines(b []byte) bool {
	line, rest, found := bytes.Cut(b, []byte("\n"))
	return found && json.Valid(bytes.TrimSpace(line)) && len(bytes.TrimSpace(rest)) > 0
}

func eachJSONLine(src *Source, br *bufio.Reader, wrapperKeys []string, fn func(json.RawMessage, int) error) error {
	lineNo := 0
	var line []byte
	for {
		var tooLong bool
		var err error
		line, tooLong, err = readLine(br, MaxRecordBytes, line[:0])
		if err == io.EOF && len(line) == 0 && !tooLong {
			return nil
		}
		if err != nil && err != io.EOF {
			return err
		}
		lineNo++
		switch trimmed := bytes.TrimSpace(line); {
		case tooLong:
			src.Reject(lineNo, "line longer than %d MiB", MaxRecordBytes>>20)
		case len(trimmed) == 0:
		default:
			records, ok := pageRecords(trimmed, wrapperKeys)
			if !ok {
				records = []json.RawMessage{json.RawMessage(trimmed)}
			}
			for _, r := range records {
				if err := fn(r, lineNo); err != nil {
					return err
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if cap(line) > 1<<20 {
			line = nil // a long line's memory is not kept for the short ones
		}
	}
}

// pageRecords reads a JSON Lines line that holds a page of records: an
// array, or an object with an array under one of wrapperKeys. ok is false
// for any other line, which is one record as it is.
func pageRecords(line []byte, wrapperKeys []string) (records []json.RawMessage, ok bool) {
	if line[0] == '[' {
		return records, json.Unmarshal(line, &records) == nil
	}
	hasWrapper := false
	for _, k := range wrapperKeys {
		hasWrapper = hasWrapper || bytes.Contains(line, []byte(`"`+k+`"`))
	}
	var obj map[string]json.RawMessage
	if !hasWrapper || json.Unmarshal(line, &obj) != nil {
		return nil, false
	}
	for _, k := range wrapperKeys {
		if v := bytes.TrimSpace(obj[k]); len(v) > 0 && v[0] == '[' && json.Unmarshal(v, &records) == nil {
			return records, true
		}
	}
	return nil, false
}

// readLine appends one line without its newline to line, at most max
// bytes; a longer line is consumed and reported as tooLong.
func readLine(br *bufio.Reader, max int, line []byte) (_ []byte, tooLong bool, err error) {
	for {
		chunk, isPrefix, err := br.ReadLine()
		if len(line)+len(chunk) > max {
			tooLong = true
		} else {
			line = append(line, chunk...)
		}
		if err != nil || !isPrefix {
			return line, tooLong, err
		}
	}
}

// DecodeRecord unmarshals one record into v, or rejects it at line with
// the reason and reports false.
func DecodeRecord(src *Source, raw json.RawMessage, line int, v any) bool {
	err := json.Unmarshal(raw, v)
	if err == nil {
		return true
	}
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te) && te.Field != "":
		src.Reject(line, "field %q: expected %s, found JSON %s", te.Field, friendlyType(te.Type.Kind().String()), te.Value)
	case errors.As(err, &te):
		src.Reject(line, "expected %s, found JSON %s", friendlyType(te.Type.Kind().String()), te.Value)
	case errors.As(err, &se):
		src.Reject(line, "invalid JSON: %s", strings.TrimPrefix(se.Error(), "json: "))
	default:
		src.Reject(line, "%s", strings.TrimPrefix(err.Error(), "json: "))
	}
	return false
}

func friendlyType(kind string) string {
	switch kind {
	case "struct", "map":
		return "an object"
	case "slice", "array":
		return "a list"
	case "int", "int64", "float64", "uint", "int32":
		return "a number"
	case "bool":
		return "true or false"
	}
	return "a " + kind
}

// eachArrayRecord streams a top-level array, or the array under one of
// wrapperKeys of a top-level object. An object without such a key is one
// record. Several such values one after another are read in turn.
func eachArrayRecord(br *bufio.Reader, wrapperKeys []string, fn func(json.RawMessage, int) error) error {
	lines := &lineCounter{r: br, line: 1}
	dec := json.NewDecoder(lines)
	syntax := func(err error) error {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			// After the first value, the decoder counts the offset from
			// where it started on the next one.
			return ErrorAt(lines.LineAt(max(se.Offset, dec.InputOffset())), "invalid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return ErrorAt(lines.LineAt(dec.InputOffset()), "invalid JSON: the file ends in the middle of a value")
		}
		return err
	}
	for {
		if err := eachTopLevelRecord(dec, lines, wrapperKeys, fn, syntax); err != nil {
			return err
		}
		// More is true at the top level when anything but space follows.
		if !dec.More() {
			return nil
		}
	}
}

// eachTopLevelRecord reads one top-level array or object.
func eachTopLevelRecord(dec *json.Decoder, lines *lineCounter, wrapperKeys []string, fn func(json.RawMessage, int) error, syntax func(error) error) error {
	tok, err := dec.Token()
	if err != nil {
		return syntax(err)
	}
	switch tok {
	case json.Delim('['):
		return streamArray(dec, lines, fn, syntax)
	case json.Delim('{'):
	default:
		return ErrorAt(lines.LineAt(dec.InputOffset()), "invalid JSON: %v after the end of the first value", tok)
	}
	// An object: look for the wrapper key. Until it is found the object's
	// bytes stay in the line counter, so that an object without one can be
	// handed on as it was written, and lines inside it stay true.
	start := dec.InputOffset() - 1
	startLine := lines.LineAt(start)
	for dec.More() {
		keyTok, err := dec.Token()
		if err != nil {
			return syntax(err)
		}
		key, _ := keyTok.(string)
		if contains(wrapperKeys, key) {
			next, err := dec.Token()
			if err != nil {
				return syntax(err)
			}
			if next != json.Delim('[') {
				return ErrorAt(lines.LineAt(dec.InputOffset()), "%q is not a list", key)
			}
			if err := streamArray(dec, lines, fn, syntax); err != nil {
				return err
			}
			return skipRestOfObject(dec, lines, syntax)
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return syntax(err)
		}
		if dec.InputOffset()-start > MaxRecordBytes {
			return ErrorAt(startLine, "record larger than %d MiB", MaxRecordBytes>>20)
		}
	}
	if _, err := dec.Token(); err != nil {
		return syntax(err)
	}
	raw := lines.Since(start, dec.InputOffset())
	return fn(json.RawMessage(raw), startLine)
}

// skipRestOfObject reads past the keys after a wrapper's array (paging
// fields, side-loads) to the end of the object.
func skipRestOfObject(dec *json.Decoder, lines *lineCounter, syntax func(error) error) error {
	for dec.More() {
		var skip json.RawMessage
		if _, err := dec.Token(); err != nil {
			return syntax(err)
		}
		if err := dec.Decode(&skip); err != nil {
			return syntax(err)
		}
		lines.LineAt(dec.InputOffset()) // forget what was skipped
	}
	if _, err := dec.Token(); err != nil {
		return syntax(err)
	}
	return nil
}

func streamArray(dec *json.Decoder, lines *lineCounter, fn func(json.RawMessage, int) error, syntax func(error) error) error {
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return syntax(err)
		}
		line := lines.LineAt(dec.InputOffset() - int64(len(raw)))
		if err := fn(raw, line); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return syntax(err)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// lineCounter turns byte offsets into line numbers for a reader that is
// read once, front to back. Offsets asked about must not decrease; bytes
// before the last one asked about are forgotten, so memory stays bounded by
// the decoder's read-ahead.
type lineCounter struct {
	r       io.Reader
	pending []byte // bytes read but not yet counted; pending[0] is at offset base
	base    int64
	line    int // the line at offset base
}

func (lc *lineCounter) Read(p []byte) (int, error) {
	n, err := lc.r.Read(p)
	lc.pending = append(lc.pending, p[:n]...)
	return n, err
}

// Since returns a copy of the bytes from offset from (which LineAt was last
// asked about) to offset to.
func (lc *lineCounter) Since(from, to int64) []byte {
	a, b := from-lc.base, to-lc.base
	if a < 0 || b > int64(len(lc.pending)) || a > b {
		return nil
	}
	return bytes.Clone(lc.pending[a:b])
}

// LineAt returns the line (from 1) that offset off is on.
func (lc *lineCounter) LineAt(off int64) int {
	k := off - lc.base
	if k <= 0 {
		return lc.line
	}
	if k > int64(len(lc.pending)) {
		k = int64(len(lc.pending))
	}
	lc.line += bytes.Count(lc.pending[:k], []byte("\n"))
	lc.pending = append(lc.pending[:0], lc.pending[k:]...)
	lc.base += k
	return lc.line
}
