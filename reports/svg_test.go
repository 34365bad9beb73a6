package reports

import (
	"testing"
	"unicode/utf8"
)

// TestBarLabelsFitTheChart pins the label column's width against its
// longest label in a wide font (7 units a character at 12px): a longer
// label ran past the chart's left edge and lost its first letters
// ("cknowledges the customer…").
func TestBarLabelsFitTheChart(t *testing.T) {
	label := shorten("Acknowledges the customer's feelings", barLabelChars)
	if w := 7 * utf8.RuneCountInString(label); w > barLabelW-8 {
		t.Errorf("label %q is about %d units wide; the column has %d", label, w, barLabelW-8)
	}
}
