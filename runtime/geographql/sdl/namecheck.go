package sdl

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/geogen/geogen/runtime/replicable"
)

// CheckNames returns every GraphQL name of the types that the schema
// could not hold: a type name another type or the base schema already
// defines (GeoNode, PageInfo, the enums), a GeoNode field that exists
// already, and a field a registry type would have twice (a foreign key
// field named like a shared one, such as modelRecordId). The names are
// read from the SDL the schema is built from, so the check follows the
// schema as it grows. geographql.NewSchema refuses such a set; the generator refuses
// it before writing a file.
func CheckNames(descs []*replicable.Descriptor) []*replicable.NameProblem {
	var problems []*replicable.NameProblem
	typeOwner := map[string]string{}     // type name → "" for the base schema, or the replicable
	fieldOwner := map[[2]string]string{} // type, field → owner
	add := func(doc *Document, err error, owner string, d *replicable.Descriptor) {
		if err != nil { // names that are not GraphQL names
			problems = append(problems, &replicable.NameProblem{Types: []string{owner}, Field: "GraphQLType", Name: d.GraphQLType,
				Reason: "makes a GraphQL schema that does not parse: " + err.Error()})
			return
		}
		for _, def := range doc.Definitions {
			if def.Kind == "schema" {
				continue
			}
			if !def.Extend {
				if prev, dup := typeOwner[def.Name]; dup {
					problems = append(problems, collision(d, prev, "GraphQLType", def.Name,
						"names a GraphQL type that "+ownerName(prev)+" defines already"))
					continue
				}
				typeOwner[def.Name] = owner
			}
			seen := map[string]bool{}
			for _, field := range def.Fields {
				f := field.Name
				key := [2]string{def.Name, f}
				if seen[f] {
					problems = append(problems, &replicable.NameProblem{Types: []string{owner}, Field: registryFieldSource(d, f), Name: f,
						Reason: fmt.Sprintf("is a field of the GraphQL type %s twice: the runtime gives every registry type a field %s", def.Name, f)})
					continue
				}
				seen[f] = true
				if prev, dup := fieldOwner[key]; dup {
					problems = append(problems, collision(d, prev, registryFieldSource(d, f), f,
						fmt.Sprintf("is a field of %s that %s defines already", def.Name, ownerName(prev))))
					continue
				}
				fieldOwner[key] = owner
			}
		}
	}
	doc, err := Parse(builtinSDL())
	add(doc, err, "", nil)
	docs, errs := parseTypes(descs)
	for i, d := range descs {
		if d != nil {
			add(docs[i], errs[i], d.Name, d)
		}
	}
	return problems
}

// parseTypes parses the SDL of each type on every processor: writing and
// parsing a type's schema is most of what CheckNames costs, and it is
// independent per type. The names are compared afterwards, in order, so
// the problems do not depend on scheduling.
func parseTypes(descs []*replicable.Descriptor) ([]*Document, []error) {
	docs := make([]*Document, len(descs))
	errs := make([]error, len(descs))
	parse := func(i int) {
		if d := descs[i]; d != nil {
			docs[i], errs[i] = Parse(Type(d) + fmt.Sprintf("\nextend enum GeoRegistryClass {\n  %s\n}\n", RegistryClassEnumValue(d)))
		}
	}
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), len(descs)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(descs); i = int(next.Add(1) - 1) {
				parse(i)
			}
		})
	}
	wg.Wait()
	return docs, errs
}

// builtinSDL is what every schema defines whatever its types: the base
// schema, the mutation types, GraphQL's own scalars, and the registry
// class enum whose values the types add.
func builtinSDL() string {
	return Base() + "\nenum GeoRegistryClass {\n}\n" + mutationTypesSDL +
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
