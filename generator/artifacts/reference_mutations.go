package artifacts

import (
	"fmt"
	"strings"

	"github.com/geogen/geogen/runtime/geographql/sdl"
)

// builtinScalars need no section of their own.
var builtinScalars = map[string]bool{"ID": true, "String": true, "Int": true, "Float": true, "Boolean": true}

// mutationTypes returns, in the order a reader meets them, the named types
// the Mutation fields take and return, and the types those reach in turn,
// leaving out built-in scalars and the types' own objects (documented in
// their sections, linked from here).
func mutationTypes(s *sdl.Document, mutation *sdl.Definition, typeObjects map[string]bool) []*sdl.Definition {
	var out []*sdl.Definition
	seen := map[string]bool{}
	var visit func(name string)
	visit = func(name string) {
		if seen[name] || builtinScalars[name] || typeObjects[name] {
			return
		}
		seen[name] = true
		nt, ok := s.Types[name]
		if !ok {
			return
		}
		out = append(out, nt)
		switch nt.Kind {
		case "input", "type":
			for _, f := range nt.Fields {
				visit(f.Type.Named())
			}
		case "union":
			for _, m := range nt.Members {
				visit(m)
			}
		}
	}
	for _, f := range mutation.Fields {
		for _, a := range f.Args {
			visit(a.Type.Named())
		}
		visit(f.Type.Named())
	}
	return out
}

// angles escapes the placeholders of a description (gid://<app>/...),
// which Markdown would take for HTML tags and hide.
var angles = strings.NewReplacer("<", "&lt;", ">", "&gt;")

// mutationsReference renders the Mutations part of the GraphQL reference:
// each mutation, then every input, payload, union, enum and scalar it
// reaches, each field and value as the schema has it.
func mutationsReference(m *markdown, s *sdl.Document, typeObjects map[string]bool) error {
	mutation, ok := s.Types["Mutation"]
	if !ok || mutation.Kind != "type" {
		return nil // no types, no mutations
	}
	types := mutationTypes(s, mutation, typeObjects)
	linked := map[string]bool{}
	for name := range typeObjects {
		linked[name] = true
	}
	for _, t := range types {
		linked[t.Name] = true
	}
	link := func(t *sdl.TypeRef) string { return typeLink(t, linked) }
	m.heading("Mutations")
	m.para("Administrators' actions on registries, on every site (a site without registries of a type",
		"answers with an error saying so).")
	for _, f := range mutation.Fields {
		m.subheading(code("Mutation." + f.Name))
		m.para(f.Description)
		m.para("Returns " + link(f.Type) + ".")
		var args [][]string
		for _, a := range f.Args {
			args = append(args, []string{code(a.Name), link(a.Type), a.Description})
		}
		m.table([]string{"Argument", "Type", "Description"}, args)
	}
	for _, t := range types {
		m.subheading(code(t.Name))
		switch t.Kind {
		case "input", "type":
			m.para(t.Description)
			var rows [][]string
			for _, f := range t.Fields {
				rows = append(rows, []string{code(f.Name), link(f.Type), f.Description})
			}
			m.table([]string{"Field", "Type", "Description"}, rows)
		case "union":
			m.para(t.Description)
			var rows [][]string
			for _, name := range t.Members {
				member := &sdl.TypeRef{Name: name}
				desc := ""
				if mt, ok := s.Types[name]; ok {
					desc = mt.Description
				}
				rows = append(rows, []string{link(member), desc})
			}
			m.table([]string{"Member", "Description"}, rows)
		case "enum":
			m.para(t.Description)
			var rows [][]string
			for _, v := range t.Fields {
				rows = append(rows, []string{code(v.Name), v.Description})
			}
			m.table([]string{"Value", "Description"}, rows)
		case "scalar":
			m.para("Scalar. " + angles.Replace(t.Description))
		default:
			return fmt.Errorf("the mutations reach %s, a %s the reference cannot show", t.Name, t.Kind)
		}
	}
	return nil
}
