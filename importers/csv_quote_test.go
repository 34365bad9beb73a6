package importers

import (
	"encoding/csv"
	"io"
	"strings"
	"testing"
)

func trackQuotes(text string, delim byte) quoteState {
	t := quoteTracker{delim: delim}
	t.scan([]byte(text))
	return t.state
}

func TestQuoteTrackerEndsOpenOnlyInsideAQuote(t *testing.T) {
	cases := []struct {
		text string
		open bool
	}{
		{"a,b\n1,2\n", false},
		{"a,b\n1,\"two\"\n", false},
		{"a,b\n1,\"two\"", false},
		{"a,b\r\n1,\"two\"\r\n", false},
		{"a,b\n1,\"say \"\"hi\"\"\"\n", false},
		{"a,b\n1,\"first\nsecond\"\n", false},
		{"a,b\n1,5\" screen\n", false},            // a quote inside a bare value is text
		{"a,b\n1,\"a \"stray\" quote\"\n", false}, // lenient: a quote before a letter is text
		{"a,b\n1,\"two\n", true},
		{"a,b\n1,\"two", true},
		{"a,b\n1,\"two\"\"\n", true}, // the last quote is doubled: text, still open
		{"a,b\n1,\"x\"\r2\n", true},  // a quote, then \r not before \n: text
	}
	for _, c := range cases {
		if got := trackQuotes(c.text, ',') == inQuotes; got != c.open {
			t.Errorf("%q: open at end = %v, want %v", c.text, got, c.open)
		}
	}
	if trackQuotes("a;b\n1;\"x;y\"\n", ';') == inQuotes {
		t.Error("semicolon file: quote closed before the delimiter read as open")
	}
}

// FuzzQuoteTracker holds the tracker to encoding/csv: a text the strict
// reader reads to the end never ends inside a quote, and the same text with
// a quote opened on a new last line always does.
func FuzzQuoteTracker(f *testing.F) {
	f.Add("a,b\n1,\"x\"\"y\"\n")
	f.Add("a,b\r\n1,\"multi\nline\"\r\n")
	f.Fuzz(func(t *testing.T, text string) {
		r := csv.NewReader(strings.NewReader(text))
		r.FieldsPerRecord = -1
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return
			}
		}
		if trackQuotes(text, ',') == inQuotes {
			t.Fatalf("%q: read whole by encoding/csv, but the tracker ends inside a quote", text)
		}
		if !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		if trackQuotes(text+"\"open", ',') != inQuotes {
			t.Fatalf("%q: a quote opened on the last line not seen", text)
		}
	})
}
