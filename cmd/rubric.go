package cmd

import (
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/iqa-cli/iqa/rubrics"
)

func newRubricCmd(io *IO) *cobra.Command {
	c := &cobra.Command{
		Use:   "rubric",
		Short: "List, show, check and start rubrics",
		Long: `A rubric is a YAML file of weighted criteria that iqa scores conversations
against. iqa has built-in rubrics; write your own starting from 'iqa rubric init'.`,
		Example: `  iqa rubric list
  iqa rubric show default
  iqa rubric init > qa.yaml
  iqa rubric validate qa.yaml`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return usageError("see 'iqa rubric --help'", "rubric: name a subcommand: list, show, validate or init")
		},
	}
	c.AddCommand(newRubricListCmd(io), newRubricShowCmd(io), newRubricValidateCmd(io), newRubricInitCmd(io))
	return c
}

func newRubricListCmd(io *IO) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the built-in rubrics",
		Example: "  iqa rubric list",
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			tw := tabwriter.NewWriter(io.Out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tVERSION\tCRITERIA\tDESCRIPTION")
			for _, name := range rubrics.BuiltinNames() {
				r, err := rubrics.Builtin(name)
				if err != nil {
					return err
				}
				fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", r.Name, r.Version, len(r.Criteria), firstLine(r.Description))
			}
			return tw.Flush()
		},
	}
}

func firstLine(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	return s
}

func newRubricShowCmd(io *IO) *cobra.Command {
	return &cobra.Command{
		Use:   "show NAME|FILE",
		Short: "Print a rubric as iqa uses it, with every default filled in",
		Example: `  iqa rubric show default
  iqa rubric show qa.yaml`,
		Args: minArgs(1, "NAME or FILE"),
		RunE: func(c *cobra.Command, args []string) error {
			r, err := resolveRubric(args[0])
			if err != nil {
				return err
			}
			out, err := rubrics.Marshal(r)
			if err != nil {
				return err
			}
			_, err = io.Out.Write(out)
			return err
		},
	}
}

func newRubricValidateCmd(io *IO) *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check rubric files and report every mistake with file:line:column",
		Long: `Check rubric files. Every mistake in every file is reported, each as
file:line:column: what is wrong; a file without mistakes prints "ok".
Exit code 2 when any file has a mistake.`,
		Example: "  iqa rubric validate qa.yaml\n  iqa rubric validate rubrics/*.yaml",
		Args:    minArgs(1, "FILE"),
		RunE: func(c *cobra.Command, args []string) error {
			bad := 0
			for _, path := range args {
				if _, err := rubrics.Load(path); err != nil {
					bad++
					printError(io, err)
					continue
				}
				fmt.Fprintf(io.Out, "%s: ok\n", path)
			}
			if bad > 0 {
				return &exitError{code: ExitBadInput, err: fmt.Errorf("%d of %s have mistakes", bad, count(len(args), "rubric file")), silent: true}
			}
			return nil
		},
	}
}

func newRubricInitCmd(io *IO) *cobra.Command {
	return &cobra.Command{
		Use:   "init [NAME]",
		Short: "Print a commented starting-point rubric",
		Example: `  iqa rubric init > my-rubric.yaml
  iqa rubric init support-qa > support-qa.yaml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			name := ""
			if len(args) == 1 {
				name = args[0]
			}
			_, err := io.Out.Write(rubrics.InitTemplate(name))
			return err
		},
	}
}

// resolveRubric loads a built-in rubric or a file, as a usage error when it
// cannot.
func resolveRubric(name string) (*rubrics.Rubric, error) {
	r, err := rubrics.Resolve(name)
	if err != nil {
		var rerr rubrics.Error
		hint := "list built-in rubrics with 'iqa rubric list'"
		if errors.As(err, &rerr) {
			hint = "fix the rubric, then check it with 'iqa rubric validate FILE'"
		}
		return nil, &exitError{code: ExitBadInput, err: err, hint: hint}
	}
	return r, nil
}
