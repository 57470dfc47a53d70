package artifacts_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/artifacts"
	"github.com/geogen/geogen/generator/emit"
	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/runtime/geographql"
)

// TestDocsListTheManifest holds the database dictionary and the GraphQL
// reference to the manifest: one dictionary file per table of every type
// and no other, and one reference section per GraphQL field and object
// of every type and no other, whatever the names and however many types.
func TestDocsListTheManifest(t *testing.T) {
	m := manifest.New("example.com/shop")
	m.Replicables = []manifest.Replicable{
		{Name: "CoolWidget", Strategy: manifest.Blob, MigrationVersion: 20261122010203, Stage: manifest.StageReleased, ReleasedIn: "1.4"},
		{Name: "LFSObject", Strategy: manifest.Blob, MigrationVersion: 20261122010205, RegistryTable: "lfs_registry"},
		{Name: "Person", Strategy: manifest.Repository, MigrationVersion: 20261122010207, Plural: "people", StateTable: "person_verification"},
	}
	for n := len(m.Replicables); n >= 0; n-- {
		sub := m.Clone()
		sub.Replicables = sub.Replicables[:n]
		files, err := generator.Generate(sub, artifacts.All())
		if err != nil {
			t.Fatal(err)
		}
		p, err := generator.NewProject(sub)
		if err != nil {
			t.Fatal(err)
		}
		var wantTables, wantFields, wantObjects []string
		for _, ty := range p.Types {
			wantTables = append(wantTables, ty.Names.ModelTable, ty.Names.StateTable, ty.Names.RegistryTable)
			wantFields = append(wantFields, "GeoNode."+ty.Names.GraphQLField)
			for _, name := range geographql.TypeNames(emit.DescriptorValue(emit.Type(ty))) {
				if name != geographql.RegistryIDScalar(emit.DescriptorValue(emit.Type(ty))) {
					wantObjects = append(wantObjects, name)
				}
			}
		}
		var gotTables, gotFields, gotObjects []string
		heading := regexp.MustCompile("(?m)^### `([^`]+)`$")
		for _, f := range files {
			switch {
			case strings.HasPrefix(f.Path, "docs/geo/dictionary/"):
				var e struct {
					TableName string `yaml:"table_name"`
				}
				if err := yaml.Unmarshal(f.Content, &e); err != nil {
					t.Fatalf("%s: %v", f.Path, err)
				}
				if f.Path != "docs/geo/dictionary/"+e.TableName+".yml" {
					t.Errorf("%s describes table %q", f.Path, e.TableName)
				}
				gotTables = append(gotTables, e.TableName)
			case f.Path == "docs/geo/graphql.md":
				// The types' part; TestReferenceListsTheMutations holds the rest.
				typesPart, _, _ := strings.Cut(string(f.Content), "\n## Mutations\n")
				for _, h := range heading.FindAllStringSubmatch(typesPart, -1) {
					if strings.HasPrefix(h[1], "GeoNode.") {
						gotFields = append(gotFields, h[1])
					} else {
						gotObjects = append(gotObjects, h[1])
					}
				}
			}
		}
		for _, s := range [][]string{wantTables, wantFields, wantObjects, gotTables, gotFields, gotObjects} {
			slices.Sort(s)
		}
		if diff := cmp.Diff(wantTables, gotTables); diff != "" {
			t.Errorf("%d types: dictionary tables (-manifest +docs):\n%s", n, diff)
		}
		if diff := cmp.Diff(wantFields, gotFields); diff != "" {
			t.Errorf("%d types: GraphQL reference fields (-manifest +docs):\n%s", n, diff)
		}
		if diff := cmp.Diff(wantObjects, gotObjects); diff != "" {
			t.Errorf("%d types: GraphQL reference objects (-manifest +docs):\n%s", n, diff)
		}
	}
}
