package cmd

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// Every command's --help has examples, and a short line.
func TestEveryCommandHasExamples(t *testing.T) {
	root := newRootCmd(&IO{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard, Now: time.Now})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden || c.Name() == "help" {
			return
		}
		if strings.TrimSpace(c.Example) == "" {
			t.Errorf("%q has no examples in --help", c.CommandPath())
		}
		if c.Short == "" {
			t.Errorf("%q has no short description", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
