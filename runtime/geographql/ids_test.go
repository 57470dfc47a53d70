package geographql_test

import (
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/internal/testtypes"
)

func TestParseRegistryGlobalID(t *testing.T) {
	cases := []struct {
		in      string
		want    geographql.RegistryGlobalID
		wantErr string
	}{
		{"gid://gitlab/Geo::CoolWidgetRegistry/42", geographql.RegistryGlobalID{App: "gitlab", Class: "Geo::CoolWidgetRegistry", ID: 42}, ""},
		{"gid://geogen/Geo::GizmoRegistry/9223372036854775807", geographql.RegistryGlobalID{App: "geogen", Class: "Geo::GizmoRegistry", ID: 9223372036854775807}, ""},
		{"gid://my-app.example_1/Geo::Nested::LfsObjectRegistry/7", geographql.RegistryGlobalID{App: "my-app.example_1", Class: "Geo::Nested::LfsObjectRegistry", ID: 7}, ""},
		{"", geographql.RegistryGlobalID{}, "does not start with gid://"},
		{"42", geographql.RegistryGlobalID{}, "does not start with gid://"},
		{"GID://gitlab/Geo::CoolWidgetRegistry/1", geographql.RegistryGlobalID{}, "does not start with gid://"},
		{"gid://gitlab/Geo::CoolWidgetRegistry", geographql.RegistryGlobalID{}, "three parts"},
		{"gid://gitlab/Geo::CoolWidgetRegistry/1/2", geographql.RegistryGlobalID{}, "three parts"},
		{"gid:///Geo::CoolWidgetRegistry/1", geographql.RegistryGlobalID{}, "application name"},
		{"gid://git lab/Geo::CoolWidgetRegistry/1", geographql.RegistryGlobalID{}, "application name"},
		{"gid://gitlab/CoolWidgetRegistry/1", geographql.RegistryGlobalID{}, "class"},
		{"gid://gitlab/Geo::/1", geographql.RegistryGlobalID{}, "class"},
		{"gid://gitlab/Geo::coolWidget/1", geographql.RegistryGlobalID{}, "class"},
		{"gid://gitlab/Geo::Cool-Widget/1", geographql.RegistryGlobalID{}, "class"},
		{"gid://gitlab/Geo::CoolWidgetRegistry/", geographql.RegistryGlobalID{}, "not a decimal"},
		{"gid://gitlab/Geo::CoolWidgetRegistry/1?x=y", geographql.RegistryGlobalID{}, "not a decimal"},
		{"gid://gitlab/Geo::CoolWidgetRegistry/-1", geographql.RegistryGlobalID{}, "not a decimal"},
		{"gid://gitlab/Geo::CoolWidgetRegistry/+1", geographql.RegistryGlobalID{}, "not a decimal"},
		{"gid://gitlab/Geo::CoolWidgetRegistry/0", geographql.RegistryGlobalID{}, "between 1 and"},
		{"gid://gitlab/Geo::CoolWidgetRegistry/9223372036854775808", geographql.RegistryGlobalID{}, "between 1 and"},
		{"gid://gitlab/Geo::CoolWidgetRegistry/١", geographql.RegistryGlobalID{}, "not a decimal"},
	}
	for _, c := range cases {
		got, err := geographql.ParseRegistryGlobalID(c.in)
		if c.wantErr == "" {
			if err != nil || got != c.want {
				t.Errorf("%q: got %+v, %v; want %+v", c.in, got, err, c.want)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.wantErr) || !strings.Contains(err.Error(), "is not a valid Global ID") {
			t.Errorf("%q: error %v, want one saying it is not a valid Global ID and containing %q", c.in, err, c.wantErr)
		}
	}
}

// FuzzParseRegistryGlobalID: whatever the input, a parsed GlobalID writes
// back to the same string, and a class check of d accepts exactly d's.
func FuzzParseRegistryGlobalID(f *testing.F) {
	for _, s := range []string{"gid://gitlab/Geo::CoolWidgetRegistry/42", "gid://x/Geo::A/1", "gid://gitlab/Geo::CoolWidgetRegistry/007", "42", ""} {
		f.Add(s)
	}
	d := testtypes.CoolWidget()
	f.Fuzz(func(t *testing.T, s string) {
		g, err := geographql.ParseRegistryGlobalID(s)
		if err != nil {
			if _, ok := geographql.ParseGlobalID(d, s); ok {
				t.Fatalf("%q: ParseGlobalID accepts what ParseRegistryGlobalID refuses", s)
			}
			return
		}
		if g.ID <= 0 || g.App == "" || !strings.HasPrefix(g.Class, "Geo::") {
			t.Fatalf("%q parsed to %+v", s, g)
		}
		again, err := geographql.ParseRegistryGlobalID(g.String())
		if err != nil || again != g {
			t.Fatalf("%q: %+v writes %q, which parses to %+v, %v", s, g, g.String(), again, err)
		}
		id, ok := geographql.ParseGlobalID(d, s)
		if ok != (g.Class == geographql.RegistryClassName(d)) || (ok && id != g.ID) {
			t.Fatalf("%q: ParseGlobalID = %d, %v for class %s", s, id, ok, g.Class)
		}
	})
}

func TestRegistryClassEnumValue(t *testing.T) {
	for _, c := range []struct{ graphQLType, want string }{
		{"CoolWidgetRegistry", "COOL_WIDGET_REGISTRY"},
		{"LfsObjectRegistry", "LFS_OBJECT_REGISTRY"},
		{"Widget2Registry", "WIDGET2_REGISTRY"},
	} {
		d := testtypes.CoolWidget()
		d.GraphQLType = c.graphQLType
		if got := geographql.RegistryClassEnumValue(d); got != c.want {
			t.Errorf("%s: %s, want %s", c.graphQLType, got, c.want)
		}
	}
}

func TestBuiltinNames(t *testing.T) {
	types := geographql.BuiltinTypeNames()
	for _, want := range []string{"GeoNode", "Query", "Mutation", "PageInfo", "GeoRegistryClass", "GeoBaseRegistryID", "GeoRegistriesUpdatePayload", "Registrable", "Time"} {
		if !contains(types, want) {
			t.Errorf("BuiltinTypeNames() = %v, missing %s", types, want)
		}
	}
	fields := geographql.BuiltinGeoNodeFields()
	for _, want := range []string{"id", "name", "url", "primary", "minimumReverificationInterval", "selectiveSyncNamespaces"} {
		if !contains(fields, want) {
			t.Errorf("BuiltinGeoNodeFields() = %v, missing %s", fields, want)
		}
	}
	if contains(fields, "coolWidgetRegistries") {
		t.Errorf("BuiltinGeoNodeFields() = %v has a type's field", fields)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
