package cmd

import (
	"fmt"

	"github.com/spf13/cobra"
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
		return usageError(fmt.Sprintf("see 'iqa %s --help'", c.Name()), "%v", err)
	})
	root.CompletionOptions.DisableDefaultCmd = true
	root.AddCommand(
		newScoreCmd(io, nil),
		newReportCmd(io, nil),
		newCoachCmd(io, nil),
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
