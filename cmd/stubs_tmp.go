package cmd

import (
	"context"

	"github.com/spf13/cobra"
)

func newRubricCmd(io *IO) *cobra.Command { return &cobra.Command{Use: "rubric", Hidden: true} }
func newSentimentCmd(io *IO, runF func(context.Context, *ScoreOptions) error) *cobra.Command {
	return &cobra.Command{Use: "sentiment", Hidden: true}
}
