package emit

import (
	"bytes"
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/geogen/geogen/runtime/replicable"
)

// Descriptor renders descriptor.go: the type's replicable.Descriptor. The
// hooks it names (scope, searchColumns, locate) live in the scaffolded
// selection.go, which the user owns.
func Descriptor(t Type) ([]byte, error) {
	n := t.Names
	d := DescriptorValue(t)
	strategy := "Blob"
	if d.Strategy == replicable.Repository {
		strategy = "Repository"
	}
	f := newFile(n.Package)
	f.PackageComment(fmt.Sprintf("Package %s replicates %s from the primary site to secondary sites.", n.Package, n.TitlePlural))
	f.Comment(fmt.Sprintf("Descriptor names every table, flag, GraphQL and metric name of the %s replicable type.", n.Title))
	f.Var().Id("Descriptor").Op("=").Op("&").Qual(pkgReplicable, "Descriptor").ValuesFunc(func(g *jen.Group) {
		field := func(name string, v jen.Code) { g.Line().Id(name).Op(":").Add(v) }
		field("Name", jen.Lit(d.Name))
		field("Plural", jen.Lit(d.Plural))
		field("Title", jen.Lit(d.Title))
		field("TitlePlural", jen.Lit(d.TitlePlural))
		field("Strategy", jen.Qual(pkgReplicable, strategy))
		field("ModelTable", jen.Lit(d.ModelTable))
		field("ModelKey", jen.Lit(d.ModelKey))
		field("ModelUpdatedAt", jen.Lit(d.ModelUpdatedAt))
		field("SearchColumns", jen.Id("searchColumns"))
		field("Scope", jen.Id("scope"))
		field("RegistryTable", jen.Lit(d.RegistryTable))
		field("ForeignKey", jen.Lit(d.ForeignKey))
		field("StateTable", jen.Lit(d.StateTable))
		if d.StateKey != "" {
			field("StateKey", jen.Lit(d.StateKey))
		}
		if d.VerificationOnModel {
			field("VerificationOnModel", jen.True())
		}
		if d.SecondKey != "" {
			field("SecondKey", jen.Lit(d.SecondKey))
			field("SecondKeySource", jen.Lit(d.SecondKeySource))
		}
		if d.WithoutMissingOnPrimary {
			field("WithoutMissingOnPrimary", jen.True())
		}
		field("ReplicationFlag", jen.Lit(d.ReplicationFlag))
		field("VerificationFlag", jen.Lit(d.VerificationFlag))
		field("GraphQLType", jen.Lit(d.GraphQLType))
		field("GraphQLField", jen.Lit(d.GraphQLField))
		field("GraphQLFKField", jen.Lit(d.GraphQLFKField))
		if d.Experiment {
			// The comment and the field are one element of the literal, so
			// the comma goes after the value, not after the comment.
			g.Line().Comment("Until geogen release, the GraphQL field says the type is an experiment.").
				Line().Id("Experiment").Op(":").True()
		}
		field("Locate", jen.Id("locate"))
		g.Line()
	})
	return render(f)
}

// DescriptorValue is the descriptor that descriptor.go declares, with the
// scaffold's defaults for the user's hooks (keyword search over "name",
// no scope, the default location). The generator uses it to render what
// the runtime derives from a descriptor, such as the GraphQL schema.
func DescriptorValue(t Type) *replicable.Descriptor {
	n := t.Names
	strategy := replicable.Blob
	if t.Strategy == string(replicable.Repository) {
		strategy = replicable.Repository
	}
	return &replicable.Descriptor{
		Name:                n.Snake,
		Plural:              n.SnakePlural,
		Title:               n.Title,
		TitlePlural:         n.TitlePlural,
		Strategy:            strategy,
		ModelTable:          n.ModelTable,
		ModelKey:            n.ModelKey,
		ModelUpdatedAt:      "updated_at",
		SearchColumns:       []string{"name"},
		RegistryTable:       n.RegistryTable,
		ForeignKey:          n.ForeignKey,
		StateTable:          n.StateTable,
		StateKey:            stateKey(n.StateKey, n.ForeignKey),
		SecondKey:           n.SecondKey,
		SecondKeySource:     n.SecondKeySource,
		VerificationOnModel: t.VerificationOnModel,

		WithoutMissingOnPrimary: !t.Profile.Has("missing_on_primary"),
		ReplicationFlag:         n.ReplicationFlag,
		VerificationFlag:        n.VerificationFlag,
		GraphQLType:             n.GraphQLType,
		GraphQLField:            n.GraphQLField,
		GraphQLFKField:          n.GraphQLFKField,
		Experiment:              !t.Released,
	}
}

// stateKey is the descriptor's StateKey: empty when the state table's key
// is the foreign key, so descriptors of the types that do not set one
// stay as they were.
func stateKey(key, foreignKey string) string {
	if key == foreignKey {
		return ""
	}
	return key
}

func newFile(pkg string) *jen.File {
	f := jen.NewFile(pkg)
	f.HeaderComment(Header)
	for path, name := range runtimePackages {
		f.ImportName(path, name)
	}
	return f
}

func render(f *jen.File) ([]byte, error) {
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, fmt.Errorf("render Go file: %w", err)
	}
	return buf.Bytes(), nil
}
