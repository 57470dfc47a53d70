package geographql

import (
	"fmt"
	"strings"

	"github.com/geogen/geogen/runtime/replicable"
)

// CheckNames returns every GraphQL name of the types that the schema
// could not hold: a type name another type or the base schema already
// defines (GeoNode, PageInfo, the enums), a GeoNode field that exists
// already, and a field a registry type would have twice (a foreign key
// field named like a shared one, such as modelRecordId). The names are
// read from the SDL the schema is built from, so the check follows the
// schema as it grows. NewSchema refuses such a set; the generator refuses
// it before writing a file.
func CheckNames(descs []*replicable.Descriptor) []*replicable.NameProblem {
	var problems []*replicable.NameProblem
	typeOwner := map[string]string{}     // type name → "" for the base schema, or the replicable
	fieldOwner := map[[2]string]string{} // type, field → owner
	add := func(sdl, owner string, d *replicable.Descriptor) {
		for _, def := range scanSDL(sdl) {
			if !def.extend {
				if prev, dup := typeOwner[def.name]; dup {
					problems = append(problems, collision(d, prev, "GraphQLType", def.name,
						"names a GraphQL type that "+ownerName(prev)+" defines already"))
					continue
				}
				typeOwner[def.name] = owner
			}
			seen := map[string]bool{}
			for _, f := range def.fields {
				key := [2]string{def.name, f}
				if seen[f] {
					problems = append(problems, &replicable.NameProblem{Types: []string{owner}, Field: registryFieldSource(d, f), Name: f,
						Reason: fmt.Sprintf("is a field of the GraphQL type %s twice: the runtime gives every registry type a field %s", def.name, f)})
					continue
				}
				seen[f] = true
				if prev, dup := fieldOwner[key]; dup {
					problems = append(problems, collision(d, prev, registryFieldSource(d, f), f,
						fmt.Sprintf("is a field of %s that %s defines already", def.name, ownerName(prev))))
					continue
				}
				fieldOwner[key] = owner
			}
		}
	}
	add(builtinSDL(), "", nil)
	for _, d := range descs {
		if d != nil {
			add(TypeSDL(d)+fmt.Sprintf("\nextend enum GeoRegistryClass {\n  %s\n}\n", RegistryClassEnumValue(d)), d.Name, d)
		}
	}
	return problems
}

// builtinSDL is what every schema defines whatever its types: the base
// schema, the mutation types, GraphQL's own scalars, and the registry
// class enum whose values the types add.
func builtinSDL() string {
	return BaseSDL() + "\nenum GeoRegistryClass {\n}\n" + mutationTypesSDL +
		"\nscalar ID\nscalar String\nscalar Int\nscalar Float\nscalar Boolean\n"
}

func ownerName(owner string) string {
	if owner == "" {
		return "the runtime's base schema"
	}
	return "replicable " + owner
}

// collision is a problem of d's name: with the base schema (one type) or
// with another replicable (two).
func collision(d *replicable.Descriptor, prev, field, name, reason string) *replicable.NameProblem {
	types := []string{d.Name}
	if prev != "" {
		types = []string{prev, d.Name}
	}
	return &replicable.NameProblem{Types: types, Field: field, Name: name, Reason: reason}
}

// registryFieldSource is the descriptor field a field name of d's SDL
// comes from.
func registryFieldSource(d *replicable.Descriptor, field string) string {
	switch field {
	case RegistryClassEnumValue(d):
		return "Name"
	case d.GraphQLFKField:
		return "GraphQLFKField"
	case d.GraphQLField:
		return "GraphQLField"
	}
	return "GraphQLType"
}

// sdlDefinition is one type definition or extension of an SDL document
// and the names of its fields (or enum values).
type sdlDefinition struct {
	name   string
	extend bool
	fields []string
}

// scanSDL reads the definitions of an SDL document as this package writes
// it: a definition starts at the left margin ("type X {", "extend type X
// {", "enum X {", "scalar X"), its fields are indented by two spaces, and
// descriptions are block strings. It is not a general GraphQL parser.
func scanSDL(sdl string) []sdlDefinition {
	var defs []sdlDefinition
	var cur *sdlDefinition
	inString := false
	for _, line := range strings.Split(sdl, "\n") {
		trimmed := strings.TrimSpace(line)
		if n := strings.Count(trimmed, `"""`); n%2 == 1 {
			inString = !inString
			continue
		} else if n > 0 || inString {
			continue
		}
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
		case !strings.HasPrefix(line, " "):
			words := strings.Fields(strings.TrimSuffix(trimmed, "{"))
			extend := len(words) > 0 && words[0] == "extend"
			if extend {
				words = words[1:]
			}
			cur = nil
			if len(words) < 2 || words[0] == "schema" || words[0] == "directive" {
				continue
			}
			defs = append(defs, sdlDefinition{name: words[1], extend: extend})
			if strings.HasSuffix(trimmed, "{") {
				cur = &defs[len(defs)-1]
			}
		case cur != nil && strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   "):
			name := trimmed
			if i := strings.IndexAny(name, "(: @"); i >= 0 {
				name = name[:i]
			}
			if name != "" && name != ")" {
				cur.fields = append(cur.fields, name)
			}
		}
	}
	return defs
}
