package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

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
in geogen.yaml so that generate and check derive the same names.

Files are either owned (rewritten by every generate) or scaffold-once (written
now, then yours; new lists them at the end). Migration versions come from the
clock (` + clockEnv + ` pins it) and are recorded in geogen.yaml, so regenerating
never changes them.

new refuses a type that already exists. --force scaffolds it again from these
flags: it rewrites the type's files you have not edited and recreates those you
deleted, but leaves your edited ones alone and lists them, unless
--overwrite-edited.`,
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
	entry.Initialisms = slices.Clone(entry.Initialisms)
	if _, err := naming.Derive(name, generator.NamingOptions(entry)); err != nil {
		return err
	}
	strategy, err := parseStrategy(f.strategy)
	if err != nil {
		return err
	}
	entry.Strategy = strategy
	p, err := a.openProject(true)
	if err != nil {
		return err
	}
	i := p.m.Find(name)
	existed := i >= 0
	if existed && !f.force {
		old := p.m.Replicables[i]
		return usageErr(fmt.Sprintf("%s already exists in %s: %s, migration version %d", name, manifest.FileName, old.Strategy, old.MigrationVersion),
			fmt.Sprintf("geogen new %s --force scaffolds it again, keeping files you edited; geogen remove %s removes it", name, name))
	}
	what := "new " + name
	var np *newPlan
	if existed {
		entry.MigrationVersion = p.m.Replicables[i].MigrationVersion
		if np, err = planNew(p, entry, f); err != nil {
			return err
		}
		for _, line := range entryChanges(p.m.Replicables[i], entry) {
			fmt.Fprintf(a.stdout, "%s: %s: %s\n", manifest.FileName, name, line)
		}
	} else {
		now, err := a.clock()
		if err != nil {
			return err
		}
		onDisk, err := diskMigrationVersions(p.root, p.m.Layout.Migrations)
		if err != nil {
			return err
		}
		entry.MigrationVersion = nextMigrationVersion(p.m, now, onDisk)
		if np, err = planNew(p, entry, f); err != nil {
			return err
		}
		if np, err = adoptKeptMigrations(a, p, np, f); err != nil {
			return err
		}
		if f.dryRun {
			fmt.Fprintf(a.stdout, "would add to %s: %s\n", manifest.FileName, describeEntry(np.entry))
		}
	}
	if f.dryRun {
		if err := a.apply(np.plan, applyOptions{dryRun: true, what: what}); err != nil {
			return err
		}
		return np.refusal(what)
	}
	if err := np.refusal(what); err != nil {
		return err
	}
	if err := a.apply(np.plan, applyOptions{listWrites: true, what: what}); err != nil {
		return err
	}
	a.warnChangedMigrations(np.plan, np.retained)
	a.printYours(np.plan, name, np.retained)
	return nil
}

// newPlan is what new would do for one manifest entry.
type newPlan struct {
	entry     manifest.Replicable
	plan      *generator.Plan
	retained  map[string]bool // migrations among the type's files, old and new
	conflicts []generator.Change
	clashes   []migrationClash
}

// refusal is the error that stops new from writing, or nil.
func (np *newPlan) refusal(what string) error {
	if len(np.conflicts) > 0 {
		return conflictError(what, np.conflicts)
	}
	if len(np.clashes) > 0 {
		return clashError(what, np.entry, np.clashes)
	}
	return nil
}

// planNew plans adding entry to the project, or replacing the entry of
// the same name (new --force).
func planNew(p *project, entry manifest.Replicable, f newFlags) (*newPlan, error) {
	name := entry.Name
	next := p.m.Clone()
	i := next.Find(name)
	existed := i >= 0
	if existed {
		next.Replicables[i] = entry
	} else {
		next.Replicables = append(next.Replicables, entry)
	}
	next.Sort()
	files, err := p.render(next)
	var collision *generator.CollisionError
	if errors.As(err, &collision) && (collision.A == name || collision.B == name) {
		return nil, usageErr(fmt.Sprintf("cannot add %s: %s", name, collision.Problem), collision.Fix)
	}
	if err != nil {
		return nil, err
	}
	np := &newPlan{entry: entry, retained: retainedPaths(files)}
	opts := generator.Options{OverwriteEdited: f.overwrite}
	if f.force {
		opts.Rewrite = func(file *generator.File) bool { return file.Replicable == name }
	}
	if existed {
		// Scaffolding again with other overrides can rename files (the
		// migrations are named after the tables). The old ones go when
		// unedited, as unedited ones are rewritten in place; an old
		// migration left behind would share its version with the new.
		before, err := p.render(p.m)
		if err != nil {
			return nil, err
		}
		for _, f := range before {
			if f.Replicable == name {
				opts.Removing = append(opts.Removing, f)
			}
		}
		opts.RemoveRetained = true
		for path := range retainedPaths(before) {
			np.retained[path] = true
		}
	}
	if np.plan, err = generator.NewPlan(p.root, next, files, opts); err != nil {
		return nil, err
	}
	np.conflicts = append(conflicts(np.plan, name, existed), keptMigrations(np.plan, name, np.retained)...)
	if !existed {
		if np.clashes, err = migrationClashes(p.root, np.plan, name, np.retained); err != nil {
			return nil, err
		}
	}
	return np, nil
}

// adoptKeptMigrations handles a type added again after geogen remove kept
// its migrations: new migrations under a fresh version would create the
// same tables a second time. When the kept migrations are exactly what
// the type renders at their own version, new takes that version back and
// they become the type's again; otherwise the plan keeps its clashes and
// new refuses, saying what to do.
func adoptKeptMigrations(a *app, p *project, np *newPlan, f newFlags) (*newPlan, error) {
	if len(np.clashes) == 0 {
		return np, nil
	}
	version := np.clashes[0].version
	for _, c := range np.clashes {
		version = min(version, c.version)
	}
	if version == np.entry.MigrationVersion || versionTaken(p.m, version) {
		return np, nil
	}
	entry := np.entry
	entry.MigrationVersion = version
	again, err := planNew(p, entry, f)
	if err != nil || len(again.clashes) > 0 || !takesBack(again, np.clashes) {
		return np, err
	}
	fmt.Fprintf(a.stdout, "%s: reusing migration version %d: the migrations of %s kept on disk are exactly what it renders\n",
		entry.Name, version, entry.Name)
	return again, nil
}

// takesBack reports whether the plan finds every clashing file on disk
// with the content it wants, so it adopts them without a change.
func takesBack(np *newPlan, clashes []migrationClash) bool {
	unchanged := map[string]bool{}
	for _, c := range np.plan.Changes {
		if c.Action == generator.Unchanged && c.Status == generator.OK {
			unchanged[c.Path] = true
		}
	}
	for _, c := range clashes {
		if !unchanged[c.path] {
			return false
		}
	}
	return true
}

// versionTaken reports whether another type uses version v.
func versionTaken(m *manifest.Manifest, v int64) bool {
	for _, r := range m.Replicables {
		if v < r.MigrationVersion+manifest.VersionsPerType && r.MigrationVersion < v+manifest.VersionsPerType {
			return true
		}
	}
	return false
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

// nextMigrationVersion picks the first migration version of a new type:
// the clock's, moved after every existing type's versions (migration
// tools refuse, by default, a migration older than one already applied,
// and a clock set back or a pinned GEOGEN_NOW must not produce one), then
// past the versions of migration files already on disk (the project's
// own, or those a removed type left).
func nextMigrationVersion(m *manifest.Manifest, now time.Time, onDisk map[int64]bool) int64 {
	v := manifest.MigrationVersionAt(now)
	for _, r := range m.Replicables {
		v = max(v, r.MigrationVersion+manifest.VersionsPerType)
	}
	for k := int64(0); k < manifest.VersionsPerType; k++ {
		if onDisk[v+k] {
			v, k = v+k+1, -1
		}
	}
	return v
}

// describeEntry is one manifest entry on one line, overrides included.
func describeEntry(r manifest.Replicable) string {
	parts := []string{"name " + r.Name, "strategy " + string(r.Strategy), fmt.Sprintf("migration_version %d", r.MigrationVersion)}
	for _, f := range overrideFields(r) {
		if f.value != "" {
			parts = append(parts, f.key+" "+f.value)
		}
	}
	return strings.Join(parts, ", ")
}

// entryChanges lists what new --force changes in an existing entry.
func entryChanges(old, cur manifest.Replicable) []string {
	var out []string
	if old.Strategy != cur.Strategy {
		out = append(out, fmt.Sprintf("strategy %s -> %s", old.Strategy, cur.Strategy))
	}
	was, now := overrideFields(old), overrideFields(cur)
	for i := range was {
		if was[i].value != now[i].value {
			out = append(out, fmt.Sprintf("%s %s -> %s", was[i].key, orNone(was[i].value), orNone(now[i].value)))
		}
	}
	return out
}

type field struct{ key, value string }

// overrideFields are an entry's naming overrides by manifest key.
func overrideFields(r manifest.Replicable) []field {
	ini := slices.Clone(r.Initialisms)
	slices.Sort(ini)
	return []field{
		{"plural", r.Plural}, {"table", r.Table}, {"title", r.Title}, {"title_plural", r.TitlePlural},
		{"registry_table", r.RegistryTable}, {"state_table", r.StateTable}, {"foreign_key", r.ForeignKey},
		{"initialisms", strings.Join(ini, " ")},
	}
}

func orNone(s string) string {
	if s == "" {
		return "(derived)"
	}
	return s
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

// retainedPaths are the files remove keeps unless --all: migrations.
func retainedPaths(files []generator.File) map[string]bool {
	out := map[string]bool{}
	for _, f := range files {
		if f.Retain {
			out[f.Path] = true
		}
	}
	return out
}

// keptMigrations are edited migrations of the type's old names that new
// --force would leave next to their renamed successors, with the same
// version: a migration tool would refuse the set.
func keptMigrations(plan *generator.Plan, name string, retained map[string]bool) []generator.Change {
	var out []generator.Change
	for _, c := range plan.Changes {
		if c.Action == generator.Keep && c.Replicable == name && retained[c.Path] {
			c.Reason = "an edited migration of the old names, which would share its version with the renamed one; delete it if no database applied it, else keep the old names"
			out = append(out, c)
		}
	}
	return out
}
