package cmd

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/iqa-cli/iqa/scoring/sentiment"
)

// SentimentOptions are `iqa sentiment`'s inputs and flags.
type SentimentOptions struct {
	Files []string
	JSONL bool
}

func newSentimentCmd(io *IO, runF func(context.Context, *SentimentOptions) error) *cobra.Command {
	opts := &SentimentOptions{}
	c := &cobra.Command{
		Use:   "sentiment [FILE...]",
		Short: "Score the sentiment of one text per line",
		Long: `Read one text per line (from FILEs, or standard input when none is given) and
print each text's sentiment: compound from -1 (most negative) to 1 (most
positive), and the shares of positive, neutral and negative words. The
analyzer is the one iqa scores conversations with, tuned for customer service.

A table for people; with --jsonl one object per line for machines:
{"text":…,"compound":…,"pos":…,"neu":…,"neg":…}`,
		Example: `  echo "still waiting for my refund, this is ridiculous" | iqa sentiment
  iqa sentiment messages.txt --jsonl > scores.jsonl`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Files = args
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runSentiment(c.Context(), io, opts)
		},
	}
	c.Flags().BoolVar(&opts.JSONL, "jsonl", false, "print one JSON object per line")
	return c
}

func runSentiment(ctx context.Context, iox *IO, opts *SentimentOptions) error {
	analyzer := sentiment.Default()
	out := bufio.NewWriterSize(iox.Out, 256<<10)
	var emit func(lines []string) error
	var flush func() error
	if opts.JSONL {
		jl := newJSONLScorer(analyzer, out)
		emit, flush = jl.add, jl.close
	} else {
		table := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(table, "compound\tpos\tneu\tneg\tlabel\t text")
		emit = func(lines []string) error {
			for _, text := range lines {
				s := analyzer.Score(text)
				fmt.Fprintf(table, "%.4f\t%.3f\t%.3f\t%.3f\t%s\t %s\n", s.Compound, s.Pos, s.Neu, s.Neg, s.Label(0.05), shorten(text, 70))
			}
			return nil
		}
		flush = table.Flush
	}
	each := func(name string, r io.Reader) error {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 16<<20)
		line := 0
		batch := make([]string, 0, sentimentBatch)
		for sc.Scan() {
			line++
			batch = append(batch, sc.Text())
			if len(batch) == sentimentBatch {
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := emit(batch); err != nil {
					return err
				}
				batch = make([]string, 0, sentimentBatch)
			}
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("%s:%d: %v", name, line+1, err)
		}
		return emit(batch)
	}
	err := func() error {
		if len(opts.Files) == 0 {
			return each("stdin", iox.In)
		}
		for _, name := range opts.Files {
			f, err := os.Open(name)
			if err != nil {
				return usageError("", "%s: %v", name, unwrapPath(err))
			}
			err = each(name, f)
			f.Close()
			if err != nil {
				return err
			}
		}
		return nil
	}()
	if ferr := flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return err
	}
	return out.Flush()
}

// sentimentBatch is how many lines one worker scores at a time.
const sentimentBatch = 2048

// jsonlScorer scores batches of lines on every CPU and writes their JSON
// lines in input order.
type jsonlScorer struct {
	analyzer *sentiment.Analyzer
	out      io.Writer
	pending  chan chan []byte // batches in input order, each with its future output
	done     chan error
}

func newJSONLScorer(a *sentiment.Analyzer, out io.Writer) *jsonlScorer {
	j := &jsonlScorer{analyzer: a, out: out, pending: make(chan chan []byte, 2*runtime.GOMAXPROCS(0)), done: make(chan error, 1)}
	go func() {
		var err error
		for result := range j.pending {
			b := <-result
			if err == nil {
				_, err = j.out.Write(b)
			}
		}
		j.done <- err
	}()
	return j
}

func (j *jsonlScorer) add(lines []string) error {
	result := make(chan []byte, 1)
	j.pending <- result
	go func() {
		var b []byte
		for _, text := range lines {
			b = appendScoresJSON(b, text, j.analyzer.Score(text))
		}
		result <- b
	}()
	return nil
}

func (j *jsonlScorer) close() error {
	close(j.pending)
	return <-j.done
}

// appendScoresJSON writes one --jsonl line without reflection: the
// command's throughput is mostly this and the analyzer.
func appendScoresJSON(b []byte, text string, s sentiment.Scores) []byte {
	b = append(b, `{"text":`...)
	b = appendJSONString(b, text)
	b = append(b, `,"compound":`...)
	b = strconv.AppendFloat(b, round(s.Compound, 4), 'f', -1, 64)
	b = append(b, `,"pos":`...)
	b = strconv.AppendFloat(b, round(s.Pos, 3), 'f', -1, 64)
	b = append(b, `,"neu":`...)
	b = strconv.AppendFloat(b, round(s.Neu, 3), 'f', -1, 64)
	b = append(b, `,"neg":`...)
	b = strconv.AppendFloat(b, round(s.Neg, 3), 'f', -1, 64)
	return append(b, "}\n"...)
}

func round(f float64, digits int) float64 {
	p := 1.0
	for range digits {
		p *= 10
	}
	v := float64(int64(f*p+copySign(0.5, f))) / p
	if v == 0 {
		return 0 // no "-0"
	}
	return v
}

func copySign(x, sign float64) float64 {
	if sign < 0 {
		return -x
	}
	return x
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as a JSON string; invalid UTF-8 becomes U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// shorten fits a text in a table cell: tabs would split the cell.
func shorten(s string, n int) string {
	s = strings.ReplaceAll(s, "\t", " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
