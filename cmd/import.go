package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/iqa-cli/iqa/importers"
	"github.com/iqa-cli/iqa/transcript"
)

// ImportOptions are `iqa import`'s inputs and flags.
type ImportOptions struct {
	Inputs []string
	Output string
	Import importFlags
	Quiet  bool

	agentFilter string // --agent, refused: see newImportCmd
}

func newImportCmd(io *IO, runF func(context.Context, *ImportOptions) error) *cobra.Command {
	opts := &ImportOptions{}
	c := &cobra.Command{
		Use:   "import INPUTS...",
		Short: "Convert exports to iqa's native JSON Lines",
		Long: `Read exports in any format iqa knows (see 'iqa formats'), detect each
file's format, and write the conversations as iqa's native JSON Lines, one
conversation a line, which every iqa command reads back. INPUTS are files,
folders (read recursively), glob patterns, or - for standard input; .gz files
are read transparently.

A one-line summary goes to stderr: conversations, messages, rejected records
and formats. Rejected records are listed as file:line: reason.

` + noGateExitCodes,
		Example: `  iqa import exports/ -o conversations.jsonl
  iqa import chats.csv --col text=Body --role-map "Visitor=customer,Operator=agent" --default-channel chat
  iqa import call.vtt --agent-name Dana
  zcat mail.mbox.gz | iqa import - --format email --agent-domain example.com`,
		Args: minArgs(1, "INPUTS (files, folders, patterns or -)"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Inputs = args
			if c.Flags().Changed("agent") {
				return usageError(fmt.Sprintf("run: iqa import %s --agent-name %q", strings.Join(args, " "), opts.agentFilter),
					"import: --agent filters conversations (on score and coach); name the agent with --agent-name")
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runImport(c.Context(), io, opts)
		},
	}
	c.Flags().StringVarP(&opts.Output, "output", "o", "-", "write to this file instead of standard output")
	c.Flags().BoolVarP(&opts.Quiet, "quiet", "q", false, "print nothing on stderr but errors")
	opts.Import.register(c.Flags())
	// --agent is the filter on score and coach; here it once named the
	// agent, so it is refused with the flag to use rather than unknown.
	c.Flags().StringVar(&opts.agentFilter, "agent", "", "")
	c.Flags().MarkHidden("agent")
	return c
}

func runImport(ctx context.Context, io *IO, opts *ImportOptions) error {
	imOpts, inputs, err := opts.Import.resolve(opts.Inputs)
	if err != nil {
		return err
	}
	var outs outputs
	defer outs.abort()
	w, err := outs.create(opts.Output, io.Out)
	if err != nil {
		return err
	}
	rejects, err := openRejectLog(io, &outs, opts.Import.rejects, opts.Quiet)
	if err != nil {
		return err
	}
	nw := importers.NewNativeWriter(w)
	im := importers.Importer{Opts: imOpts, Stdin: io.In, OnReject: rejects.reject, OnWarn: rejects.warn, OnNoChannel: rejects.missingChannel}
	stats, err := im.Run(ctx, inputs, func(c *transcript.Conversation) error { return nw.Write(c) })
	if err != nil {
		return err
	}
	if err := nw.Flush(); err != nil {
		return err
	}
	if opts.Import.strict && rejects.count > 0 {
		return &exitError{code: ExitBadInput, err: fmt.Errorf("%s, and --strict is set; nothing was written", rejects.summary(opts.Import.rejects))}
	}
	if err := outs.commit(); err != nil {
		return err
	}
	rejects.warnNoChannel(`written as "other", whose response-time limits apply when they are scored`)
	if !opts.Quiet {
		fmt.Fprintf(io.Err, "iqa: imported %s\n", describeStats(stats))
		if s := rejects.summary(opts.Import.rejects); s != "" {
			fmt.Fprintf(io.Err, "iqa: %s\n", s)
		}
	}
	return nil
}

// openRejectLog starts the reject log, with its --rejects file when given.
func openRejectLog(io *IO, outs *outputs, path string, quiet bool) (*rejectLog, error) {
	log := &rejectLog{err: io.Err, quiet: quiet, maxList: maxListedRejects}
	if path == "" {
		return log, nil
	}
	w, err := outs.create(path, io.Out)
	if err != nil {
		return nil, err
	}
	log.file = json.NewEncoder(w)
	return log, nil
}

// maxListedRejects bounds the rejects kept for reports; all are counted, and
// all go to the --rejects file.
const maxListedRejects = 100000

// describeStats says what an import read, in one line.
func describeStats(s importers.Stats) string {
	var formats []string
	for name, n := range s.PerFormat {
		if n > 0 {
			formats = append(formats, fmt.Sprintf("%s %d", name, n))
		}
	}
	sort.Strings(formats)
	line := fmt.Sprintf("%s, %s from %s; %d rejected", count(s.Conversations, "conversation"), count(s.Messages, "message"), count(s.Inputs, "input"), s.Rejected)
	if len(formats) > 0 {
		line += " (" + strings.Join(formats, ", ") + ")"
	}
	if s.Skipped > 0 {
		line += fmt.Sprintf("; %s of no known format skipped", count(s.Skipped, "file"))
	}
	return line
}
