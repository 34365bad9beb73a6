// Command iqa scores the quality of customer-service conversations.
package main

import (
	"os"
	// Time zones (--tz, rubric business hours) must load on machines
	// without zone files: iqa ships as one static binary.
	_ "time/tzdata"

	"github.com/iqa-cli/iqa/cmd"
)

func main() { os.Exit(cmd.Main()) }
