package artifacts

import (
	"bytes"
	"path"

	"go.yaml.in/yaml/v3"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/emit"
	"github.com/geogen/geogen/templates"
)

// dictionaryEntry is one table's database dictionary file, in the shape
// of GitLab's db/docs/*.yml: what the table holds, which code uses it,
// and where it came from. introduced_by names the migration that
// created the table (GitLab links the merge request); milestone is the
// version the type was released in, once it was.
type dictionaryEntry struct {
	TableName         string   `yaml:"table_name"`
	Classes           []string `yaml:"classes"`
	FeatureCategories []string `yaml:"feature_categories"`
	Description       string   `yaml:"description"`
	IntroducedBy      string   `yaml:"introduced_by"`
	Milestone         string   `yaml:"milestone,omitempty"`
	Database          string   `yaml:"database"` // main or tracking
}

// dictionaryRows are the dictionary files of a type's three tables.
func dictionaryRows() []generator.Artifact {
	var rows []generator.Artifact
	for _, kind := range []string{templates.ModelTable, templates.StateTable, templates.RegistryTable} {
		var when func(t *generator.Type) bool
		if kind == templates.StateTable {
			// Verification on the model table: the model's entry is all.
			when = func(t *generator.Type) bool { return !t.VerificationOnModel }
		}
		rows = append(rows, generator.Artifact{
			Name: "dictionary-" + kind, Kind: generator.Owned, Scope: generator.PerType, When: when,
			Path: func(p *generator.Project, t *generator.Type) string {
				return path.Join(p.Layout.Docs, "dictionary", dictionaryTable(kind, t)+".yml")
			},
			Render: func(p *generator.Project, t *generator.Type) ([]byte, error) {
				return dictionaryFile(p, t, kind)
			},
		})
	}
	return rows
}

func dictionaryTable(kind string, t *generator.Type) string {
	switch kind {
	case templates.ModelTable:
		return t.Names.ModelTable
	case templates.StateTable:
		return t.Names.StateTable
	}
	return t.Names.RegistryTable
}

func dictionaryFile(p *generator.Project, t *generator.Type, kind string) ([]byte, error) {
	n := &t.Names
	pkg := n.Package
	e := dictionaryEntry{
		TableName:         dictionaryTable(kind, t),
		FeatureCategories: []string{"geo_replication"},
		Database:          "main",
	}
	switch kind {
	case templates.ModelTable:
		e.Classes = []string{pkg + ".Descriptor"}
		e.Description = "The " + n.TitlePlural + " this project replicates to secondary sites, one " + t.Strategy + " each. geogen scaffolded the table; its columns are the project's."
	case templates.StateTable:
		e.Classes = []string{pkg + ".NewPrimaryVerification"}
		e.Description = "The primary site's verification state of each " + n.Title + ": its checksum, when it was verified, and the retries of a failed verification."
	default:
		e.Classes = []string{pkg + ".Registry", pkg + ".NewRegistryStore", pkg + ".NewSecondaryVerification"}
		e.Description = "A secondary site's replication and verification state of each " + n.Title + ": whether it is synced, when, and whether its checksum matches the primary's."
		e.Database = "tracking"
	}
	if kind == templates.ModelTable && t.AdoptModelTable {
		e.Description = "The " + n.TitlePlural + " this project replicates to secondary sites, one " + t.Strategy + " each. The table existed before the type was replicable; geogen does not create it."
	}
	for _, spec := range emit.MigrationSpecs {
		if spec.Kind == kind && spec.Dialect == "postgres" && spec.Applies(emit.Type(*t)) {
			e.IntroducedBy = path.Join(p.Layout.Migrations, spec.Path(emit.Type(*t)))
		}
	}
	if t.Released {
		e.Milestone = t.ReleasedIn
	}
	var buf bytes.Buffer
	buf.WriteString(generator.Header(".yml") + "---\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(e); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
