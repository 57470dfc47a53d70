package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/geogen/geogen/generator/manifest"
)

func (a *app) upgradeCommand() *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "upgrade [NAME...]",
		Short: "Bring existing types' tables to this geogen's schema with new migrations",
		Long: `upgrade brings the tables of types created by an earlier geogen to the schema
this geogen generates, without touching a migration that may have been applied:
for each type that is behind (every type, or the NAMEs given) it writes new,
additive migrations for PostgreSQL and SQLite, and records in geogen.yaml the
schema revision they reach and their versions. Versions come from the clock
(` + clockEnv + ` pins it), after every migration the project has.

On PostgreSQL an index is built CONCURRENTLY in a migration of its own (goose's
NO TRANSACTION), so the tables stay writable while it builds.

geogen check exits 1 while a type is behind, naming this command. A type
already current is left alone: running upgrade again changes nothing.`,
		Example: `  geogen upgrade
  geogen upgrade CoolWidget --dry-run`,
		ValidArgsFunction: a.completeReplicables,
		RunE: func(c *cobra.Command, args []string) error {
			return a.upgrade(args, dryRun)
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the migrations that would be written; change nothing")
	return cmd
}

func (a *app) upgrade(names []string, dryRun bool) error {
	now, err := a.clock()
	if err != nil {
		return err
	}
	s, err := a.openProject(!dryRun)
	if err != nil {
		return err
	}
	plan, done, err := s.PlanUpgrade(names, now)
	if err != nil {
		return err
	}
	if len(done) == 0 {
		fmt.Fprintf(a.stdout, "upgrade: nothing to do: every type is at schema revision %d\n", manifest.SchemaRevision)
		return nil
	}
	for _, u := range done {
		var versions []string
		for _, up := range u.Added {
			versions = append(versions, fmt.Sprintf("revision %d as version %d", up.Revision, up.MigrationVersion))
		}
		fmt.Fprintf(a.stdout, "%s: schema revision %d -> %d (%s)\n", u.Replicable, u.From, manifest.SchemaRevision, strings.Join(versions, ", "))
	}
	if err := plan.Refusal("upgrade"); err != nil {
		return err
	}
	if err := a.apply(plan, applyOptions{dryRun: dryRun, listWrites: true, what: "upgrade", unresolvedIsDrift: true}); err != nil {
		return err
	}
	if !dryRun {
		fmt.Fprintln(a.stdout, "next: commit the new migrations and apply them as usual (goose up, or your binary's migrate step)")
	}
	return nil
}
