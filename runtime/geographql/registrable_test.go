package geographql_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/testregistrable"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// testRegistrable is the Registrable union of the test types.
type testRegistrable = testregistrable.Registrable

// widgetsOnly lacks the Gizmo member.
type widgetsOnly geographql.Registrable

func (r *widgetsOnly) ToCoolWidgetRegistry() (*testregistrable.CoolWidgetRegistry, bool) {
	return (*testRegistrable)(r).ToCoolWidgetRegistry()
}

// notOverRegistrable is a union resolver of another shape.
type notOverRegistrable struct{ testRegistrable }

// TestUpdateReturnsTheRegistryThroughTheUnion: geoRegistriesUpdate answers
// the registry it changed as the Registrable union, the member of its
// type, with its state after the action, as GitLab's pages read it.
func TestUpdateReturnsTheRegistryThroughTheUnion(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		src := flags.NewMemory("geo_cool_widget_replication", "geo_gizmo_replication", "geo_gizmo_verification")
		env := newTwoTypesWith(t, dialect, src, func(e *geotest.Env, b []geographql.TypeBinding) []geographql.TypeBinding {
			for i := range b {
				b[i].Actions = adminapi.RegistryActions(e.Tracking, b[i].Descriptor, e.Clock, nil)
			}
			return geographql.BindUnion[testRegistrable](b...)
		})
		w := geotest.InsertRegistry(t, env.widgets, registry.Record{State: state.Failed, RetryCount: 3})
		g := geotest.InsertRegistry(t, env.gizmos, registry.Record{State: state.Synced, VerificationState: state.VerificationFailed})
		const members = `registry { __typename
			... on CoolWidgetRegistry { id coolWidgetId state retryCount }
			... on GizmoRegistry { id gizmoId state verificationState } }`
		cases := []struct {
			name, registryID, action string
			want                     map[string]any
		}{
			{"resync a cool widget", geographql.GlobalID(testtypes.CoolWidget(), w.ID), "RESYNC", map[string]any{
				"__typename": "CoolWidgetRegistry", "id": geographql.GlobalID(testtypes.CoolWidget(), w.ID),
				"coolWidgetId": itoa(w.ModelRecordID), "state": "PENDING", "retryCount": float64(0),
			}},
			{"reverify a gizmo", geographql.GlobalID(testtypes.Gizmo(), g.ID), "REVERIFY", map[string]any{
				"__typename": "GizmoRegistry", "id": geographql.GlobalID(testtypes.Gizmo(), g.ID),
				"gizmoId": itoa(g.ModelRecordID), "state": "SYNCED", "verificationState": "PENDING",
			}},
		}
		for _, c := range cases {
			data, errs := env.exec(finder.Viewer{Admin: true}, `mutation { geoRegistriesUpdate(input: {registryId: "`+c.registryID+`", action: `+c.action+`}) { errors `+members+` } }`)
			if len(errs) > 0 {
				t.Fatalf("%s: %v", c.name, errs)
			}
			want := map[string]any{"geoRegistriesUpdate": map[string]any{"errors": []any{}, "registry": c.want}}
			if diff := cmp.Diff(want, data); diff != "" {
				t.Errorf("%s (-want +got):\n%s", c.name, diff)
			}
		}
		// A refused action has no registry to show, only why.
		data, errs := env.exec(finder.Viewer{Admin: true}, `mutation { geoRegistriesUpdate(input: {registryId: "`+geographql.GlobalID(testtypes.CoolWidget(), w.ID)+`", action: REVERIFY}) { errors `+members+` } }`)
		if len(errs) > 0 || data["geoRegistriesUpdate"].(map[string]any)["registry"] != nil || len(data["geoRegistriesUpdate"].(map[string]any)["errors"].([]any)) != 1 {
			t.Errorf("a refused reverify: %v %v; want one error and no registry", data, errs)
		}
	})
}

func TestUnionBindingsAreChecked(t *testing.T) {
	cw, gz := testtypes.CoolWidget(), testtypes.Gizmo()
	both := func() []geographql.TypeBinding {
		return []geographql.TypeBinding{{Descriptor: cw}, {Descriptor: gz}}
	}
	mixed := both()
	mixed[0] = geographql.BindUnion[testRegistrable](mixed[0])[0]
	cases := []struct {
		name     string
		bindings []geographql.TypeBinding
		want     string // "" means accepted
	}{
		{"no union", both(), ""},
		{"the union", geographql.BindUnion[testRegistrable](both()...), ""},
		{"a member missing", geographql.BindUnion[widgetsOnly](both()...), "has no method ToGizmoRegistry: run geogen generate"},
		{"not over Registrable", geographql.BindUnion[notOverRegistrable](both()...), "is not defined over geographql.Registrable"},
		{"bound to one binding only", mixed, "bind different Registrable unions"},
	}
	for _, c := range cases {
		_, err := geographql.NewSchema(c.bindings)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
		if c.name == "the union" {
			if got, want := geographql.SDL(c.bindings), geographql.ProjectSDL([]*replicable.Descriptor{cw, gz}); got != want {
				t.Errorf("the SDL of the bound union is not the project's: %s", cmp.Diff(want, got))
			}
		}
		sdl := geographql.SDL(c.bindings)
		if hasUnion := strings.Contains(sdl, "union Registrable = CoolWidgetRegistry | GizmoRegistry") && strings.Contains(sdl, "registry: Registrable"); hasUnion != (c.name == "the union") {
			t.Errorf("%s: the SDL has the union: %v", c.name, hasUnion)
		}
	}
}

// TestRegistryObjectHasEverySharedField: the union's members resolve
// every field of a registry object but the foreign key; the SDL of a
// type lists them.
func TestRegistryObjectHasEverySharedField(t *testing.T) {
	d := testtypes.CoolWidget()
	var want []string
	for _, line := range strings.Split(geographql.TypeSDL(d), "\n") {
		line = strings.TrimSpace(line)
		if name, _, ok := strings.Cut(line, ":"); ok && !strings.HasPrefix(line, `"`) && !strings.Contains(name, " ") && !strings.Contains(name, "(") {
			want = append(want, name)
		}
		if line == "}" {
			break // the object type ends; its connection follows
		}
	}
	var got []string
	rt := reflect.TypeFor[geographql.RegistryObject]()
	for i := range rt.NumField() {
		got = append(got, rt.Field(i).Tag.Get("graphql"))
	}
	want = slicesDelete(want, d.GraphQLFKField)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("RegistryObject's fields (-SDL +struct):\n%s", diff)
	}
}

func slicesDelete(s []string, v string) []string {
	var out []string
	for _, x := range s {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}
