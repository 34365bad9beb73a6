package cmd

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/iqa-cli/iqa/importers"
)

func newFormatsCmd(io *IO) *cobra.Command {
	return &cobra.Command{
		Use:   "formats",
		Short: "List the export formats iqa reads",
		Long: `List the export formats iqa reads, in the order it tries them when it
detects a file's format. Name one with --format to skip detection.`,
		Example: "  iqa formats\n  iqa score chats.csv --format csv",
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			tw := tabwriter.NewWriter(io.Out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "FORMAT\tREADS")
			for _, f := range importers.Formats() {
				fmt.Fprintf(tw, "%s\t%s\n", f.Name(), f.Expects())
			}
			return tw.Flush()
		},
	}
}
