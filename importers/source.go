package importers

import (
	"context"
	"errors"
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
	// removed. It is nil in the sources DecodeGroup is given, which open
	// each input themselves (Open) so that a folder of thousands of files
	// is never held open at once.
	R io.Reader
	// Opts are the user's hints.
	Opts *Options
	// Times parses timestamps with the user's zone and date order; a format
	// calls Times.Warning at the end of the file.
	Times *TimeParser

	ctx     context.Context
	path    string     // the file to open: Name, or standard input's copy
	member  *zipMember // when the input is inside a zip archive
	open    func() (io.ReadCloser, error)
	closers []io.Closer // what Run and Reopen opened, closed when the input is done
	emit    func(*transcript.Conversation) error
	reject  func(Reject)
	warn    func(Warning)
	// noChannel, when not nil, is told of conversations emitted without a
	// channel (Importer.OnNoChannel).
	noChannel func(*transcript.Conversation)
	// shared is what the inputs of one run share (the Gorgias statistics);
	// nil when a format is decoded outside Importer.Run.
	shared *runState

	conversations, messages, rejected int
}

// Emit hands a finished conversation on. It fills the source location when
// the format did not, completes the conversation (transcript.Finish), and
// rejects it instead when it has no message with text. A conversation whose
// export named no channel gets Opts.DefaultChannel. A non-nil error means
// the run is over (the consumer stopped or the context was cancelled) and
// Decode should return it.
func (s *Source) Emit(c *transcript.Conversation) error {
	if err := s.ctx.Err(); err != nil {
		return err
	}
	if c.Source.File == "" {
		c.Source.File = s.Name
	}
	if c.Channel == "" && s.Opts != nil {
		c.Channel = s.Opts.DefaultChannel
	}
	noChannel := c.Channel == ""
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
	if noChannel && s.noChannel != nil {
		s.noChannel(c)
	}
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

// RejectIn is Reject for a record known to belong to conversation id.
func (s *Source) RejectIn(id string, line int, format string, args ...any) {
	s.rejected++
	s.reject(Reject{Where: transcript.Location{File: s.Name, Line: line}, Reason: fmt.Sprintf(format, args...), Conversation: id})
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
// need two passes (rows of one conversation scattered through a file). Run
// closes it when the input is done.
func (s *Source) Reopen() (io.Reader, error) {
	rc, err := s.Open()
	if err != nil {
		return nil, err
	}
	s.closers = append(s.closers, rc)
	return rc, nil
}

// Open returns the input's text from the start, like Reopen, but the
// caller closes it: a GroupFormat reads many inputs and must not keep them
// all open.
func (s *Source) Open() (io.ReadCloser, error) {
	rc, err := s.open()
	if err != nil {
		return nil, s.fail(err)
	}
	return rc, nil
}

// close closes what was opened for this input, the last opened first.
func (s *Source) close() {
	for i := len(s.closers) - 1; i >= 0; i-- {
		s.closers[i].Close()
	}
	s.closers = nil
}

// fail marks err as this input's, so that Run names this input when it
// reports it (a GroupFormat decodes many inputs but returns one error).
func (s *Source) fail(err error) error {
	var ie *inputError
	if err == nil || errors.As(err, &ie) {
		return err
	}
	return &inputError{name: s.Name, err: err}
}

// inputError is an error that stops the run at one named input.
type inputError struct {
	name string
	err  error
}

func (e *inputError) Error() string { return e.name + ": " + e.err.Error() }
func (e *inputError) Unwrap() error { return e.err }

// Err reports whether the run was cancelled; long decoders check it.
func (s *Source) Err() error { return s.ctx.Err() }
