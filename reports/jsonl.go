package reports

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/iqa-cli/iqa/scoring"
)

// The schemas of the lines of a results file besides results.
const (
	RejectSchema = "iqa.reject/v1"
	RunSchema    = "iqa.run/v1"
)

// JSONL writes results as JSON Lines: one iqa.result/v1 object per
// conversation, then one iqa.reject/v1 object per rejected input record,
// then one iqa.run/v1 object describing the run. `iqa report` reads the
// file back, so reports can be rendered, and shards merged, without
// scoring again.
type JSONL struct {
	w     *bufio.Writer
	enc   *json.Encoder
	buf   []byte // one result's line, reused
	bare  bool   // write results without their transcripts
	plain scoring.Result
}

// NewJSONL writes to w.
func NewJSONL(w io.Writer) *JSONL {
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &JSONL{w: bw, enc: enc}
}

// WithoutTranscripts makes j write each result with "transcript": null
// (about a third smaller): reports rendered from such a file cannot show
// messages or excerpts (see MissingTranscript).
func (j *JSONL) WithoutTranscripts() *JSONL {
	j.bare = true
	return j
}

// MissingTranscript reports whether r was written without its transcript
// (score --json-transcripts=false).
func MissingTranscript(r *scoring.Result) bool { return r.Transcript == nil && r.Messages > 0 }

// Write implements Writer.
func (j *JSONL) Write(r *scoring.Result) error {
	if j.bare {
		j.plain = *r
		j.plain.Transcript = nil
		r = &j.plain
	}
	var ok bool
	if j.buf, ok = appendResult(j.buf[:0], r); !ok {
		return j.enc.Encode(r)
	}
	_, err := j.w.Write(j.buf)
	return err
}

type rejectLine struct {
	Schema string `json:"schema"`
	Reject
}

type runLine struct {
	Schema string `json:"schema"`
	RunInfo
	Conversations    int  `json:"conversations"`
	Rejected         int  `json:"rejected"`
	RejectsTruncated bool `json:"rejects_truncated,omitempty"`
}

// Close implements Writer.
func (j *JSONL) Close(s *Summary) error {
	for _, r := range s.Rejects {
		if err := j.enc.Encode(rejectLine{Schema: RejectSchema, Reject: r}); err != nil {
			return err
		}
	}
	run := runLine{Schema: RunSchema, RunInfo: s.Run, Conversations: s.Conversations, Rejected: s.Rejected, RejectsTruncated: s.RejectsTruncated}
	if err := j.enc.Encode(run); err != nil {
		return err
	}
	return j.w.Flush()
}

// ReadResults reads a results file written by JSONL: it calls onResult for
// each result in file order and adds rejects and the run's description to
// sum. name is what errors call the file.
func ReadResults(name string, r io.Reader, sum *Summary, onResult func(*scoring.Result) error) error {
	rr := newResultsReader(name, r, sum)
	defer rr.close()
	for {
		res, err := rr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := onResult(res); err != nil {
			return err
		}
	}
}

// resultsReader reads one results file, result by result; its lines are
// decoded ahead on every CPU (see lineDecoder). close it when done.
type resultsReader struct {
	name        string
	dec         *lineDecoder
	batch       *lineBatch
	pos         int // the next line of batch
	sum         *Summary
	line        int
	rejectLines int
	// run is the file's iqa.run/v1 line, nil until it is read.
	run *runLine
}

func newResultsReader(name string, r io.Reader, sum *Summary) *resultsReader {
	return &resultsReader{name: name, dec: newLineDecoder(r), sum: sum}
}

func (rr *resultsReader) close() { rr.dec.close() }

// next returns the next result, taking reject and run lines into the
// summary on the way; io.EOF at the end.
func (rr *resultsReader) next() (*scoring.Result, error) {
	for {
		b := rr.batch
		if b == nil || rr.pos == len(b.lines) {
			if b != nil {
				rr.dec.recycle(b)
				rr.batch = nil
				if err := b.err; err != nil {
					return nil, rr.end(err)
				}
			}
			if rr.batch = rr.dec.next(); rr.batch == nil {
				return nil, io.EOF
			}
			rr.pos = 0
			continue
		}
		i := rr.pos
		rr.pos++
		rr.line = b.first + i
		if res := b.results[i]; res != nil {
			return res, nil
		}
		res, err := rr.parse(b.lines[i])
		if err != nil || res != nil {
			return res, err
		}
	}
}

// end is what next returns once the file ends with err.
func (rr *resultsReader) end(err error) error {
	switch {
	case err != io.EOF:
		return fmt.Errorf("%s: %v", rr.name, err)
	case rr.line == 0:
		return fmt.Errorf("%s: file is empty; pass a file written by 'iqa score --json'", rr.name)
	}
	return io.EOF
}

func (rr *resultsReader) parse(raw []byte) (*scoring.Result, error) {
	if len(strings.TrimSpace(string(raw))) == 0 {
		return nil, nil
	}
	var head struct {
		Schema string `json:"schema"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, rr.errorf("not a results line (%v); pass a file written by 'iqa score --json'", err)
	}
	switch head.Schema {
	case scoring.ResultSchema:
		var r scoring.Result
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, rr.errorf("bad result: %v", err)
		}
		return &r, nil
	case RejectSchema:
		var rl rejectLine
		if err := json.Unmarshal(raw, &rl); err != nil {
			return nil, rr.errorf("bad reject line: %v", err)
		}
		rr.rejectLines++
		rr.sum.AddReject(rl.Reject, maxListedRejects)
	case RunSchema:
		var rl runLine
		if err := json.Unmarshal(raw, &rl); err != nil {
			return nil, rr.errorf("bad run line: %v", err)
		}
		// Rejects beyond those listed in the file were only counted.
		rr.sum.Rejected += max(rl.Rejected-rr.rejectLines, 0)
		rr.sum.RejectsTruncated = rr.sum.RejectsTruncated || rl.RejectsTruncated
		rr.run = &rl
		mergeRun(&rr.sum.Run, rl.RunInfo)
	case "":
		return nil, rr.errorf("line has no \"schema\"; pass a file written by 'iqa score --json'")
	default:
		if newerSchema(head.Schema) {
			return nil, rr.errorf("schema %q is from a newer iqa; this iqa reads %s, %s and %s: upgrade iqa to read this file", head.Schema, scoring.ResultSchema, RejectSchema, RunSchema)
		}
		return nil, rr.errorf("unknown schema %q, not a line iqa writes; pass a file written by 'iqa score --json'", head.Schema)
	}
	return nil, nil
}

// newerSchema reports whether schema is one of iqa's own at a version
// above the one this iqa reads ("iqa.result/v2").
func newerSchema(schema string) bool {
	for _, known := range []string{scoring.ResultSchema, RejectSchema, RunSchema} {
		base, _, _ := strings.Cut(known, "/v")
		name, version, ok := strings.Cut(schema, "/v")
		if !ok || name != base {
			continue
		}
		n, err := strconv.Atoi(version)
		_, mine, _ := strings.Cut(known, "/v")
		m, _ := strconv.Atoi(mine)
		return err == nil && n > m
	}
	return false
}

func (rr *resultsReader) errorf(format string, args ...any) error {
	msg := strings.ReplaceAll(fmt.Sprintf(format, args...), "json: ", "")
	return fmt.Errorf("%s:%d: %s", rr.name, rr.line, msg)
}

// maxListedRejects is how many rejects a summary lists; the rest are
// counted.
const maxListedRejects = 100000

// MaxListedRejects is the bound on listed rejects, for callers that add
// them.
func MaxListedRejects() int { return maxListedRejects }

// mergeRun combines the run descriptions of shards: the union of their
// inputs, in order.
func mergeRun(dst *RunInfo, src RunInfo) {
	for _, in := range src.Inputs {
		if !slices.Contains(dst.Inputs, in) {
			dst.Inputs = append(dst.Inputs, in)
		}
	}
	if dst.Rubric.Name == "" {
		dst.Rubric = src.Rubric
	}
	for _, f := range src.Files {
		if !slices.Contains(dst.Files, f) {
			dst.Files = append(dst.Files, f)
		}
	}
	if dst.Filters == "" {
		dst.Filters = src.Filters
	}
	if dst.When == "" {
		dst.When = src.When
	}
}
