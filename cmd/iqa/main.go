// Command iqa scores the quality of customer-service conversations.
package main

import (
	"os"

	"github.com/iqa-cli/iqa/cmd"
)

func main() { os.Exit(cmd.Main()) }
