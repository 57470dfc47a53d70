package manifest

import "fmt"

// SchemaRevision is the revision of the tables this geogen generates.
// Revision 1 is the schema of the first release; each later revision
// changes the tables of existing types only by adding to them (an index,
// a column with a default), and a project brings its types to it with
// new migrations (geogen upgrade) rather than by editing applied ones.
//
//	1  the registry, state and model tables
//	2  registry indexes on last_synced_at and verified_at (the finder's
//	   sorts), and on repository types the checksum_mismatch partial index
const SchemaRevision = 2

// SchemaUpgrade records the migration that brought a type's tables from
// the revision before to Revision. Its version is taken from the clock
// when `geogen upgrade` writes it, and never changes afterwards.
type SchemaUpgrade struct {
	Revision         int   `yaml:"revision"`
	MigrationVersion int64 `yaml:"migration_version"`
}

// CreatedAtRevision is the schema revision of the type's first
// migrations: the one recorded, or 1 for a type recorded before
// revisions were.
func (r Replicable) CreatedAtRevision() int { return max(r.SchemaRevision, 1) }

// Revision is the schema revision the type's migrations reach: its first
// migrations' revision, raised by each upgrade.
func (r Replicable) Revision() int {
	rev := r.CreatedAtRevision()
	for _, u := range r.SchemaUpgrades {
		rev = max(rev, u.Revision)
	}
	return rev
}

// Behind reports whether the type's migrations stop short of the schema
// this geogen generates.
func (r Replicable) Behind() bool { return r.Revision() < SchemaRevision }

// MaxMigrationVersion is the highest migration version any type uses,
// upgrades included, or 0: a new migration must come after it.
func (m *Manifest) MaxMigrationVersion() int64 {
	var v int64
	for _, r := range m.Replicables {
		v = max(v, r.MigrationVersion+VersionsPerType-1)
		for _, u := range r.SchemaUpgrades {
			v = max(v, u.MigrationVersion)
		}
	}
	return v
}

// validateSchema checks a type's revision and upgrades: revisions this
// geogen knows, one upgrade per revision in order, each migration after
// the type's first ones.
func validateSchema(r Replicable, add func(key, problem, fix string)) {
	switch {
	case r.SchemaRevision < 0 || r.SchemaRevision > SchemaRevision:
		add("schema_revision", fmt.Sprintf("%d is not a schema revision this geogen knows (1 to %d)", r.SchemaRevision, SchemaRevision),
			"use the geogen release that wrote this file, or remove the key if the type's migrations were written before revisions were recorded")
		return
	}
	want := r.CreatedAtRevision() + 1
	for i, u := range r.SchemaUpgrades {
		key := fmt.Sprintf("schema_upgrades[%d]", i)
		if u.Revision != want {
			add(key+".revision", fmt.Sprintf("is %d, want %d: upgrades follow the type's schema_revision one revision at a time", u.Revision, want),
				"restore the entries geogen upgrade wrote")
		}
		if u.Revision > SchemaRevision {
			add(key+".revision", fmt.Sprintf("%d is not a schema revision this geogen knows (1 to %d)", u.Revision, SchemaRevision),
				"use the geogen release that wrote this file")
		}
		if u.MigrationVersion > MaxMigrationVersion {
			add(key+".migration_version", fmt.Sprintf("%d has more than the 14 digits of a timestamp", u.MigrationVersion),
				"restore the version geogen upgrade wrote: it is in the migration's file name")
		}
		if u.MigrationVersion < r.MigrationVersion+VersionsPerType {
			add(key+".migration_version", fmt.Sprintf("%d does not come after the type's first migrations (%d)", u.MigrationVersion, r.MigrationVersion),
				"restore the version geogen upgrade wrote: it is in the migration's file name")
		}
		want++
	}
}
