package artifacts_test

import (
	"context"
	"io/fs"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/artifacts"
	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/migrate"
	"github.com/geogen/geogen/runtime/sqldb"
)

// TestUpgradeEqualsFresh is the promise of geogen upgrade: a project
// whose types were generated at the first schema revision and migrated,
// then upgraded and migrated again, has exactly the tables, columns,
// indexes, constraints and sequences of the same project generated at
// the current revision, on every database engine.
func TestUpgradeEqualsFresh(t *testing.T) {
	old := manifest.New("example.com/shop")
	old.Replicables = []manifest.Replicable{
		{Name: "CoolWidget", Strategy: manifest.Blob, MigrationVersion: 20261122010203},
		{Name: "Gizmo", Strategy: manifest.Repository, MigrationVersion: 20261122010205},
		// A profile leaves indexes out of the upgrade as out of a fresh table.
		{Name: "SnippetRepository", Strategy: manifest.Repository, MigrationVersion: 20261122010207,
			RegistryProfile: manifest.RegistryProfile{ID: manifest.IDSequence, WithoutColumns: []string{"missing_on_primary"},
				WithoutIndexes: []string{"registry_last_synced_at", "registry_checksum_mismatch"}}},
		// One whose profile leaves out every index the revision adds.
		{Name: "DesignRepository", Strategy: manifest.Repository, MigrationVersion: 20261122010209,
			RegistryProfile: manifest.RegistryProfile{WithoutIndexes: []string{"registry_last_synced_at", "registry_verified_at", "registry_checksum_mismatch"}}},
	}
	fresh := old.Clone()
	for i := range fresh.Replicables {
		fresh.Replicables[i].SchemaRevision = manifest.SchemaRevision
	}
	upgraded, done, err := generator.UpgradeSchemas(old, nil, 20261205000000, map[int64]bool{20261205000000: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != 4 || upgraded.Replicables[0].SchemaUpgrades[0].MigrationVersion != 20261205000001 {
		t.Fatalf("upgrades = %+v, want every type, skipping the version on disk", done)
	}
	again, doneAgain, err := generator.UpgradeSchemas(upgraded, nil, 20261206000000, nil)
	if err != nil || len(doneAgain) != 0 || !cmp.Equal(again.Replicables, upgraded.Replicables) {
		t.Fatalf("a second upgrade changed something: %+v, %v", doneAgain, err)
	}

	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		db := geotest.NewDB(t, dialect)
		migrateTo(t, db, old)
		before := catalogOf(t, db)
		migrateTo(t, db, upgraded)
		after := catalogOf(t, db)

		want := geotest.NewDB(t, dialect)
		migrateTo(t, want, fresh)
		wantCatalog := catalogOf(t, want)
		if diff := cmp.Diff(wantCatalog, after); diff != "" {
			t.Errorf("upgraded schema differs from a fresh one (-fresh +upgraded):\n%s", diff)
		}
		if cmp.Equal(wantCatalog, before) {
			t.Error("the first revision's schema already equals the current one: the upgrade is not tested")
		}
	})
}

// migrateTo renders m and applies both of its migration sets to db, as
// a project's binary does at start.
func migrateTo(t *testing.T, db *sqldb.DB, m *manifest.Manifest) {
	t.Helper()
	files, err := generator.Generate(m, artifacts.All())
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range []migrate.Set{migrate.Main, migrate.Tracking} {
		dir := path.Join(m.Layout.Migrations, string(set)) + "/"
		sets := fstest.MapFS{}
		for _, f := range files {
			if rest, ok := strings.CutPrefix(f.Path, dir); ok {
				sets[rest] = &fstest.MapFile{Data: f.Content}
			}
		}
		if err := migrate.Up(context.Background(), db, set, fs.FS(sets)); err != nil {
			t.Fatal(err)
		}
	}
}
