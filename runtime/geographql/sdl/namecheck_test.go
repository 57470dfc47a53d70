package sdl

import (
	"slices"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/replicable"
)

// TestParseReadsTheBaseSchema checks Parse on the schema the runtime
// serves: every type, and GeoNode's fields, and a type's fragment.
func TestParseReadsTheBaseSchema(t *testing.T) {
	doc, err := Parse(Base())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var geoNode []string
	for _, d := range doc.Definitions {
		names = append(names, d.Name)
		if d.Name == "GeoNode" {
			for _, f := range d.Fields {
				geoNode = append(geoNode, f.Name)
			}
		}
	}
	for _, want := range []string{"Query", "GeoNode", "PageInfo", "Time", "RegistryState", "ReplicationStateEnum", "VerificationStateEnum", "GeoRegistrySort"} {
		if !slices.Contains(names, want) {
			t.Errorf("type %s not found in %v", want, names)
		}
	}
	for _, want := range []string{"id", "name", "url", "primary", "enabled", "internalUrl", "minimumReverificationInterval"} {
		if !slices.Contains(geoNode, want) {
			t.Errorf("GeoNode field %s not found in %v", want, geoNode)
		}
	}
	frag, err := Parse(Type(testtypes.CoolWidget()))
	if err != nil {
		t.Fatal(err)
	}
	reg := frag.Definitions
	if len(reg) != 5 || reg[0].Name != "CoolWidgetRegistry" || reg[3].Name != "GeoCoolWidgetRegistryID" || !reg[4].Extend ||
		len(reg[4].Fields) != 1 || reg[4].Fields[0].Name != "coolWidgetRegistries" {
		t.Errorf("type SDL read as %+v", reg)
	}
	if reg[0].Field("coolWidgetId") == nil || reg[0].Field("modelRecordId") == nil {
		t.Errorf("registry fields read as %+v", reg[0].Fields)
	}
}

// TestCheckNamesFindsEveryClash builds a set with a clash of each kind and
// expects all of them at once.
func TestCheckNamesFindsEveryClash(t *testing.T) {
	a, b, c, d := testtypes.CoolWidget(), testtypes.Gizmo(), testtypes.Gizmo(), testtypes.CoolWidget()
	a.GraphQLFKField = "modelRecordId"                                          // a shared registry field
	b.GraphQLType = "PageInfo"                                                  // a base schema type
	c.Name = "gizmo_two"                                                        // c keeps b's other GraphQL names…
	c.GraphQLType = "GizmoTwoRegistry"                                          // …but not its type
	d.Name, d.GraphQLType, d.GraphQLField = "thing", "ThingRegistry", "enabled" // a GeoNode field
	got := CheckNames([]*replicable.Descriptor{a, b, c, d})
	want := []string{
		`"cool_widget": GraphQLFKField "modelRecordId" is a field of the GraphQL type CoolWidgetRegistry twice`,
		`"gizmo": GraphQLType "PageInfo" names a GraphQL type that the runtime's base schema defines already`,
		`"gizmo" and "gizmo_two" both use "gizmoRegistries" (GraphQLField of gizmo_two)`,
		`"thing": GraphQLField "enabled" is a field of GeoNode that the runtime's base schema defines already`,
	}
	var msgs []string
	for _, p := range got {
		msgs = append(msgs, p.Error())
	}
	for _, w := range want {
		if !slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, w) }) {
			t.Errorf("missing %s", w)
		}
	}
	if t.Failed() || len(msgs) < len(want) {
		t.Logf("got:\n%s", strings.Join(msgs, "\n"))
	}
}

// TestCheckNamesAcceptsGeneratedTypes checks that distinct types pass.
func TestCheckNamesAcceptsGeneratedTypes(t *testing.T) {
	if ps := CheckNames([]*replicable.Descriptor{testtypes.CoolWidget(), testtypes.Gizmo()}); len(ps) != 0 {
		t.Fatalf("problems: %v", ps)
	}
}
