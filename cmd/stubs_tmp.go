package cmd

import (
	"context"

	"github.com/spf13/cobra"
)

func newSentimentCmd(io *IO, runF func(context.Context, *ScoreOptions) error) *cobra.Command {
	return &cobra.Command{Use: "sentiment", Hidden: true}
}
