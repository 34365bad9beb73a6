package cmd

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/iqa-cli/iqa/importers"
	"github.com/iqa-cli/iqa/reports"
	"github.com/iqa-cli/iqa/transcript"
)

// ExplainOptions are `iqa explain`'s inputs and flags.
type ExplainOptions struct {
	Inputs []string
	ID     string
	Rubric string
	Import importFlags
}

func newExplainCmd(io *IO, runF func(context.Context, *ExplainOptions) error) *cobra.Command {
	opts := &ExplainOptions{}
	c := &cobra.Command{
		Use:   "explain INPUTS... --id CONVERSATION_ID",
		Short: "Show one conversation's score with the evidence marked on its messages",
		Long: `Import INPUTS, score the conversation with the given id, and print its
transcript with every criterion's score, status and reason, and each piece
of evidence marked on the message it rests on.

` + noGateExitCodes,
		Example: `  iqa explain testdata/samples --id chat-1001
  iqa explain chats.csv --id 88231 --rubric qa.yaml --default-channel chat`,
		Args: minArgs(1, "INPUTS (files, folders, patterns or -)"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Inputs = args
			if opts.ID == "" {
				return usageError("find ids with 'iqa import INPUTS' or in 'iqa score --json' results", "explain: missing --id CONVERSATION_ID")
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runExplain(c.Context(), io, opts)
		},
	}
	c.Flags().StringVar(&opts.ID, "id", "", "the id of the conversation to explain")
	c.Flags().StringVarP(&opts.Rubric, "rubric", "r", "default", "built-in rubric name or a rubric file")
	opts.Import.register(c.Flags())
	return c
}

func runExplain(ctx context.Context, io *IO, opts *ExplainOptions) error {
	imOpts, inputs, err := opts.Import.resolve(opts.Inputs)
	if err != nil {
		return err
	}
	_, engine, err := loadEngine(opts.Rubric)
	if err != nil {
		return err
	}
	var outs outputs
	defer outs.abort()
	// Reject lines go to --rejects, not stderr: the rows that matter here,
	// this conversation's, are shown with the explanation.
	rejects, err := openRejectLog(io, &outs, opts.Import.rejects, true)
	if err != nil {
		return err
	}
	var found *transcript.Conversation
	im := importers.Importer{Opts: imOpts, Stdin: io.In, OnReject: rejects.reject, OnWarn: rejects.warn}
	noChannel := false
	im.OnNoChannel = func(c *transcript.Conversation) {
		if c.ID == opts.ID && found == nil {
			noChannel = true
		}
	}
	// --strict and --rejects are about every record, so the whole input is
	// read; otherwise reading stops at the conversation.
	readAll := opts.Import.strict || opts.Import.rejects != ""
	_, err = im.Run(ctx, inputs, func(c *transcript.Conversation) error {
		if c.ID == opts.ID && found == nil {
			found = c
			if !readAll {
				return importers.ErrStopped
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, importers.ErrStopped) {
		return err
	}
	if opts.Import.strict && rejects.count > 0 {
		return &exitError{code: ExitBadInput, err: fmt.Errorf("%s, and --strict is set", rejects.summary(opts.Import.rejects))}
	}
	if err := outs.commit(); err != nil {
		return err
	}
	if found == nil {
		return usageError("ids are in 'iqa import' output and in score results", "no conversation with id %q in %s", opts.ID, count(len(inputs), "input"))
	}
	if noChannel {
		// Said before the explanation, so that a reader of a long page on a
		// terminal sees it first.
		fmt.Fprintf(io.Err, "iqa: warning: conversation %q has no channel; %s — %s\n", opts.ID, noChannelScored, channelHint)
	}
	result := engine.Score(found)
	if err := reports.WriteExplanation(io.Out, result, io.OutTTY); err != nil {
		return fmt.Errorf("write explanation: %v", err)
	}
	var own []importers.Reject
	for _, r := range rejects.list {
		if r.Conversation == opts.ID {
			own = append(own, r)
		}
	}
	if len(own) > 0 {
		// Rows of this conversation that were not read: the transcript
		// above is without them, and its score may flatter it.
		fmt.Fprintf(io.Out, "\nrejected rows of this conversation (%d, not in the transcript above)\n", len(own))
		for _, r := range own {
			fmt.Fprintf(io.Out, "  %s\n", r)
		}
	}
	if n := rejects.count - len(own); n > 0 {
		fmt.Fprintf(io.Err, "iqa: %s rejected in the inputs", count(n, "other record"))
		if opts.Import.rejects != "" {
			fmt.Fprintf(io.Err, "; all are listed in %s", opts.Import.rejects)
		}
		fmt.Fprintln(io.Err)
	}
	return nil
}
