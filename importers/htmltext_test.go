package importers

import (
	"testing"

	"github.com/iqa-cli/iqa/transcript"
)

func TestHTMLToText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain text is kept", "no tags here", "no tags here"},
		{"entities decoded", "Fish &amp; chips &lt;3 &euro;5&nbsp;only", "Fish & chips <3 €5 only"},
		{"paragraphs and breaks", "<p>Hi Ana,</p><p>Thanks.<br>Bob</p>", "Hi Ana,\n\nThanks.\nBob"},
		{"lists one item a line", "<p>Steps:</p><ul><li>a</li><li>b</li></ul>", "Steps:\n\na\nb"},
		{"links keep their text only", `See <a href="https://x.example/t">our page</a>.`, "See our page."},
		{"scripts and styles dropped", "<style>p{}</style><script>alert(1)</script>Hello", "Hello"},
		{"table cells spaced", "<table><tr><td>a</td><td>b</td></tr></table>", "a b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := transcript.NormalizeText(HTMLToText(tt.in)); got != tt.want {
				t.Errorf("HTMLToText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
