package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/geogen/geogen/generator/manifest"
)

// completeReplicables completes a type name from the project's manifest
// (cobra's completion command does the rest). A missing or broken
// manifest completes nothing rather than printing errors into the shell.
func (a *app) completeReplicables(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	s, err := a.openProject(false)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	for _, r := range s.Manifest.Replicables {
		if strings.HasPrefix(r.Name, toComplete) {
			out = append(out, cobra.CompletionWithDesc(r.Name, string(r.Strategy)))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeStrategies completes --strategy.
func completeStrategies(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return []cobra.Completion{
		cobra.CompletionWithDesc(string(manifest.Blob), "a file per record"),
		cobra.CompletionWithDesc(string(manifest.Repository), "a git repository per record"),
	}, cobra.ShellCompDirectiveNoFileComp
}
