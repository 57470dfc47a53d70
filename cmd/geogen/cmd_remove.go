package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/manifest"
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
	p, err := a.openProject(true)
	if err != nil {
		return err
	}
	i := p.m.Find(name)
	if i < 0 {
		return unknownReplicable(p.m, name)
	}
	before, err := p.render(p.m)
	if err != nil {
		return err
	}
	var removing []generator.File
	for _, f := range before {
		if f.Replicable == name {
			removing = append(removing, f)
		}
	}
	next := p.m.Clone()
	next.Replicables = slices.Delete(next.Replicables, i, i+1)
	files, err := p.render(next)
	if err != nil {
		return err
	}
	plan, err := generator.NewPlan(p.root, next, files, generator.Options{
		Removing: removing, RemoveRetained: all, OverwriteEdited: all,
	})
	if err != nil {
		return err
	}
	what := "remove " + name
	cs := conflicts(plan, name, false)
	if len(cs) > 0 && !dryRun {
		return conflictError(what, cs)
	}
	// What remove keeps is its main result, not a side note: stdout.
	if err := a.apply(plan, applyOptions{dryRun: dryRun, listWrites: true, what: what, keepsOn: a.stdout}); err != nil {
		return err
	}
	if len(cs) > 0 {
		return conflictError(what, cs)
	}
	if kept := keptFiles(plan, name); len(kept) > 0 && !dryRun {
		fmt.Fprintf(a.stdout, "kept %d file(s) of %s, listed above: they are yours now; delete them by hand when nothing needs them\n", len(kept), name)
	}
	return nil
}

// keptFiles are the files of the removed type left on disk.
func keptFiles(plan *generator.Plan, name string) []string {
	var out []string
	for _, c := range plan.Changes {
		if c.Action == generator.Keep && c.Replicable == name {
			out = append(out, c.Path)
		}
	}
	return out
}

// unknownReplicable says a name is not in the manifest, and suggests the
// one that was probably meant.
func unknownReplicable(m *manifest.Manifest, name string) error {
	problem := fmt.Sprintf("no replicable %q in %s", name, manifest.FileName)
	if len(m.Replicables) == 0 {
		return usageErr(problem, "the project has no types yet")
	}
	names := make([]string, len(m.Replicables))
	for i, r := range m.Replicables {
		names[i] = r.Name
		if strings.EqualFold(r.Name, name) || snakeFold(r.Name) == snakeFold(name) {
			return usageErr(problem, fmt.Sprintf("did you mean %s?", r.Name))
		}
	}
	return usageErr(problem, "geogen list shows them: "+strings.Join(names, ", "))
}

// snakeFold folds a name's case and separators: CoolWidget, cool_widget
// and cool-widget fold alike.
func snakeFold(s string) string {
	return strings.ToLower(strings.NewReplacer("_", "", "-", "", " ", "").Replace(s))
}
