package generator

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/geogen/geogen/generator/manifest"
)

// Behind is a type whose migrations stop short of the schema revision
// this geogen generates.
type Behind struct {
	Replicable string `json:"replicable"`
	Revision   int    `json:"revision"` // what its migrations reach
	Current    int    `json:"current"`  // manifest.SchemaRevision
}

func (b Behind) String() string {
	return fmt.Sprintf("%s: migrations at schema revision %d, this geogen generates revision %d", b.Replicable, b.Revision, b.Current)
}

// SchemaBehind lists the types of m that need `geogen upgrade`, by name.
func SchemaBehind(m *manifest.Manifest) []Behind {
	var out []Behind
	for _, r := range m.Replicables {
		if r.Behind() {
			out = append(out, Behind{Replicable: r.Name, Revision: r.Revision(), Current: manifest.SchemaRevision})
		}
	}
	return out
}

// Upgrade is what UpgradeSchemas did to one type: the upgrades it
// recorded, each of which renders one migration per dialect.
type Upgrade struct {
	Replicable string
	From       int
	Added      []manifest.SchemaUpgrade
}

// UpgradeSchemas returns a copy of m in which each named type (every
// type when names is empty) that is behind records an upgrade to every
// later schema revision; the migrations for them are then what Generate
// renders for the copy. Versions are handed out from first upwards,
// skipping those in taken (migration files already on disk), one per
// upgrade, so that each set's versions stay unique and come after every
// migration already applied. A type already current is left alone, so
// running it again changes nothing. An unknown name is an error.
func UpgradeSchemas(m *manifest.Manifest, names []string, first int64, taken map[int64]bool) (*manifest.Manifest, []Upgrade, error) {
	var unknown []string
	for _, n := range names {
		if m.Find(n) < 0 {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) > 0 {
		return nil, nil, fmt.Errorf("no replicable %s in %s", strings.Join(unknown, ", "), manifest.FileName)
	}
	next := m.Clone()
	next.Sort()
	v := max(first, m.MaxMigrationVersion()+1)
	var done []Upgrade
	for i := range next.Replicables {
		r := &next.Replicables[i]
		if (len(names) > 0 && !slices.Contains(names, r.Name)) || !r.Behind() {
			continue
		}
		u := Upgrade{Replicable: r.Name, From: r.Revision()}
		for rev := r.Revision() + 1; rev <= manifest.SchemaRevision; rev++ {
			for taken[v] {
				v++
			}
			up := manifest.SchemaUpgrade{Revision: rev, MigrationVersion: v}
			r.SchemaUpgrades = append(r.SchemaUpgrades, up)
			u.Added = append(u.Added, up)
			v++
		}
		done = append(done, u)
	}
	return next, done, nil
}

// PlanUpgrade is geogen upgrade: the manifest with the named types (all
// when names is empty) upgraded to the current schema revision, their
// versions taken from now onwards and past every migration file on disk,
// and the plan that writes it with the new migrations. With nothing
// behind it returns no upgrades and a nil plan.
func (s *Session) PlanUpgrade(names []string, now time.Time) (*Plan, []Upgrade, error) {
	onDisk, err := diskMigrationVersions(s.Root, s.Manifest.Layout.Migrations)
	if err != nil {
		return nil, nil, err
	}
	// After every migration on disk, the user's own included: an index
	// migration must not sort before one that a database applies later.
	first := manifest.MigrationVersionAt(now)
	for v := range onDisk {
		first = max(first, v+1)
	}
	next, done, err := UpgradeSchemas(s.Manifest, names, first, onDisk)
	if err != nil {
		return nil, nil, refuse(err.Error(), "geogen list shows the types")
	}
	if len(done) == 0 {
		return nil, nil, nil
	}
	files, err := s.Render(next)
	if err != nil {
		return nil, nil, err
	}
	plan, err := NewPlan(s.Root, next, files, Options{})
	return plan, done, err
}
