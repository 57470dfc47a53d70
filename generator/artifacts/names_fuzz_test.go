package artifacts

import (
	"context"
	"errors"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/migrate"
	"github.com/geogen/geogen/runtime/sitestatus"
	"github.com/geogen/geogen/runtime/sqldb"
)

// FuzzNames gives geogen a model name and the overrides most often set,
// beside a second type, and holds it to its promise: a name it accepts
// yields migrations that apply, with the runtime's own, on SQLite (and on
// PostgreSQL when GEOGEN_TEST_POSTGRES_URL is set), and Go packages that
// type-check against the runtime, tests included; a name it refuses is
// refused as a *generator.NamesError whose every problem names a fix.
// The checked-in corpus under testdata/fuzz/FuzzNames runs with go test;
// go test -fuzz FuzzNames ./generator/artifacts explores further. Its
// project_* entries, accepted names chosen to be hard (key words beside
// an override, mixed-case terms, initialisms with digits, an irregular
// plural, the longest name the SQL identifiers allow), are also types of
// the one project cmd/geogen's TestNewProjectBuildsAndPasses generates,
// vets and tests on both databases.
func FuzzNames(f *testing.F) {
	for _, seed := range [][4]string{
		{"CoolWidget", "", "", ""},
		{"Value", "", "", ""},
		{"Position", "", "", "position"},
		{"Leaf", "", "", ""},
		{"OAuthToken", "", "", ""},
		{"Thing", "", "select", "model_record_id"},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3])
	}
	f.Fuzz(func(t *testing.T, name, plural, table, foreignKey string) {
		m := manifest.New("example.com/shop")
		m.Replicables = []manifest.Replicable{
			{Name: "Gizmo", Strategy: manifest.Repository, MigrationVersion: 20261122010203},
			{Name: name, Strategy: manifest.Blob, MigrationVersion: 20261122010205, Plural: plural, Table: table, ForeignKey: foreignKey},
		}
		files, err := generator.Generate(m, All())
		if err != nil {
			var names *generator.NamesError
			if !errors.As(err, &names) {
				t.Fatalf("name %q plural %q table %q foreign key %q: refused, but not for its names: %v", name, plural, table, foreignKey, err)
			}
			for _, p := range names.Problems {
				if p.Fix == "" || p.Problem == "" {
					t.Errorf("a problem without a fix: %+v", p)
				}
			}
			return
		}
		checkGoFiles(t, files)
		typeCheck(t, m.Module, files)
		applyMigrations(t, files)
	})
}

// checkGoFiles parses every generated Go file and checks its package
// clause: an identifier that is no keyword, the same across a directory.
func checkGoFiles(t *testing.T, files []generator.File) {
	t.Helper()
	fset := token.NewFileSet()
	pkgs := map[string]string{}
	for _, f := range files {
		if path.Ext(f.Path) != ".go" {
			continue
		}
		parsed, err := parser.ParseFile(fset, f.Path, f.Content, parser.SkipObjectResolution)
		if err != nil {
			t.Errorf("%s does not parse: %v", f.Path, err)
			continue
		}
		pkg := strings.TrimSuffix(parsed.Name.Name, "_test")
		if !token.IsIdentifier(pkg) || token.IsKeyword(pkg) {
			t.Errorf("%s: package %q is not an identifier", f.Path, pkg)
		}
		dir := path.Dir(f.Path)
		if prev, ok := pkgs[dir]; ok && prev != pkg {
			t.Errorf("%s: package %s, but %s has %s", f.Path, pkg, dir, prev)
		}
		pkgs[dir] = pkg
	}
}

// applyMigrations applies the project's migrations with the runtime's own
// to one fresh database per dialect, both sets in one database, as the
// demo's SQLite file holds them.
func applyMigrations(t *testing.T, files []generator.File) {
	t.Helper()
	sets := map[migrate.Set]fstest.MapFS{migrate.Main: {}, migrate.Tracking: {}}
	for _, f := range files {
		for set, fsys := range sets {
			if rest, ok := strings.CutPrefix(f.Path, path.Join(manifest.DefaultLayout.Migrations, string(set))+"/"); ok {
				fsys[rest] = &fstest.MapFile{Data: f.Content}
			}
		}
	}
	if len(sets[migrate.Main]) == 0 || len(sets[migrate.Tracking]) == 0 {
		t.Fatal("no migrations were generated")
	}
	runtime := map[migrate.Set][]fs.FS{
		migrate.Main:     {eventlog.MainMigrations, flags.MainMigrations, sitestatus.MainMigrations, bulkjob.Migrations},
		migrate.Tracking: {eventlog.TrackingMigrations},
	}
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		db := geotest.NewDB(t, dialect)
		for _, set := range []migrate.Set{migrate.Main, migrate.Tracking} {
			if err := migrate.Up(context.Background(), db, set, append(runtime[set], sets[set])...); err != nil {
				t.Fatalf("%s migrations: %v", set, err)
			}
		}
	})
}
