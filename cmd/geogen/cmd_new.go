package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/generator/naming"
)

// newFlags are the flags of geogen new.
type newFlags struct {
	strategy  string
	overrides manifest.Replicable // naming overrides only
	dryRun    bool
	force     bool
	overwrite bool
}

func (a *app) newCommand() *cobra.Command {
	var f newFlags
	cmd := &cobra.Command{
		Use:   "new NAME --strategy blob|repository",
		Short: "Add a replicable type: migrations, Go package, feature flags, docs",
		Long: `new adds a replicable type to geogen.yaml and writes everything it needs in one
transaction: the model and registry migrations, a Go package binding the type
to the runtime, its feature flags, and its rows in the shared lists and docs.
Either all of it is written or nothing is.

NAME is the model name in CamelCase (CoolWidget). Every other name is derived
from it (cool_widgets, cool_widget_registry, geo_cool_widget_replication, ...);
the flags override the derivations that are wrong for your type, and are kept
in geogen.yaml so that generate and check derive the same names. --index-name
names an index, constraint or sequence; its keys are ` + strings.Join(naming.IndexKeys(), ", ") + `.

Files are either owned (rewritten by every generate) or scaffold-once (written
now, then yours; new lists them at the end). Migration versions come from the
clock (` + clockEnv + ` pins it) and are recorded in geogen.yaml, so regenerating
never changes them.

new refuses a type that already exists. --force scaffolds it again: it keeps the
overrides the type has in geogen.yaml except those given again on the command
line, rewrites the type's files you have not edited and recreates those you
deleted, but leaves your edited ones alone and lists them, unless
--overwrite-edited. (To drop an override, delete it from geogen.yaml.)`,
		Example: `  geogen new CoolWidget --strategy blob
  geogen new Person --strategy blob --plural people
  geogen new LfsObject --strategy blob --initialism LFS --table lfs_objects
  geogen new SnippetRepository --strategy repository --dry-run`,
		Args:              exactArgs(1, "geogen new CoolWidget --strategy blob"),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(c *cobra.Command, args []string) error {
			return a.newType(args[0], f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.strategy, "strategy", "", "replicate each record as a `blob|repository` (a file, or a git repository)")
	o := &f.overrides
	fl.StringVar(&o.Plural, "plural", "", "snake_case `PLURAL` when the derived one is wrong, e.g. people")
	fl.StringVar(&o.Table, "table", "", "the model `TABLE`, when it is not the plural")
	fl.StringVar(&o.Title, "title", "", "human `TITLE` in docs, e.g. \"LFS Object\"")
	fl.StringVar(&o.TitlePlural, "title-plural", "", "plural human `TITLE` in docs, e.g. \"LFS Objects\"")
	fl.StringVar(&o.RegistryTable, "registry-table", "", "the registry `TABLE` (default NAME_registry)")
	fl.StringVar(&o.StateTable, "state-table", "", "the verification state `TABLE` (default NAME_states)")
	fl.StringVar(&o.ForeignKey, "foreign-key", "", "the `COLUMN` referencing the model (default NAME_id)")
	fl.StringArrayVar(&o.Initialisms, "initialism", nil, "an `INITIALISM` to keep as one word, in capitals (or as written when mixed-case, e.g. K8s) in Go names and titles, e.g. LFS (repeatable)")
	fl.StringVar(&o.StateKey, "state-key", "", "the state table's `COLUMN` referencing the model, when it is not the foreign key")
	fl.StringVar(&o.SecondKey, "second-key", "", "a second registry `COLUMN` holding another key of the record, copied from --second-key-source")
	fl.StringVar(&o.SecondKeySource, "second-key-source", "", "the model table's `COLUMN` whose value the registry keeps in --second-key")
	fl.BoolVar(&o.SecondKeyUnique, "second-key-unique", false, "make the index of --second-key unique")
	fl.StringVar(&o.ModelKey, "model-key", "", "the model table's primary key `COLUMN` (default id)")
	fl.StringVar(&o.ReplicationFlag, "replication-flag", "", "the replication feature `FLAG` (default geo_NAME_replication)")
	fl.StringVar(&o.VerificationFlag, "verification-flag", "", "the verification feature `FLAG` (default geo_NAME_verification)")
	fl.StringVar(&o.GraphQLType, "graphql-type", "", "the registry's GraphQL `TYPE` (default NameRegistry)")
	fl.StringVar(&o.GraphQLField, "graphql-field", "", "the GeoNode `FIELD` listing the registries (default nameRegistries)")
	fl.StringToStringVar(&o.IndexNames, "index-name", nil, "`KEY=NAME`: name an index, constraint or sequence instead of deriving it, e.g. registry_fk=idx_cw_registry_on_cw_id (repeatable; keys in geogen help new)")
	fl.BoolVar(&f.dryRun, "dry-run", false, "print what would be written; change nothing")
	fl.BoolVar(&f.force, "force", false, "scaffold an existing type again, keeping the files you edited")
	fl.BoolVar(&f.overwrite, "overwrite-edited", false, "also replace the type's files you edited")
	_ = cmd.RegisterFlagCompletionFunc("strategy", completeStrategies)
	return cmd
}

func (a *app) newType(name string, f newFlags) error {
	// The name first: a bad name is the likeliest mistake, and the
	// error for it should not depend on anything else.
	entry := f.overrides
	entry.Name = name
	if _, err := naming.Derive(name, generator.NamingOptions(entry)); err != nil {
		return err
	}
	strategy, err := parseStrategy(f.strategy)
	if err != nil {
		return err
	}
	entry.Strategy = strategy
	now, err := a.clock()
	if err != nil {
		return err
	}
	s, err := a.openProject(true)
	if err != nil {
		return err
	}
	np, err := s.PlanNew(generator.NewRequest{Entry: entry, Force: f.force, OverwriteEdited: f.overwrite, Now: now})
	if err != nil {
		return err
	}
	for _, note := range np.Notes {
		fmt.Fprintln(a.stdout, note)
	}
	what := "new " + name
	if f.dryRun {
		if np.Previous == nil {
			fmt.Fprintf(a.stdout, "would add to %s: %s\n", manifest.FileName, describeEntry(np.Entry))
		}
		if err := a.apply(np.Plan, applyOptions{dryRun: true, what: what}); err != nil {
			return err
		}
		return np.Refusal()
	}
	if err := np.Refusal(); err != nil {
		return err
	}
	if err := a.apply(np.Plan, applyOptions{listWrites: true, what: what}); err != nil {
		return err
	}
	a.warnChangedMigrations(np.Plan, np.Retained)
	a.printYours(np.Plan, name, np.Retained)
	return nil
}

// parseStrategy checks --strategy.
func parseStrategy(s string) (manifest.Strategy, error) {
	names := make([]string, len(manifest.Strategies))
	for i, st := range manifest.Strategies {
		if string(st) == s {
			return st, nil
		}
		names[i] = string(st)
	}
	if s == "" {
		return "", usageErr("--strategy is required", "pass --strategy blob for a file per record, or --strategy repository for a git repository per record")
	}
	return "", usageErr(fmt.Sprintf("--strategy %q is not a strategy", s), "use one of: "+strings.Join(names, ", "))
}

// describeEntry is one manifest entry on one line, overrides included.
func describeEntry(r manifest.Replicable) string {
	parts := []string{"name " + r.Name, "strategy " + string(r.Strategy), fmt.Sprintf("migration_version %d", r.MigrationVersion)}
	for _, f := range generator.OverrideFields(r) {
		if f.Value != "" {
			parts = append(parts, f.Key+" "+f.Value)
		}
	}
	return strings.Join(parts, ", ")
}

// warnChangedMigrations speaks up when new --force rewrote a migration:
// harmless if it was never applied, a broken history if it was.
func (a *app) warnChangedMigrations(plan *generator.Plan, retained map[string]bool) {
	for _, c := range plan.Changes {
		if (c.Action == generator.Update || c.Action == generator.Delete) && retained[c.Path] {
			fmt.Fprintf(a.stderr, "warning: migration %s %sd; if any database already applied it, restore it (git checkout) and add a new migration instead\n", c.Path, c.Action)
		}
	}
}

// printYours lists the scaffold-once files that new wrote: the parts the
// user decides, which generate will never rewrite.
func (a *app) printYours(plan *generator.Plan, name string, retained map[string]bool) {
	var yours []string
	for _, c := range plan.Changes {
		if c.Replicable == name && c.Kind == generator.ScaffoldOnce && c.Writes() && !retained[c.Path] {
			yours = append(yours, c.Path)
		}
	}
	if len(yours) == 0 {
		return
	}
	fmt.Fprintln(a.stdout, "yours to finish (written once, never regenerated; each says what to decide):")
	for _, p := range yours {
		fmt.Fprintln(a.stdout, "  "+p)
	}
	fmt.Fprintln(a.stdout, "next: go test ./... (after go mod tidy, unless init --tidy ran)")
}
