package artifacts

import (
	"path"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/emit"
)

// goRows are the Go files: per type, the package that binds the type to
// the runtime; per project, the list of types and the embedded migrations.
func goRows() []generator.Artifact {
	perType := func(name, file string, kind generator.Kind, render func(p *generator.Project, t emit.Type) ([]byte, error)) generator.Artifact {
		return generator.Artifact{
			Name: name, Kind: kind, Scope: generator.PerType, Formatted: true,
			Path: func(p *generator.Project, t *generator.Type) string { return path.Join(p.PackageDir(t), file) },
			Render: func(p *generator.Project, t *generator.Type) ([]byte, error) {
				return render(p, emit.Type(*t))
			},
		}
	}
	typeOnly := func(f func(emit.Type) ([]byte, error)) func(*generator.Project, emit.Type) ([]byte, error) {
		return func(_ *generator.Project, t emit.Type) ([]byte, error) { return f(t) }
	}
	aggregate := func(dir func(*generator.Project) string, file string, render func(emit.Project) ([]byte, error)) generator.Artifact {
		return generator.Artifact{
			Name: file, Kind: generator.Owned, Scope: generator.Aggregate, Formatted: true,
			Path:   func(p *generator.Project, _ *generator.Type) string { return path.Join(dir(p), file) },
			Render: func(p *generator.Project, _ *generator.Type) ([]byte, error) { return render(emitProject(p)) },
		}
	}
	packages := func(p *generator.Project) string { return p.Layout.Packages }
	migrations := func(p *generator.Project) string { return p.Layout.Migrations }
	return []generator.Artifact{
		perType("descriptor", "descriptor.go", generator.Owned, typeOnly(emit.Descriptor)),
		perType("stores", "registry.go", generator.Owned, typeOnly(emit.Stores)),
		perType("finder", "finder.go", generator.Owned, typeOnly(emit.Finder)),
		perType("graphql", "graphql.go", generator.Owned, typeOnly(emit.GraphQL)),
		perType("replicator", "replicator.go", generator.Owned, typeOnly(emit.Replicator)),
		perType("conformance-test", "conformance_test.go", generator.Owned,
			func(p *generator.Project, t emit.Type) ([]byte, error) {
				// Only the import path is needed: building the whole
				// emit.Project here copied every type once per type.
				ep := emit.Project{Module: p.Module, MigrationsDir: p.Layout.Migrations}
				return emit.Conformance(t, ep.MigrationsPath())
			}),
		perType("selection", "selection.go", generator.ScaffoldOnce, typeOnly(emit.Selection)),
		perType("fixtures", "fixtures_test.go", generator.ScaffoldOnce, typeOnly(emit.Fixtures)),
		aggregate(packages, "replicables.go", emit.Replicables),
		aggregate(packages, "replicables_test.go", emit.ReplicablesTest),
		aggregate(packages, "registrable.go", emit.Registrable),
		aggregate(migrations, "migrations.go", emit.MigrationsEmbed),
		aggregate(func(*generator.Project) string { return "cmd/geo" }, "main.go", emit.SiteMain),
	}
}

// migrationRows are the SQL migrations of a type, one row per file: the
// ones that create its tables, then those that upgraded them to a later
// schema revision (only for the revisions the type went through).
// They are scaffold-once and retained: once applied anywhere, a migration
// must never change or vanish.
func migrationRows() []generator.Artifact {
	var rows []generator.Artifact
	for i, spec := range emit.MigrationSpecs {
		rows = append(rows, generator.Artifact{
			Name: "migration-" + spec.Name(), Kind: generator.ScaffoldOnce, Scope: generator.PerType, Retain: true,
			When: func(t *generator.Type) bool { return emit.MigrationSpecs[i].Applies(emit.Type(*t)) },
			Path: func(p *generator.Project, t *generator.Type) string {
				return path.Join(p.Layout.Migrations, emit.MigrationSpecs[i].Path(emit.Type(*t)))
			},
			Render: func(_ *generator.Project, t *generator.Type) ([]byte, error) {
				return emit.MigrationSpecs[i].Render(emit.Type(*t))
			},
		})
	}
	for i, spec := range emit.UpgradeSpecs {
		rows = append(rows, generator.Artifact{
			Name: "migration-" + spec.Name(), Kind: generator.ScaffoldOnce, Scope: generator.PerType, Retain: true,
			When: func(t *generator.Type) bool { return emit.UpgradeSpecs[i].Applies(emit.Type(*t)) },
			Path: func(p *generator.Project, t *generator.Type) string {
				return path.Join(p.Layout.Migrations, emit.UpgradeSpecs[i].Path(emit.Type(*t)))
			},
			Render: func(_ *generator.Project, t *generator.Type) ([]byte, error) {
				return emit.UpgradeSpecs[i].Render(emit.Type(*t))
			},
		})
	}
	return rows
}

func emitProject(p *generator.Project) emit.Project {
	ep := emit.Project{Module: p.Module, PackagesDir: p.Layout.Packages, MigrationsDir: p.Layout.Migrations}
	for _, t := range p.Types {
		ep.Types = append(ep.Types, emit.Type(t))
	}
	return ep
}
