package cmd

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at release time with -ldflags "-X github.com/iqa-cli/iqa/cmd.version=v1.2.3".
var version = ""

// buildInfo describes this binary: version, commit and Go version.
type buildInfo struct{ Version, Commit, GoVersion string }

func readBuildInfo() buildInfo {
	bi := buildInfo{Version: version, Commit: "unknown", GoVersion: runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		if bi.Version == "" {
			bi.Version = "(devel)"
		}
		return bi
	}
	if bi.Version == "" {
		bi.Version = info.Main.Version
	}
	if bi.Version == "" {
		bi.Version = "(devel)"
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			bi.Commit = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				bi.Commit += " (modified)"
			}
		}
	}
	return bi
}

func newVersionCmd(io *IO) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print iqa's version, commit and Go version",
		Example: "  iqa version",
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			bi := readBuildInfo()
			_, err := fmt.Fprintf(io.Out, "iqa %s\ncommit %s\n%s\n", bi.Version, bi.Commit, bi.GoVersion)
			return err
		},
	}
}
