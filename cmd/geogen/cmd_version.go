package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print geogen's version",
		Long: `version prints the module version geogen was built at ("v1.2.3" when installed
with go install, "(devel)" when built from a checkout, then with the commit),
and the Go version that built it.`,
		Args: exactArgs(0, "geogen version"),
		RunE: func(c *cobra.Command, _ []string) error {
			fmt.Fprintln(a.stdout, versionLine())
			return nil
		},
	}
}

// versionLine is "geogen v1.2.3 go1.26.8", or for a build from a
// checkout "geogen (devel) 0123abcd4567+dirty go1.26.8".
func versionLine() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "geogen (unknown version)"
	}
	line := "geogen " + bi.Main.Version
	if line == "geogen " {
		line += "(devel)"
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value[:min(len(s.Value), 12)]
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev != "" {
		line += " " + rev + dirty
	}
	return line + " " + bi.GoVersion
}
