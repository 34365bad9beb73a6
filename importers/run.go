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
}

// Stats counts what a run imported.
type Stats struct {
	Inputs        int
	Conversations int
	Messages      int
	Rejected      int
	// PerFormat counts conversations by the format they were read as.
	PerFormat map[string]int
}

// ErrStopped is what emit returns to end a run early without an error.
var ErrStopped = errors.New("stopped")

// Run decodes every input in order and hands each conversation to emit.
// It returns at the first input that cannot be read at all (missing, empty,
// not the forced format, or of no format iqa knows); records that cannot be
// read are rejected through OnReject and the run goes on. If emit returns
// ErrStopped, Run stops and returns nil.
func (im *Importer) Run(ctx context.Context, inputs []Input, emit func(*transcript.Conversation) error) (Stats, error) {
	stats := Stats{PerFormat: map[string]int{}}
	var forced Format
	if im.Opts.Format != "" {
		f, err := Lookup(im.Opts.Format)
		if err != nil {
			return stats, err
		}
		forced = f
	}
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return stats, err
		}
		stats.Inputs++
		err := im.runOne(ctx, in, forced, emit, &stats)
		if errors.Is(err, ErrStopped) {
			return stats, nil
		}
		if err != nil {
			return stats, err
		}
	}
	return stats, nil
}

func (im *Importer) runOne(ctx context.Context, in Input, forced Format, emit func(*transcript.Conversation) error, stats *Stats) error {
	path := in.Name
	if in.Name == Stdin {
		stdin := im.Stdin
		if stdin == nil {
			stdin = os.Stdin
		}
		tmp, err := spool(ctx, stdin)
		if err != nil {
			return err
		}
		defer os.Remove(tmp)
		path = tmp
	}
	text, closer, err := openText(path, im.OnRead)
	if err != nil {
		return fmt.Errorf("%s: %v", in.Name, err)
	}
	defer closer.Close()

	head, _ := text.Peek(HeadSize)
	if len(bytes.TrimSpace(head)) == 0 {
		return fmt.Errorf("%s: file is empty", in.Name)
	}
	name := strings.TrimSuffix(filepath.Base(in.Name), ".gz")
	if len(head) == HeadSize && (forced == nil && Detect(head, name) == nil || forced != nil && !forced.Detect(head, name)) {
		// A JSON file whose first record is longer than the head (a long
		// e-mail body, a pasted log) can only be told by its whole first
		// record.
		if long := longHead(path, head); long != nil {
			head = long
		}
	}
	format := forced
	if format == nil {
		format = Detect(head, name)
		if format == nil {
			return fmt.Errorf("%s: not a format iqa recognises; name one with --format (see 'iqa formats')", in.Name)
		}
	} else if !format.Detect(head, name) && len(im.Opts.Columns) == 0 {
		// With --col the user has said where the fields are, so a file whose
		// headers the format would not recognise on its own is still read.
		return fmt.Errorf("%s: does not look like %s input (%s); check --format", in.Name, format.Name(), format.Expects())
	}

	opts := im.Opts
	src := &Source{
		Name:  in.Name,
		R:     text,
		Opts:  &opts,
		Times: &TimeParser{TZ: opts.TZ, Order: opts.DateOrder},
		ctx:   ctx,
		emit:  emit,
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
	}
	src.Times.Prime(head)
	var reopened []io.Closer
	defer func() {
		for _, c := range reopened {
			c.Close()
		}
	}()
	src.reopen = func() (io.Reader, error) {
		r, c, err := openText(path, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", in.Name, err)
		}
		reopened = append(reopened, c)
		return r, nil
	}
	err = format.Decode(src)
	if w := src.Times.Warning(); w != "" {
		src.Warn("%s", w)
	}
	stats.Conversations += src.conversations
	stats.Messages += src.messages
	stats.Rejected += src.rejected
	stats.PerFormat[format.Name()] += src.conversations
	var le *LineError
	switch {
	case err == nil || errors.Is(err, ErrStopped) || errors.Is(err, context.Canceled):
	case errors.As(err, &le):
		return fmt.Errorf("%s:%d: %s", in.Name, le.Line, le.Msg)
	default:
		return fmt.Errorf("%s: %v", in.Name, err)
	}
	return err
}

// LongHeadSize is how much of a JSON file detection reads when its first
// record does not fit in HeadSize.
const LongHeadSize = 4 << 20

// longHead reads up to LongHeadSize bytes of a JSON file's text for
// detection, or returns nil for a file that is not JSON or cannot be read.
func longHead(path string, head []byte) []byte {
	if t := bytes.TrimLeft(head, " \t\r\n"); len(t) == 0 || t[0] != '[' && t[0] != '{' {
		return nil
	}
	r, c, err := openText(path, nil)
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
