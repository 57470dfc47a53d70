package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func (a *app) releaseCommand() *cobra.Command {
	var version string
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "release NAME [--version X.Y]",
		Short: "Release a type: replication on by default, no longer an experiment",
		Long: `release ends a type's experiment, the last step of adding it. It records the
release in geogen.yaml (stage: released, and released_in with --version), then
regenerates what depends on it:

  the replication flag definition   default_enabled: true
  the GraphQL field                 no longer marked as an experiment
  docs/geo/data_types.md            released, since the version; off the limitations table
  docs/geo/graphql.md               the experiment note removed

Until then a type is an experiment: its flags are off by default and its
GraphQL field says, in its description and in the reference, that it may
change. Releasing a released type again changes nothing; --version with a
different version corrects the one recorded.`,
		Example: `  geogen release CoolWidget --version 1.4
  geogen release Gizmo --dry-run`,
		Args:              exactArgs(1, "geogen release CoolWidget --version 1.4"),
		ValidArgsFunction: a.completeReplicables,
		RunE: func(c *cobra.Command, args []string) error {
			s, err := a.openProject(!dryRun)
			if err != nil {
				return err
			}
			plan, r, err := s.PlanRelease(args[0], version)
			if err != nil {
				return err
			}
			switch {
			case !r.Changed:
				fmt.Fprintf(a.stdout, "%s is already released%s\n", r.Replicable, inVersion(r.Version))
			case r.Already && r.Was == "":
				fmt.Fprintf(a.stdout, "%s: released, now in %s\n", r.Replicable, r.Version)
			case r.Already:
				fmt.Fprintf(a.stdout, "%s: released_in %s -> %s\n", r.Replicable, r.Was, r.Version)
			default:
				fmt.Fprintf(a.stdout, "%s: experiment -> released%s\n", r.Replicable, inVersion(r.Version))
			}
			if err := plan.Refusal("release"); err != nil {
				return err
			}
			// A dry run shows what it would do, then says it would refuse.
			refusal := r.Refusal()
			if refusal != nil && !dryRun {
				return refusal
			}
			if err := a.apply(plan, applyOptions{dryRun: dryRun, listWrites: true, what: "release " + r.Replicable, unresolvedIsDrift: refusal == nil}); err != nil {
				return err
			}
			return refusal
		},
	}
	cmd.Flags().StringVar(&version, "version", "", "the `X.Y` release of your project the type ships in, for the docs")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print what would change; change nothing")
	return cmd
}

func inVersion(v string) string {
	if v == "" {
		return ""
	}
	return " in " + v
}
