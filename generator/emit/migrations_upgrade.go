package emit

import (
	"fmt"
	"path"

	"github.com/geogen/geogen/templates"
)

// schemaChanges lists, for each schema revision after the first, the
// tables it changes: the upgrade migrations a type created at an earlier
// revision needs to reach it. A table a revision leaves alone gets no
// migration for it.
var schemaChanges = map[int][]MigrationSpec{
	2: {{Set: "tracking", Kind: templates.RegistryTable}},
}

// UpgradeSpec is one upgrade migration file: the change of one table to
// one schema revision, for one dialect. Its version is the one recorded
// for the revision in the type's schema upgrades.
type UpgradeSpec struct {
	MigrationSpec
	Revision int
}

// UpgradeSpecs lists every upgrade migration geogen knows, by revision,
// then set and table, then dialect.
var UpgradeSpecs = func() []UpgradeSpec {
	var specs []UpgradeSpec
	for rev := 2; schemaChanges[rev] != nil; rev++ {
		for _, c := range schemaChanges[rev] {
			for _, d := range templates.Dialects {
				c.Dialect = d
				specs = append(specs, UpgradeSpec{MigrationSpec: c, Revision: rev})
			}
		}
	}
	return specs
}()

// Name identifies the spec: "tracking-registry-postgres-revision-2".
func (s UpgradeSpec) Name() string {
	return fmt.Sprintf("%s-revision-%d", s.MigrationSpec.Name(), s.Revision)
}

// Applies reports whether t was upgraded to the spec's revision, and so
// has this migration.
func (s UpgradeSpec) Applies(t Type) bool { return s.version(t) != 0 }

// Path is the file's path inside the migrations directory:
// "tracking/postgres/20261205000000_upgrade_cool_widget_registry_to_revision_2.sql".
func (s UpgradeSpec) Path(t Type) string {
	return path.Join(s.Set, s.Dialect, fmt.Sprintf("%d_upgrade_%s_to_revision_%d.sql", s.version(t), s.table(t), s.Revision))
}

// Render renders the file.
func (s UpgradeSpec) Render(t Type) ([]byte, error) {
	return templates.Render(templates.Upgrade(s.Kind, s.Revision), s.Dialect, MigrationData(t))
}

func (s UpgradeSpec) version(t Type) int64 {
	for _, u := range t.SchemaUpgrades {
		if u.Revision == s.Revision {
			return u.MigrationVersion
		}
	}
	return 0
}
