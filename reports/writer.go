package reports

import "github.com/iqa-cli/iqa/scoring"

// A Writer renders results as they come and finishes with the run's
// summary. Writers never score; they render.
type Writer interface {
	Write(r *scoring.Result) error
	// Close finishes the output with the whole run's summary.
	Close(s *Summary) error
}

// Multi is several writers fed in one pass.
type Multi []Writer

// Write implements Writer.
func (m Multi) Write(r *scoring.Result) error {
	for _, w := range m {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	return nil
}

// Close implements Writer.
func (m Multi) Close(s *Summary) error {
	for _, w := range m {
		if err := w.Close(s); err != nil {
			return err
		}
	}
	return nil
}

// Discard releases what a writer holds when a run fails before Close: the
// temporary files some writers spool to. Call it instead of Close.
func Discard(w Writer) {
	if d, ok := w.(interface{ discard() }); ok {
		d.discard()
	}
}

func (m Multi) discard() {
	for _, w := range m {
		Discard(w)
	}
}
