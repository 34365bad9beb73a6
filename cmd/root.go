package cmd

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func newRootCmd(io *IO) *cobra.Command {
	root := &cobra.Command{
		Use:   "iqa",
		Short: "Score the quality of customer-service conversations",
		Long: `iqa imports chat, e-mail and call transcripts from helpdesk, chat and
speech-to-text exports, scores every conversation against a rubric, and
writes reports with the evidence for every point given or taken.

` + exitCodeHelp,
		Example: `  iqa score testdata/samples
  iqa score exports/ --rubric my-rubric.yaml --json results.jsonl --html report.html
  iqa import chats.csv --col text=Body -o chats.jsonl
  iqa formats`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.Err)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError(fmt.Sprintf("see '%s --help'", c.CommandPath()), "%s", flagErrorText(err))
	})
	root.CompletionOptions.DisableDefaultCmd = true
	root.AddCommand(
		newScoreCmd(io, nil),
		newReportCmd(io, nil),
		newCoachCmd(io, nil),
		newCalibrateCmd(io, nil),
		newImportCmd(io, nil),
		newFormatsCmd(io),
		newExplainCmd(io, nil),
		newDiffCmd(io, nil),
		newHistoryCmd(io),
		newRubricCmd(io),
		newSentimentCmd(io, nil),
		newVersionCmd(io),
	)
	return root
}

// exactArgs and minArgs wrap cobra's checks so that a wrong count is a
// usage error with a hint.
func minArgs(n int, what string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) < n {
			return usageError(fmt.Sprintf("see 'iqa %s --help'", c.Name()), "%s: missing %s", c.Name(), what)
		}
		return nil
	}
}

// flagErrorText says what is wrong with a flag in iqa's words: a value of
// the wrong kind is "--fail-under "abc": give a number such as 80", not
// Go's "strconv.ParseFloat: parsing "abc": invalid syntax".
func flagErrorText(err error) string {
	var iv *pflag.InvalidValueError
	if !errors.As(err, &iv) {
		return err.Error()
	}
	f := iv.GetFlag()
	want := ""
	switch f.Value.Type() {
	case "float64", "float32":
		want = "give a number"
		if f.Name == "fail-under" || f.Name == "max-fail-rate" {
			want = "give a number from 0 to 100, such as 80"
		}
	case "int", "int64", "int32":
		want = "give a whole number"
	case "uint", "uint64", "uint32":
		want = "give a whole number, 0 or more"
	case "bool":
		want = "give true or false, or leave the value out"
	case "duration":
		want = "give a duration such as 90s or 5m"
	default:
		return fmt.Sprintf("--%s %q: %v", f.Name, iv.GetValue(), errors.Unwrap(err))
	}
	return fmt.Sprintf("--%s %q: %s", f.Name, iv.GetValue(), want)
}

// unknownCommand rewrites cobra's error for an unknown command, whose
// suggestions come on lines of their own ("Did you mean this?", a tab and
// a name), as one line, with a hint naming the help to read.
func unknownCommand(err error) error {
	msg := err.Error()
	if !strings.HasPrefix(msg, "unknown command ") {
		return err
	}
	first, rest, _ := strings.Cut(msg, "\n")
	var names []string
	for _, l := range strings.Split(rest, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasSuffix(l, "?") {
			names = append(names, strconv.Quote(l))
		}
	}
	parent := "iqa"
	if _, p, ok := strings.Cut(first, " for "); ok {
		if q, err := strconv.Unquote(p); err == nil {
			parent = q
		}
	}
	if len(names) > 0 {
		first += fmt.Sprintf(" (did you mean %s?)", strings.Join(names, " or "))
	}
	return usageError(fmt.Sprintf("see '%s --help' for its commands", parent), "%s", first)
}
