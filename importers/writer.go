package importers

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/iqa-cli/iqa/transcript"
)

// NativeWriter writes conversations as iqa's native JSON Lines, the format
// Native reads back.
type NativeWriter struct {
	w   *bufio.Writer
	enc *json.Encoder
}

// NewNativeWriter writes to w; call Flush at the end.
func NewNativeWriter(w io.Writer) *NativeWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &NativeWriter{w: bw, enc: enc}
}

// Write writes one conversation on one line.
func (nw *NativeWriter) Write(c *transcript.Conversation) error { return nw.enc.Encode(c) }

// Flush writes what is buffered.
func (nw *NativeWriter) Flush() error { return nw.w.Flush() }
