package artifacts_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	graphql "github.com/graph-gophers/graphql-go"
	"github.com/graph-gophers/graphql-go/ast"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/artifacts"
	"github.com/geogen/geogen/generator/emit"
	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/replicable"
)

// TestReferenceListsTheMutations holds the GraphQL reference's mutations
// part to the schema a project serves: a section for each mutation and
// for every type it reaches but the built-in scalars and the types'
// objects, and in each section's table exactly the schema's arguments,
// fields, members or enum values, in the schema's order.
func TestReferenceListsTheMutations(t *testing.T) {
	m := manifest.New("example.com/shop")
	m.Replicables = []manifest.Replicable{
		{Name: "CoolWidget", Strategy: manifest.Blob, MigrationVersion: 20261122010203},
		{Name: "Person", Strategy: manifest.Repository, MigrationVersion: 20261122010207, Plural: "people"},
	}
	files, err := generator.Generate(m, artifacts.All())
	if err != nil {
		t.Fatal(err)
	}
	p, err := generator.NewProject(m)
	if err != nil {
		t.Fatal(err)
	}
	var descs []*replicable.Descriptor
	typeObjects := map[string]bool{}
	for _, ty := range p.Types {
		d := emit.DescriptorValue(emit.Type(ty))
		descs = append(descs, d)
		for _, name := range geographql.TypeNames(d) {
			typeObjects[name] = true
		}
	}
	schema, err := graphql.ParseSchema(geographql.ProjectSDL(descs), nil, graphql.UseStringDescriptions())
	if err != nil {
		t.Fatal(err)
	}
	s := schema.AST()

	// What the schema says: the members of each section, and the sections.
	want := map[string][]string{}
	mutation := s.Types["Mutation"].(*ast.ObjectTypeDefinition)
	queue := []string{}
	for _, f := range mutation.Fields {
		var args []string
		for _, a := range f.Arguments {
			args = append(args, a.Name.Name)
			queue = append(queue, named(a.Type))
		}
		want["Mutation."+f.Name] = args
		queue = append(queue, named(f.Type))
	}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if _, done := want[name]; done || typeObjects[name] || slices.Contains([]string{"ID", "String", "Int", "Float", "Boolean"}, name) {
			continue
		}
		members := []string{}
		switch d := s.Types[name].(type) {
		case *ast.InputObject:
			for _, f := range d.Values {
				members = append(members, f.Name.Name)
				queue = append(queue, named(f.Type))
			}
		case *ast.ObjectTypeDefinition:
			for _, f := range d.Fields {
				members = append(members, f.Name)
				queue = append(queue, named(f.Type))
			}
		case *ast.Union:
			for _, mt := range d.UnionMemberTypes {
				members = append(members, mt.Name)
			}
		case *ast.EnumTypeDefinition:
			for _, v := range d.EnumValuesDefinition {
				members = append(members, v.EnumValue)
			}
		}
		want[name] = members
	}
	for _, must := range []string{"Mutation.geoRegistriesUpdate", "Mutation.geoRegistriesBulkUpdate", "GeoRegistriesUpdateInput",
		"GeoRegistriesUpdatePayload", "GeoRegistriesBulkUpdateInput", "GeoRegistriesBulkUpdatePayload", "Registrable",
		"GeoRegistryAction", "GeoRegistriesBulkAction", "GeoRegistryClass", "GeoBaseRegistryID"} {
		if _, ok := want[must]; !ok {
			t.Errorf("the schema's mutations do not reach %s", must)
		}
	}

	// What the reference says, after its Mutations heading.
	var doc string
	for _, f := range files {
		if f.Path == "docs/geo/graphql.md" {
			doc = string(f.Content)
		}
	}
	_, part, ok := strings.Cut(doc, "\n## Mutations\n")
	if !ok {
		t.Fatalf("the GraphQL reference has no Mutations part:\n%s", doc)
	}
	got := map[string][]string{}
	heading := regexp.MustCompile("^### `([^`]+)`$")
	row := regexp.MustCompile("^\\| (?:\\[)?`([^`]+)`")
	var section string
	for _, line := range strings.Split(part, "\n") {
		if h := heading.FindStringSubmatch(line); h != nil {
			section = h[1]
			got[section] = []string{}
			continue
		}
		if r := row.FindStringSubmatch(line); r != nil && section != "" {
			got[section] = append(got[section], strings.Trim(r[1], "!"))
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the reference's mutations part against the schema (-schema +reference):\n%s", diff)
	}
}

func named(t ast.Type) string {
	for {
		switch w := t.(type) {
		case *ast.NonNull:
			t = w.OfType
			continue
		case *ast.List:
			t = w.OfType
			continue
		}
		return t.String()
	}
}
