package artifacts

import (
	"path"

	"github.com/geogen/geogen/generator"
)

// All returns the production table. Rows are listed by scope, then by
// what they produce; Generate sorts the files by path, so the order here
// only matters for reading.
//
// A row for a Go file looks like this:
//
//	{
//		Name: "descriptor", Kind: generator.Owned, Scope: generator.PerType,
//		Path: func(p *generator.Project, t *generator.Type) string {
//			return path.Join(p.PackageDir(t), "descriptor.go")
//		},
//		Render: func(p *generator.Project, t *generator.Type) ([]byte, error) {
//			return emit.Descriptor(emit.Type(*t))
//		},
//	}
//
// Renderers get the whole project (module path, layout, every type) and,
// for PerType rows, the type. Go output is gofmt'ed by the engine; owned
// files must begin with generator.Header(path), scaffold-once files must
// not.
func All() []generator.Artifact {
	rows := append(goRows(), migrationRows()...)
	rows = append(rows, dictionaryRows()...)
	return append(rows, []generator.Artifact{
		// Per type.
		{
			Name: "flag-replication", Kind: generator.Owned, Scope: generator.PerType,
			Path:   flagPath(func(t *generator.Type) string { return t.Names.ReplicationFlag }),
			Render: replicationFlag,
		},
		{
			Name: "flag-verification", Kind: generator.Owned, Scope: generator.PerType,
			Path:   flagPath(func(t *generator.Type) string { return t.Names.VerificationFlag }),
			Render: verificationFlag,
		},

		// Aggregates.
		{
			Name: "doc-data-types", Kind: generator.Owned, Scope: generator.Aggregate,
			Path: docPath("data_types.md"), Render: dataTypesDoc,
		},
		{
			Name: "doc-graphql", Kind: generator.Owned, Scope: generator.Aggregate,
			Path: docPath("graphql.md"), Render: graphqlReference,
		},
		{
			Name: "doc-metrics", Kind: generator.Owned, Scope: generator.Aggregate,
			Path: docPath("metrics.md"), Render: metricsDoc,
		},
		{
			Name: "doc-status", Kind: generator.Owned, Scope: generator.Aggregate,
			Path: docPath("status.md"), Render: statusDoc,
		},
		{
			Name: "status-schema", Kind: generator.Owned, Scope: generator.Aggregate,
			Path: docPath("status_schema.json"), Render: statusSchema,
		},
		{
			Name: "site-config-example", Kind: generator.Owned, Scope: generator.Aggregate,
			Path: siteConfigExamplePath, Render: siteConfigExample,
		},
	}...)
}

func flagPath(name func(*generator.Type) string) func(*generator.Project, *generator.Type) string {
	return func(p *generator.Project, t *generator.Type) string {
		return path.Join(p.Layout.Flags, name(t)+".yml")
	}
}

func docPath(name string) func(*generator.Project, *generator.Type) string {
	return func(p *generator.Project, _ *generator.Type) string { return path.Join(p.Layout.Docs, name) }
}
