package generator

import (
	"path"

	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/generator/naming"
)

// Project is what renderers see of the whole project.
type Project struct {
	Module string          // the project's Go module path
	Layout manifest.Layout // where each kind of file goes
	Types  []Type          // sorted by name, as in the manifest
}

// Type is one replicable type as renderers see it. Its fields mirror
// generator/emit's Type one for one, so emit.Type(t) converts it.
type Type struct {
	Names            naming.Names
	Strategy         string // "blob" or "repository"
	MigrationVersion int64  // the first of manifest.VersionsPerType versions

	// SchemaRevision is the revision the type's first migrations are
	// written at; SchemaUpgrades the migrations that raise it since.
	SchemaRevision int
	SchemaUpgrades []manifest.SchemaUpgrade

	// SecondKeyUnique makes the index of the registry's second key
	// (Names.SecondKey) unique.
	SecondKeyUnique bool

	// Profile describes a registry table that differs from geogen's
	// layout (the manifest's registry_profile).
	Profile manifest.RegistryProfile

	// AdoptStateTable says the state table exists already: its migration
	// adds only the verification columns and indexes. VerificationOnModel
	// says the verification columns are on the model table
	// (Names.StateTable is the model table).
	AdoptStateTable     bool
	VerificationOnModel bool
	// AdoptModelTable says the model table exists already: no migration
	// creates it.
	AdoptModelTable bool

	// Released says the type left its experiment (geogen release), in
	// version ReleasedIn when recorded.
	Released   bool
	ReleasedIn string
}

// IsBlob reports whether t uses the blob strategy; for Artifact.When.
func IsBlob(t *Type) bool { return t.Strategy == string(manifest.Blob) }

// IsRepository reports whether t uses the repository strategy.
func IsRepository(t *Type) bool { return t.Strategy == string(manifest.Repository) }

// PackageDir is the slash-separated directory of t's Go package.
func (p *Project) PackageDir(t *Type) string { return path.Join(p.Layout.Packages, t.Names.Package) }

// PackagePath is the import path of t's Go package.
func (p *Project) PackagePath(t *Type) string { return p.Module + "/" + p.PackageDir(t) }

// NewProject derives every name of every type in m. It fails, before
// anything is rendered, when a name is invalid or when two types would
// share a derived name (a table, a package, a flag, a GraphQL field); the
// *NamesError lists every problem.
func NewProject(m *manifest.Manifest) (*Project, error) {
	types, err := checkNames(m)
	if err != nil {
		return nil, err
	}
	return projectOf(m, types), nil
}

func projectOf(m *manifest.Manifest, types []Type) *Project {
	return &Project{Module: m.Module, Layout: m.Layout, Types: types}
}

// NamingOptions turns a manifest entry's overrides into naming options.
func NamingOptions(r manifest.Replicable) naming.Options {
	return naming.Options{
		Plural:        r.Plural,
		ModelTable:    r.Table,
		Title:         r.Title,
		TitlePlural:   r.TitlePlural,
		RegistryTable: r.RegistryTable,
		StateTable:    r.StateTable,
		ForeignKey:    r.ForeignKey,
		Initialisms:   r.Initialisms,
		IndexNames:    r.IndexNames,
		ModelKey:      r.ModelKey,
		StateKey:      r.StateKey,

		SecondKey:       r.SecondKey,
		SecondKeySource: r.SecondKeySource,

		VerificationOnModel: r.VerificationOnModel,

		ReplicationFlag:  r.ReplicationFlag,
		VerificationFlag: r.VerificationFlag,
		GraphQLType:      r.GraphQLType,
		GraphQLField:     r.GraphQLField,
	}
}
