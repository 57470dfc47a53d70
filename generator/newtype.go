package generator

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/generator/naming"
)

// NewRequest is what `geogen new` asks for.
type NewRequest struct {
	// Entry is the type: its name, its strategy, and the naming
	// overrides given on the command line (empty: not given).
	Entry manifest.Replicable
	// Force scaffolds an existing type again. The overrides it had are
	// kept unless given anew.
	Force           bool
	OverwriteEdited bool
	// Now is the clock a new type's migration version comes from.
	Now time.Time
}

// TypePlan is what new would do.
type TypePlan struct {
	Entry    manifest.Replicable // the type as geogen.yaml will hold it
	Previous *manifest.Replicable
	Plan     *Plan
	// Retained are the migrations among the type's files, old and new.
	Retained  map[string]bool
	Conflicts []Change
	Clashes   []MigrationClash
	// Notes say what new decided that the user should know: the entry's
	// changed fields, a migration version taken back.
	Notes []string

	rescaffold bool // the type existed: new --force
}

// Refusal is the error that stops new from writing, or nil.
func (np *TypePlan) Refusal() error {
	what := "new " + np.Entry.Name
	if len(np.Conflicts) > 0 {
		return conflictError(what, np.Conflicts)
	}
	if len(np.Clashes) > 0 && np.rescaffold {
		return rescaffoldClashError(what, np.Clashes)
	}
	if len(np.Clashes) > 0 {
		return clashError(what, np.Entry, np.Clashes, np.Plan.migrations)
	}
	return nil
}

// PlanNew plans adding a type to the project, or scaffolding an existing
// one again (Force).
func (s *Session) PlanNew(req NewRequest) (*TypePlan, error) {
	entry := req.Entry
	entry.Initialisms = slices.Clone(entry.Initialisms)
	name := entry.Name
	if _, err := naming.Derive(name, NamingOptions(entry)); err != nil {
		return nil, err
	}
	if err := manifest.CheckOptions(entry); err != nil {
		return nil, err
	}
	i := s.Manifest.Find(name)
	if i >= 0 && !req.Force {
		old := s.Manifest.Replicables[i]
		return nil, refuse(fmt.Sprintf("%s already exists in %s: %s, migration version %d", name, manifest.FileName, old.Strategy, old.MigrationVersion),
			fmt.Sprintf("geogen new %s --force scaffolds it again, keeping files you edited; geogen remove %s removes it", name, name))
	}
	if i >= 0 {
		old := s.Manifest.Replicables[i]
		entry = keepOverrides(old, entry)
		entry.MigrationVersion = old.MigrationVersion
		entry.SchemaRevision, entry.SchemaUpgrades = old.SchemaRevision, old.SchemaUpgrades
		entry.RegistryProfile = old.RegistryProfile // no flag sets it: new --force keeps it
		// Nor its release: scaffolding a released type again must not
		// turn its replication flag back off by default.
		entry.Stage, entry.ReleasedIn = old.Stage, old.ReleasedIn
		np, err := s.planNew(entry, req)
		if err != nil {
			return nil, err
		}
		np.Previous = &old
		for _, line := range EntryChanges(old, entry) {
			np.Notes = append(np.Notes, fmt.Sprintf("%s: %s: %s", manifest.FileName, name, line))
		}
		return np, nil
	}
	onDisk, err := diskMigrationVersions(s.Root, s.Manifest.Layout.Migrations)
	if err != nil {
		return nil, err
	}
	entry.MigrationVersion = nextMigrationVersion(s.Manifest, req.Now, onDisk)
	entry.SchemaRevision = manifest.SchemaRevision
	if entry, err = PinDerivedNames(entry); err != nil {
		return nil, err
	}
	np, err := s.planNew(entry, req)
	if err != nil {
		return nil, err
	}
	return s.adoptKeptMigrations(np, req)
}

// PinDerivedNames records in a new type's entry the plural and the SQL
// names that follow from its singular (registry and state tables,
// foreign key) that were not given, as geogen derives them today. The
// migrations written now create tables of these names, so a later geogen
// whose plural or word rules differ (Leaf: leafs, then leaves) must not
// derive others for the same type. The model table is left to follow the
// plural, so new --force --plural still renames it.
func PinDerivedNames(r manifest.Replicable) (manifest.Replicable, error) {
	n, err := naming.Derive(r.Name, NamingOptions(r))
	if err != nil {
		return r, err
	}
	for _, f := range []struct {
		dst     *string
		derived string
	}{
		{&r.Plural, n.SnakePlural}, {&r.RegistryTable, n.RegistryTable},
		{&r.StateTable, n.StateTable}, {&r.ForeignKey, n.ForeignKey},
	} {
		// A type verified on its model table has no state table of its
		// own: the derived one is the model table, and recording it as
		// state_table makes an entry the manifest refuses.
		if f.dst == &r.StateTable && r.VerificationOnModel {
			continue
		}
		if *f.dst == "" {
			*f.dst = f.derived
		}
	}
	return r, nil
}

// keepOverrides is new --force's entry: the overrides given anew, and
// the old entry's for every one not given, so that scaffolding a type
// again never renames its tables behind the user's back.
func keepOverrides(old, given manifest.Replicable) manifest.Replicable {
	out := given
	for _, f := range []struct {
		dst *string
		old string
	}{
		{&out.Plural, old.Plural}, {&out.Table, old.Table}, {&out.Title, old.Title},
		{&out.TitlePlural, old.TitlePlural}, {&out.RegistryTable, old.RegistryTable},
		{&out.StateTable, old.StateTable}, {&out.ForeignKey, old.ForeignKey}, {&out.ModelKey, old.ModelKey}, {&out.StateKey, old.StateKey},
		{&out.SecondKey, old.SecondKey}, {&out.SecondKeySource, old.SecondKeySource},
		{&out.ReplicationFlag, old.ReplicationFlag}, {&out.VerificationFlag, old.VerificationFlag},
		{&out.GraphQLType, old.GraphQLType}, {&out.GraphQLField, old.GraphQLField},
	} {
		if *f.dst == "" {
			*f.dst = f.old
		}
	}
	if given.SecondKey == "" {
		out.SecondKeyUnique = old.SecondKeyUnique
	}
	// Set in geogen.yaml only: a new --force keeps them.
	out.AdoptStateTable = given.AdoptStateTable || old.AdoptStateTable
	out.AdoptModelTable = given.AdoptModelTable || old.AdoptModelTable
	out.VerificationOnModel = given.VerificationOnModel || old.VerificationOnModel
	if len(out.Initialisms) == 0 {
		out.Initialisms = slices.Clone(old.Initialisms)
	}
	if len(out.IndexNames) == 0 {
		out.IndexNames = maps.Clone(old.IndexNames)
	}
	return out
}

// planNew plans adding entry to the project, or replacing the entry of
// the same name (new --force).
func (s *Session) planNew(entry manifest.Replicable, req NewRequest) (*TypePlan, error) {
	name := entry.Name
	next := s.Manifest.Clone()
	i := next.Find(name)
	existed := i >= 0
	if existed {
		next.Replicables[i] = entry
	} else {
		next.Replicables = append(next.Replicables, entry)
	}
	next.Sort()
	files, err := s.Render(next)
	var names *NamesError
	if errors.As(err, &names) && names.Involves(name) {
		return nil, refuse(fmt.Sprintf("cannot add %s: %s", name, strings.TrimPrefix(err.Error(), manifest.FileName+": ")), "")
	}
	if err != nil {
		return nil, err
	}
	np := &TypePlan{Entry: entry, Retained: retainedPaths(files)}
	opts := Options{OverwriteEdited: req.OverwriteEdited}
	if req.Force {
		opts.Rewrite = func(file *File) bool { return file.Replicable == name }
	}
	if existed {
		// Scaffolding again with other overrides can rename files (the
		// migrations are named after the tables). The old ones go when
		// unedited, as unedited ones are rewritten in place; an old
		// migration left behind would share its version with the new.
		before, err := s.Render(s.Manifest)
		if err != nil {
			return nil, err
		}
		for _, f := range before {
			if f.Replicable == name {
				opts.Removing = append(opts.Removing, f)
			}
		}
		// When the names were edited in geogen.yaml before this command,
		// "before" renders them already: the migrations written under the
		// old names are found by their versions, the type's own, in the
		// lock that recorded them.
		opts.Removing = append(opts.Removing, lockedMigrationsOf(s.Manifest, s.Manifest.Replicables[i], files, opts.Removing)...)
		opts.RemoveRetained = true
		for path := range retainedPaths(before) {
			np.Retained[path] = true
		}
		for _, f := range opts.Removing {
			if f.Retain {
				np.Retained[f.Path] = true
			}
		}
	}
	if np.Plan, err = NewPlan(s.Root, next, files, opts); err != nil {
		return nil, err
	}
	np.Conflicts = append(conflicts(np.Plan, name, existed), keptMigrations(np.Plan, name, np.Retained)...)
	// A migration the type would create beside one on disk of its
	// version, or doing its work, stops new: writing the rest would leave
	// Go code naming tables the migrations do not create. Another type's
	// clashes are that type's to settle (check reports them), and must
	// not stop the command that settles this one's.
	own := map[string]bool{}
	for _, f := range files {
		if f.Replicable == name {
			own[f.Path] = true
		}
	}
	for _, c := range np.Plan.Clashes {
		if c.created && np.Retained[c.Wanted] && own[c.Wanted] {
			np.Clashes = append(np.Clashes, c)
		}
	}
	np.rescaffold = existed
	return np, nil
}

// lockedMigrationsOf are the migrations in m's lock that carry one of
// r's migration versions and that files (the type's rendering now) no
// longer holds, as files of r to remove, unless already in removing.
func lockedMigrationsOf(m *manifest.Manifest, r manifest.Replicable, files []File, removing []File) []File {
	known := map[string]bool{}
	for _, f := range files {
		known[f.Path] = true
	}
	for _, f := range removing {
		known[f.Path] = true
	}
	var out []File
	for p, e := range m.Generated {
		if known[p] || path.Ext(p) != ".sql" || !strings.HasPrefix(p, m.Layout.Migrations+"/") {
			continue
		}
		v, _, ok := splitVersion(path.Base(p))
		if !ok || !r.HoldsVersion(v) {
			continue
		}
		out = append(out, File{Path: p, Kind: e.Kind, Replicable: r.Name, Retain: true})
	}
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// adoptKeptMigrations handles a type added again after geogen remove kept
// its migrations: new migrations under a fresh version would create the
// same tables a second time. When the kept migrations are exactly what
// the type renders at their own version, new takes that version back and
// they become the type's again; otherwise the plan keeps its clashes and
// new refuses, saying what to do.
func (s *Session) adoptKeptMigrations(np *TypePlan, req NewRequest) (*TypePlan, error) {
	if len(np.Clashes) == 0 {
		return np, nil
	}
	version := np.Clashes[0].Version
	for _, c := range np.Clashes {
		version = min(version, c.Version)
	}
	if version == np.Entry.MigrationVersion || versionTaken(s.Manifest, version) {
		return np, nil
	}
	entry := np.Entry
	entry.MigrationVersion = version
	again, err := s.planNew(entry, req)
	if err != nil || len(again.Clashes) > 0 || !takesBack(again, np.Clashes) {
		return np, err
	}
	again.Notes = append(again.Notes, fmt.Sprintf("%s: reusing migration version %d: the migrations of %s kept on disk are exactly what it renders",
		entry.Name, version, entry.Name))
	return again, nil
}

// takesBack reports whether the plan finds every clashing file on disk
// with the content it wants, so it adopts them without a change. An
// unlocked scaffold-once file is also planned unchanged when its bytes
// differ (it is the user's, and Want is nil then): only equal bytes
// show that a kept migration creates what the type's code expects.
func takesBack(np *TypePlan, clashes []MigrationClash) bool {
	unchanged := map[string]bool{}
	for _, c := range np.Plan.Changes {
		if c.Action == Unchanged && c.Status == OK && c.Want != nil && bytes.Equal(c.Have, c.Want) {
			unchanged[c.Path] = true
		}
	}
	for _, c := range clashes {
		if !unchanged[c.Path] {
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

// nextMigrationVersion picks the first migration version of a new type:
// the clock's, moved after every existing type's versions (migration
// tools refuse, by default, a migration older than one already applied,
// and a clock set back or a pinned GEOGEN_NOW must not produce one), then
// past the versions of migration files already on disk (the project's
// own, or those a removed type left).
func nextMigrationVersion(m *manifest.Manifest, now time.Time, onDisk map[int64]bool) int64 {
	v := max(manifest.MigrationVersionAt(now), m.MaxMigrationVersion()+1)
	for k := int64(0); k < manifest.VersionsPerType; k++ {
		if onDisk[v+k] {
			v, k = v+k+1, -1
		}
	}
	return v
}

// EntryChanges lists what new --force changes in an existing entry.
func EntryChanges(old, cur manifest.Replicable) []string {
	var out []string
	if old.Strategy != cur.Strategy {
		out = append(out, fmt.Sprintf("strategy %s -> %s", old.Strategy, cur.Strategy))
	}
	was, now := OverrideFields(old), OverrideFields(cur)
	for i := range was {
		if was[i].Value != now[i].Value {
			out = append(out, fmt.Sprintf("%s %s -> %s", was[i].Key, orDerived(was[i].Value), orDerived(now[i].Value)))
		}
	}
	return out
}

// OverrideField is one naming override by its manifest key.
type OverrideField struct{ Key, Value string }

// OverrideFields are an entry's naming overrides by manifest key.
func OverrideFields(r manifest.Replicable) []OverrideField {
	ini := slices.Clone(r.Initialisms)
	slices.Sort(ini)
	return []OverrideField{
		{"plural", r.Plural}, {"table", r.Table}, {"title", r.Title}, {"title_plural", r.TitlePlural},
		{"registry_table", r.RegistryTable}, {"state_table", r.StateTable}, {"foreign_key", r.ForeignKey},
		{"initialisms", strings.Join(ini, " ")},
		{"model_key", r.ModelKey}, {"state_key", r.StateKey},
		{"second_key", r.SecondKey}, {"second_key_source", r.SecondKeySource}, {"second_key_unique", boolField(r.SecondKeyUnique)},
		{"adopt_state_table", boolField(r.AdoptStateTable)}, {"verification_on_model", boolField(r.VerificationOnModel)},
		{"adopt_model_table", boolField(r.AdoptModelTable)},
		{"replication_flag", r.ReplicationFlag}, {"verification_flag", r.VerificationFlag},
		{"graphql_type", r.GraphQLType}, {"graphql_field", r.GraphQLField},
		{"index_names", keyValues(r.IndexNames)},
	}
}

// keyValues writes a map as sorted key=value pairs, separated by spaces.
func keyValues(m map[string]string) string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, k+"="+m[k])
	}
	return strings.Join(out, " ")
}

// boolField spells a boolean override as the manifest does, empty when
// false (not set).
func boolField(b bool) string {
	if b {
		return "true"
	}
	return ""
}

func orDerived(s string) string {
	if s == "" {
		return "(derived)"
	}
	return s
}

// retainedPaths are the files remove keeps unless --all: migrations.
func retainedPaths(files []File) map[string]bool {
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
func keptMigrations(plan *Plan, name string, retained map[string]bool) []Change {
	var out []Change
	for _, c := range plan.Changes {
		if c.Action == Keep && c.Replicable == name && retained[c.Path] {
			c.Reason = "an edited migration of the old names, which would share its version with the renamed one; delete it if no database applied it, else keep the old names"
			out = append(out, c)
		}
	}
	return out
}
