package geographql

import (
	"slices"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/replicable"
)

// TestScanSDLReadsTheBaseSchema checks the scanner on the schema it
// serves: every type, and GeoNode's fields.
func TestScanSDLReadsTheBaseSchema(t *testing.T) {
	defs := scanSDL(BaseSDL())
	var names []string
	var geoNode []string
	for _, d := range defs {
		names = append(names, d.name)
		if d.name == "GeoNode" {
			geoNode = d.fields
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
	reg := scanSDL(TypeSDL(testtypes.CoolWidget()))
	if len(reg) != 5 || reg[0].name != "CoolWidgetRegistry" || reg[3].name != "GeoCoolWidgetRegistryID" || !reg[4].extend || !slices.Equal(reg[4].fields, []string{"coolWidgetRegistries"}) {
		t.Errorf("type SDL read as %+v", reg)
	}
	if !slices.Contains(reg[0].fields, "coolWidgetId") || !slices.Contains(reg[0].fields, "modelRecordId") {
		t.Errorf("registry fields read as %v", reg[0].fields)
	}
}

// TestCheckNamesFindsEveryClash builds a set with a clash of each kind and
// expects all of them at once; NewSchema must refuse the set with an
// error, not a panic.
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
	var bindings []TypeBinding
	for _, x := range []*replicable.Descriptor{a} {
		bindings = append(bindings, TypeBinding{Descriptor: x, Finder: finder.New(nil, nil, x, nil)})
	}
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("NewSchema panicked: %v", r)
			}
		}()
		if _, err := NewSchema(bindings); err == nil || !strings.Contains(err.Error(), "modelRecordId") {
			t.Errorf("NewSchema: %v, want the modelRecordId clash", err)
		}
	}()
}

// TestCheckNamesAcceptsGeneratedTypes checks that distinct types pass.
func TestCheckNamesAcceptsGeneratedTypes(t *testing.T) {
	if ps := CheckNames([]*replicable.Descriptor{testtypes.CoolWidget(), testtypes.Gizmo()}); len(ps) != 0 {
		t.Fatalf("problems: %v", ps)
	}
}
