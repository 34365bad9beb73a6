package importers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/iqa-cli/iqa/importers/survey"
	"github.com/iqa-cli/iqa/transcript"
)

// An Importer reads inputs into conversations.
type Importer struct {
	Opts Options
	// Stdin is what the input "-" reads; nil means os.Stdin.
	Stdin io.Reader
	// OnReject is told of every record that was not imported.
	OnReject func(Reject)
	// OnWarn is told of everything the user should know about an input.
	OnWarn func(Warning)
	// OnRead is told how many bytes were read from disk, for progress.
	OnRead func(n int)
	// OnNoChannel is told of every conversation emitted whose export named
	// no channel, when Opts.DefaultChannel is empty: it is scored as
	// "other", whose limits may not be what the user expects.
	OnNoChannel func(*transcript.Conversation)
}

// Stats counts what a run imported.
type Stats struct {
	Inputs        int
	Conversations int
	Messages      int
	Rejected      int
	// Skipped counts files found in folders that are in no format iqa
	// knows; each was warned about.
	Skipped int
	// PerFormat counts conversations by the format they were read as.
	PerFormat map[string]int
}

// surveyExport is a customer survey export given as conversations; a
// folder scan skips it like any file in no format iqa knows.
type surveyExport string

func (e surveyExport) Error() string {
	return fmt.Sprintf("a survey export (%s), not conversations; give it with --surveys to join it to the conversations it is about", string(e))
}

func (e surveyExport) Is(target error) bool { return target == errUnrecognised }

// errUnrecognised is a file in no format iqa knows.
var errUnrecognised = errors.New("not a format iqa recognises; name one with --format (see 'iqa formats')")

// ErrStopped is what emit returns to end a run early without an error.
var ErrStopped = errors.New("stopped")

// Run decodes every input in order and hands each conversation to emit;
// Gorgias tickets statistics exports are read first, so that their
// channel and survey score join the tickets of the run's Gorgias messages
// exports (each statistics file gets one line through OnWarn at the end).
// Consecutive inputs of one GroupFormat (a folder of .eml files) are
// decoded together, so that a thread spread over files is one
// conversation. Run returns at the first input that cannot be read at all
// (missing, empty, not the forced format, or of no format iqa knows), after
// decoding the inputs before it; records that cannot be read are rejected
// through OnReject and the run goes on. If emit returns ErrStopped, Run
// stops and returns nil.
func (im *Importer) Run(ctx context.Context, inputs []Input, emit func(*transcript.Conversation) error) (Stats, error) {
	stats := Stats{PerFormat: map[string]int{}}
	shared := &runState{}
	err := im.run(ctx, inputs, emit, &stats, shared)
	if errors.Is(err, ErrStopped) {
		err = nil
	}
	if err == nil && im.OnWarn != nil {
		for _, w := range shared.gorgias.warnings() {
			im.OnWarn(w)
		}
	}
	return stats, err
}

func (im *Importer) run(ctx context.Context, inputs []Input, emit func(*transcript.Conversation) error, stats *Stats, shared *runState) error {
	var forced Format
	if im.Opts.Format != "" {
		f, err := Lookup(im.Opts.Format)
		if err != nil {
			return err
		}
		forced = f
	}
	inputs = statisticsFirst(inputs, forced)
	// group is the run of inputs of one GroupFormat read so far, detected
	// but closed, waiting for the input that ends the run.
	var group []*Source
	var groupFormat GroupFormat
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		stats.Inputs++
		src, format, err := im.open(ctx, in, forced, emit, shared)
		gf, joins := groupFormatOf(format, in)
		if len(group) > 0 && !(joins && gf.Name() == groupFormat.Name()) {
			gerr := im.decode(groupFormat, group, true, stats)
			group = nil
			if gerr != nil {
				if src != nil {
					src.close()
				}
				return gerr
			}
		}
		if errors.Is(err, errUnrecognised) && in.Found && forced == nil {
			stats.Skipped++
			if im.OnWarn != nil {
				msg := "skipped: not a format iqa recognises (name the file itself, or use --format, to read it)"
				var se surveyExport
				if errors.As(err, &se) {
					msg = "skipped: " + se.Error()
				}
				im.OnWarn(Warning{File: in.Name, Message: msg})
			}
			continue
		}
		if err != nil {
			return err
		}
		if joins {
			group, groupFormat = append(group, src), gf
			continue
		}
		if err := im.decode(format, []*Source{src}, false, stats); err != nil {
			return err
		}
	}
	if len(group) > 0 {
		return im.decode(groupFormat, group, true, stats)
	}
	return nil
}

// groupFormatOf returns format as a GroupFormat when input in joins runs of
// it: standard input is read on its own.
func groupFormatOf(format Format, in Input) (GroupFormat, bool) {
	gf, ok := format.(GroupFormat)
	return gf, ok && in.Name != Stdin
}

// open opens one input, detects its format (or checks the forced one) and
// returns its Source, ready to read from R; or, when the input joins a
// group, closed again, with R nil, for DecodeGroup to open.
func (im *Importer) open(ctx context.Context, in Input, forced Format, emit func(*transcript.Conversation) error, shared *runState) (*Source, Format, error) {
	opts := im.Opts
	src := &Source{
		Name:   in.Name,
		path:   in.Name,
		member: in.member,
		Opts:   &opts,
		Times:  &TimeParser{TZ: opts.TZ, Order: opts.DateOrder},
		ctx:    ctx,
		emit:   emit,
		reject: func(r Reject) {
			if im.OnReject != nil {
				im.OnReject(r)
			}
		},
		warn: func(w Warning) {
			if im.OnWarn != nil {
				im.OnWarn(w)
			}
		},
		noChannel: im.OnNoChannel,
		shared:    shared,
	}
	if in.Name == Stdin {
		stdin := im.Stdin
		if stdin == nil {
			stdin = os.Stdin
		}
		tmp, err := spool(ctx, stdin)
		if err != nil {
			return nil, nil, err
		}
		src.closers = append(src.closers, removeFile(tmp))
		src.path = tmp
	}
	// Bytes read while detecting count for progress only if the input is
	// decoded from this reader.
	meter := &heldCount{}
	text, closer, err := openInputText(src.path, src.member, meter.add)
	if err != nil {
		src.close()
		return nil, nil, fmt.Errorf("%s: %v", in.Name, err)
	}
	src.closers = append(src.closers, closer)
	fail := func(format string, args ...any) (*Source, Format, error) {
		src.close()
		return nil, nil, fmt.Errorf("%s: "+format, append([]any{in.Name}, args...)...)
	}

	head, _ := text.Peek(HeadSize)
	if len(bytes.TrimSpace(head)) == 0 {
		return fail("file is empty")
	}
	name := strings.TrimSuffix(filepath.Base(in.Name), ".gz")
	if len(head) == HeadSize && (forced == nil && Detect(head, name) == nil || forced != nil && !forced.Detect(head, name)) {
		// A JSON file whose first record is longer than the head (a long
		// e-mail body, a pasted log) can only be told by its whole first
		// record.
		if long := longHead(src.path, src.member, head); long != nil {
			head = long
		}
	}
	format := forced
	if format == nil {
		// A survey export is not conversations: say where it goes. Survey
		// CSVs are told first (the generic CSV reader would take them), JSON
		// only when no format claims the file.
		kind := survey.Kind(head)
		if format = Detect(head, name); kind != "" && (format == nil || strings.HasSuffix(kind, "-csv")) {
			src.close()
			return nil, nil, &inputError{name: in.Name, err: surveyExport(kind)}
		}
		if format == nil {
			src.close()
			return nil, nil, &inputError{name: in.Name, err: errUnrecognised}
		}
	} else if !format.Detect(head, name) && len(im.Opts.Columns) == 0 {
		// With --col the user has said where the fields are, so a file whose
		// headers the format would not recognise on its own is still read.
		return fail("does not look like %s input (%s); check --format", format.Name(), format.Expects())
	}
	// The file's first timestamps decide how it writes dates, before the
	// decoder reads any.
	src.Times.Prime(head)
	if _, grouped := groupFormatOf(format, in); grouped {
		// Closed until its group is decoded, since a folder may hold more
		// files than a process may keep open; counted for progress when
		// DecodeGroup first opens it.
		src.close()
		src.open = opener(src.path, src.member, im.OnRead)
		return src, format, nil
	}
	meter.release(im.OnRead)
	src.R = text
	src.open = opener(src.path, src.member, nil)
	return src, format, nil
}

// decode runs format over one input (Decode) or a group of inputs
// (DecodeGroup), closes them, and adds up what they read.
func (im *Importer) decode(format Format, srcs []*Source, group bool, stats *Stats) error {
	defer func() {
		for _, src := range srcs {
			src.close()
		}
	}()
	var err error
	if group {
		err = format.(GroupFormat).DecodeGroup(srcs)
	} else {
		err = format.Decode(srcs[0])
	}
	for _, src := range srcs {
		if w := src.Times.Warning(); w != "" {
			src.Warn("%s", w)
		}
		stats.Conversations += src.conversations
		stats.Messages += src.messages
		stats.Rejected += src.rejected
		stats.PerFormat[format.Name()] += src.conversations
	}
	if err == nil || errors.Is(err, ErrStopped) || errors.Is(err, context.Canceled) {
		return err
	}
	// A group's error names its input (Source.fail); one input's is about
	// that input.
	name := srcs[0].Name
	var ie *inputError
	if errors.As(err, &ie) {
		name, err = ie.name, ie.err
	}
	var le *LineError
	if errors.As(err, &le) {
		return fmt.Errorf("%s:%d: %s", name, le.Line, le.Msg)
	}
	return fmt.Errorf("%s: %v", name, err)
}

// opener opens path again from the start each time it is called; counted,
// when not nil, is told the bytes of the first opening only, so that
// progress counts each input once however often it is read.
func opener(path string, member *zipMember, counted func(int)) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) {
		r, c, err := openInputText(path, member, counted)
		counted = nil
		if err != nil {
			return nil, err
		}
		return readCloser{r, c}, nil
	}
}

type readCloser struct {
	io.Reader
	io.Closer
}

// heldCount holds back a count of bytes read until it is released to
// OnRead (or dropped).
type heldCount struct {
	n  int
	to func(int)
}

func (h *heldCount) add(n int) {
	if h.to != nil {
		h.to(n)
		return
	}
	h.n += n
}

func (h *heldCount) release(to func(int)) {
	if to == nil {
		return
	}
	h.to = to
	to(h.n)
	h.n = 0
}

// removeFile is a Closer that removes a temporary file.
type removeFile string

func (f removeFile) Close() error { return os.Remove(string(f)) }

// LongHeadSize is how much of a JSON file detection reads when its first
// record does not fit in HeadSize.
const LongHeadSize = 4 << 20

// longHead reads up to LongHeadSize bytes of a JSON file's text for
// detection, or returns nil for a file that is not JSON or cannot be read.
func longHead(path string, member *zipMember, head []byte) []byte {
	if t := bytes.TrimLeft(head, " \t\r\n"); len(t) == 0 || t[0] != '[' && t[0] != '{' {
		return nil
	}
	r, c, err := openInputText(path, member, nil)
	if err != nil {
		return nil
	}
	defer c.Close()
	long, _ := io.ReadAll(io.LimitReader(r, LongHeadSize))
	return long
}

// Detect returns the first format that claims head, or nil.
func Detect(head []byte, name string) Format {
	for _, f := range Formats() {
		if f.Detect(head, name) {
			return f
		}
	}
	return nil
}
