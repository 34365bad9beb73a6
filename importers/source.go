package importers

import (
	"context"
	"fmt"
	"io"

	"github.com/iqa-cli/iqa/transcript"
)

// A Source is one input being decoded: its UTF-8 text and the callbacks a
// format reports through.
type Source struct {
	// Name is the input's path as the user gave it (or "-" for stdin); it is
	// what locations name.
	Name string
	// R is the input's text, decoded to UTF-8 with any byte-order mark
	// removed.
	R io.Reader
	// Opts are the user's hints.
	Opts *Options
	// Times parses timestamps with the user's zone and date order; a format
	// calls Times.Warning at the end of the file.
	Times *TimeParser

	ctx    context.Context
	reopen func() (io.Reader, error)
	emit   func(*transcript.Conversation) error
	reject func(Reject)
	warn   func(Warning)

	conversations, messages, rejected int
}

// Emit hands a finished conversation on. It fills the source location when
// the format did not, completes the conversation (transcript.Finish), and
// rejects it instead when it has no message with text. A non-nil error means
// the run is over (the consumer stopped or the context was cancelled) and
// Decode should return it.
func (s *Source) Emit(c *transcript.Conversation) error {
	if err := s.ctx.Err(); err != nil {
		return err
	}
	if c.Source.File == "" {
		c.Source.File = s.Name
	}
	c.Finish()
	if !hasText(c) {
		s.reject(Reject{Where: c.Source, Reason: fmt.Sprintf("conversation %q has no message with text", c.ID)})
		s.rejected++
		return nil
	}
	if c.ID == "" {
		s.reject(Reject{Where: c.Source, Reason: "conversation has no id"})
		s.rejected++
		return nil
	}
	s.conversations++
	s.messages += len(c.Messages)
	return s.emit(c)
}

func hasText(c *transcript.Conversation) bool {
	for i := range c.Messages {
		if c.Messages[i].Text != "" {
			return true
		}
	}
	return false
}

// Reject records a record that could not be read at line (0 when the
// format has no lines) with a reason.
func (s *Source) Reject(line int, format string, args ...any) {
	s.rejected++
	s.reject(Reject{Where: transcript.Location{File: s.Name, Line: line}, Reason: fmt.Sprintf(format, args...)})
}

// RejectRecord is Reject for formats without lines: record counts from 1.
func (s *Source) RejectRecord(record int, format string, args ...any) {
	s.rejected++
	s.reject(Reject{Where: transcript.Location{File: s.Name, Record: record}, Reason: fmt.Sprintf(format, args...)})
}

// Warn tells the user something about this input that did not stop it
// being read.
func (s *Source) Warn(format string, args ...any) {
	s.warn(Warning{File: s.Name, Message: fmt.Sprintf(format, args...)})
}

// Reopen returns the input's text again from the start, for formats that
// need two passes (rows of one conversation scattered through a file).
func (s *Source) Reopen() (io.Reader, error) { return s.reopen() }

// Err reports whether the run was cancelled; long decoders check it.
func (s *Source) Err() error { return s.ctx.Err() }
