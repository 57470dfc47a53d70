package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func (a *app) removeCommand() *cobra.Command {
	var dryRun, all bool
	cmd := &cobra.Command{
		Use:   "remove NAME",
		Short: "Remove a replicable type and the files geogen wrote for it",
		Long: `remove takes a type out of geogen.yaml and the shared lists, and deletes the
files geogen wrote for it that nobody edited, in one transaction.

It keeps, and lists, what it must not throw away:
  - files you edited (scaffold-once files you finished, owned files changed by
    hand); they are yours from now on;
  - the type's migrations: a database that applied them needs them in its
    history. To drop the tables, write a new migration.
--all deletes those too.`,
		Example: `  geogen remove CoolWidget --dry-run
  geogen remove CoolWidget
  geogen remove CoolWidget --all`,
		Args:              exactArgs(1, "geogen remove CoolWidget"),
		ValidArgsFunction: a.completeReplicables,
		RunE: func(c *cobra.Command, args []string) error {
			return a.removeType(args[0], dryRun, all)
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print what would be deleted and kept; change nothing")
	cmd.Flags().BoolVar(&all, "all", false, "also delete the type's migrations and the files you edited")
	return cmd
}

func (a *app) removeType(name string, dryRun, all bool) error {
	s, err := a.openProject(!dryRun) // a dry run takes no lock, so it creates no .geogen
	if err != nil {
		return err
	}
	rp, err := s.PlanRemove(name, all)
	if err != nil {
		return err
	}
	if err := rp.Refusal(); err != nil && !dryRun {
		return err
	}
	// What remove keeps is its main result, not a side note: stdout.
	if err := a.apply(rp.Plan, applyOptions{dryRun: dryRun, listWrites: true, what: "remove " + name, keepsOn: a.stdout}); err != nil {
		return err
	}
	if err := rp.Refusal(); err != nil {
		return err
	}
	if len(rp.Kept) > 0 && !dryRun {
		fmt.Fprintf(a.stdout, "kept %d file(s) of %s, listed above: they are yours now; delete them by hand when nothing needs them\n", len(rp.Kept), name)
	}
	for _, p := range rp.Others {
		fmt.Fprintf(a.stderr, "note: %s is not geogen's and stays; if it uses what remove deletes (%s's Descriptor), move or delete it, as geogen check does not build the project\n", p, name)
	}
	return nil
}
