package artifacts

import (
	"fmt"
	"strings"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/emit"
	"github.com/geogen/geogen/runtime/geographql/sdl"
	"github.com/geogen/geogen/runtime/replicable"
)

// graphqlReference renders the GraphQL reference of the project's types:
// for each, its GeoNode field with the arguments, then the objects it
// returns, with every field; then the mutations and the types they take
// and return. It reads the schema the runtime serves for
// the manifest (parsed, not restated), so the page cannot drift from it;
// an experiment's field says so, as GitLab's reference does.
func graphqlReference(p *generator.Project, _ *generator.Type) ([]byte, error) {
	m := newMarkdown("GraphQL API reference")
	m.para("The data types' part of the admin GraphQL API (`/api/graphql`): the `GeoNode` field that lists",
		"each type's registries on a site and the objects it returns, then the mutations that resync and",
		"reverify them. A field marked **Status**: Experiment belongs to a type not released yet",
		"(`geogen release`) and may change.")
	if len(p.Types) == 0 {
		m.para(noTypes)
		return m.bytes(), nil
	}
	descriptors := make([]*replicable.Descriptor, len(p.Types))
	for i, t := range p.Types {
		descriptors[i] = emit.DescriptorValue(emit.Type(t))
	}
	s, err := sdl.Parse(sdl.Project(descriptors))
	if err != nil {
		return nil, fmt.Errorf("parse the GraphQL schema: %w", err)
	}
	geoNode, ok := s.Types["GeoNode"]
	if !ok || geoNode.Kind != "type" {
		return nil, fmt.Errorf("the GraphQL schema has no GeoNode object")
	}
	for i, t := range p.Types {
		d := descriptors[i]
		m.heading(t.Names.TitlePlural)
		f := geoNode.Field(d.GraphQLField)
		if f == nil {
			return nil, fmt.Errorf("GeoNode has no field %s", d.GraphQLField)
		}
		m.subheading(code("GeoNode." + f.Name))
		desc, experiment := strings.CutSuffix(f.Description, " "+sdl.ExperimentNote)
		m.para(desc)
		if experiment {
			m.para("> " + sdl.ExperimentNote + " It may change or go away until " + t.Names.Title + " is released.")
		}
		objects := map[string]bool{}
		for _, name := range sdl.TypeNames(d) {
			objects[name] = isObject(s, name)
		}
		typeLink := func(t *sdl.TypeRef) string { return typeLink(t, objects) }
		m.para("Returns " + typeLink(f.Type) + ".")
		var args [][]string
		for _, a := range f.Args {
			args = append(args, []string{code(a.Name), typeLink(a.Type), a.Description})
		}
		m.table([]string{"Argument", "Type", "Description"}, args)
		for _, name := range sdl.TypeNames(d) {
			if !isObject(s, name) {
				continue // the ID scalar
			}
			obj := s.Types[name]
			m.subheading(code(obj.Name))
			m.para(obj.Description)
			var rows [][]string
			for _, fd := range obj.Fields {
				desc := fd.Description
				if dep := fd.Directive("deprecated"); dep != nil {
					desc += " **Deprecated**"
					reason := "."
					if r, ok := dep.Arg("reason"); ok {
						reason = ": " + strings.Trim(r, `"`)
					}
					desc += strings.TrimSuffix(reason, ".") + "."
				}
				rows = append(rows, []string{code(fd.Name), typeLink(fd.Type), desc})
			}
			m.table([]string{"Field", "Type", "Description"}, rows)
		}
	}
	typeObjects := map[string]bool{}
	for _, d := range descriptors {
		for _, name := range sdl.TypeNames(d) {
			typeObjects[name] = isObject(s, name)
		}
	}
	if err := mutationsReference(m, s, typeObjects); err != nil {
		return nil, err
	}
	return m.bytes(), nil
}

// typeLink is a field's type in code, linked to its section when it is
// one of the page's objects (the heading's anchor).
func typeLink(t *sdl.TypeRef, objects map[string]bool) string {
	named := t.Named()
	if !objects[named] {
		return code(t.String())
	}
	return "[" + code(t.String()) + "](#" + strings.ToLower(named) + ")"
}

// isObject reports whether the schema defines name as an object type.
func isObject(s *sdl.Document, name string) bool {
	t, ok := s.Types[name]
	return ok && t.Kind == "type"
}
