package sdl

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/geogen/geogen/runtime/replicable"
)

var definitionRE = regexp.MustCompile(`(?m)^(?:type|enum|input|scalar|union|interface) ([_A-Za-z][_0-9A-Za-z]*)`)

// BuiltinTypeNames returns, sorted, the GraphQL type names every schema
// defines whatever its replicable types (GeoNode, the enums, the mutation
// types, the scalars): a type's own names (TypeNames) must not be one of
// them. It reads the SDL itself, so it cannot fall behind it.
func BuiltinTypeNames() []string {
	names := []string{"Mutation", "GeoRegistryClass", "Registrable", "ID", "String", "Int", "Float", "Boolean"}
	for _, m := range definitionRE.FindAllStringSubmatch(Base()+mutationTypesSDL+updatePayloadSDL, -1) {
		names = append(names, m[1])
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// BuiltinGeoNodeFields returns, sorted, the fields GeoNode has whatever
// the types: a type's GraphQLField must not be one of them.
func BuiltinGeoNodeFields() []string {
	body := baseSDL[strings.Index(baseSDL, "type GeoNode {"):]
	body = body[:strings.Index(body, "\n}")]
	var fields []string
	for _, line := range strings.Split(body, "\n")[1:] {
		line = strings.TrimSpace(line)
		if name, _, ok := strings.Cut(line, ":"); ok && !strings.HasPrefix(line, `"""`) {
			name, _, _ = strings.Cut(name, "(") // a field with arguments
			fields = append(fields, name)
		}
	}
	slices.Sort(fields)
	return fields
}

// TypeNames returns the GraphQL type names d's fragment defines: the
// registry object, its connection and edge, and its GlobalID scalar.
func TypeNames(d *replicable.Descriptor) []string {
	return []string{d.GraphQLType, d.GraphQLType + "Connection", d.GraphQLType + "Edge", RegistryIDScalar(d)}
}

// RegistryClassName is the class a GlobalID of d's registries names, as
// GitLab names its registry models: "Geo::CoolWidgetRegistry".
func RegistryClassName(d *replicable.Descriptor) string { return "Geo::" + d.GraphQLType }

// RegistryIDScalar is the GraphQL scalar of d's registry GlobalIDs, as
// GitLab names a GlobalIDType: "GeoCoolWidgetRegistryID".
func RegistryIDScalar(d *replicable.Descriptor) string { return "Geo" + d.GraphQLType + "ID" }

// BaseRegistryIDScalar is the scalar of a GlobalID of any registry class.
const BaseRegistryIDScalar = "GeoBaseRegistryID"

// RegistryClassEnumValue is d's value of the GeoRegistryClass enum, as
// GitLab's graphql_enum_key writes it: "COOL_WIDGET_REGISTRY".
func RegistryClassEnumValue(d *replicable.Descriptor) string {
	var b strings.Builder
	for i, r := range d.GraphQLType {
		if i > 0 && unicode.IsUpper(r) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// ValidGlobalIDApp reports whether app can be the application name of a
// GlobalID (gid://<app>/…): letters, digits, '.', '-' and '_', as a host
// name has them. The admin API reads ids with such a name, and a site
// may only be configured to write such ids.
func ValidGlobalIDApp(app string) bool {
	if app == "" {
		return false
	}
	for _, r := range app {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}
