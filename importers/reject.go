package importers

import (
	"fmt"

	"github.com/iqa-cli/iqa/transcript"
)

// A Reject is an input record that was not imported, and why.
type Reject struct {
	Where  transcript.Location
	Reason string
	// Conversation is the id of the conversation the record belonged to,
	// when the format could tell, so that explain can show it.
	Conversation string
}

// String formats a reject as file:line: reason.
func (r Reject) String() string { return fmt.Sprintf("%s: %s", r.Where, r.Reason) }

// Warning is something the user should know about an input that did not
// stop it being read: an ambiguous date, a guessed agent.
type Warning struct {
	File    string
	Message string
}

// String formats a warning as file: message.
func (w Warning) String() string { return fmt.Sprintf("%s: %s", w.File, w.Message) }

// LineError is a Decode error at a line of the input; Run prefixes it with
// the file name.
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// ErrorAt makes a LineError.
func ErrorAt(line int, format string, args ...any) error {
	return &LineError{Line: line, Msg: fmt.Sprintf(format, args...)}
}
