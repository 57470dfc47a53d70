package artifacts

import (
	"fmt"
	"strings"

	"github.com/graph-gophers/graphql-go/ast"
)

// builtinScalars need no section of their own.
var builtinScalars = map[string]bool{"ID": true, "String": true, "Int": true, "Float": true, "Boolean": true}

// mutationTypes returns, in the order a reader meets them, the named types
// the Mutation fields take and return, and the types those reach in turn,
// leaving out built-in scalars and the types' own objects (documented in
// their sections, linked from here).
func mutationTypes(s *ast.Schema, mutation *ast.ObjectTypeDefinition, typeObjects map[string]bool) []ast.NamedType {
	var out []ast.NamedType
	seen := map[string]bool{}
	var visit func(t ast.Type)
	visit = func(t ast.Type) {
		name := namedOf(t).String()
		if seen[name] || builtinScalars[name] || typeObjects[name] {
			return
		}
		seen[name] = true
		nt, ok := s.Types[name]
		if !ok {
			return
		}
		out = append(out, nt)
		switch d := nt.(type) {
		case *ast.InputObject:
			for _, f := range d.Values {
				visit(f.Type)
			}
		case *ast.ObjectTypeDefinition:
			for _, f := range d.Fields {
				visit(f.Type)
			}
		case *ast.Union:
			for _, m := range d.UnionMemberTypes {
				visit(m)
			}
		}
	}
	for _, f := range mutation.Fields {
		for _, a := range f.Arguments {
			visit(a.Type)
		}
		visit(f.Type)
	}
	return out
}

func namedOf(t ast.Type) ast.Type {
	for {
		switch w := t.(type) {
		case *ast.NonNull:
			t = w.OfType
			continue
		case *ast.List:
			t = w.OfType
			continue
		}
		return t
	}
}

// angles escapes the placeholders of a description (gid://<app>/...),
// which Markdown would take for HTML tags and hide.
var angles = strings.NewReplacer("<", "&lt;", ">", "&gt;")

// mutationsReference renders the Mutations part of the GraphQL reference:
// each mutation, then every input, payload, union, enum and scalar it
// reaches, each field and value as the schema has it.
func mutationsReference(m *markdown, s *ast.Schema, typeObjects map[string]bool) error {
	mutation, ok := s.Types["Mutation"].(*ast.ObjectTypeDefinition)
	if !ok {
		return nil // no types, no mutations
	}
	types := mutationTypes(s, mutation, typeObjects)
	linked := map[string]bool{}
	for name := range typeObjects {
		linked[name] = true
	}
	for _, t := range types {
		linked[t.TypeName()] = true
	}
	link := func(t ast.Type) string { return typeLink(t, linked) }
	m.heading("Mutations")
	m.para("Administrators' actions on registries, on every site (a site without registries of a type",
		"answers with an error saying so).")
	for _, f := range mutation.Fields {
		m.subheading(code("Mutation." + f.Name))
		m.para(f.Desc)
		m.para("Returns " + link(f.Type) + ".")
		var args [][]string
		for _, a := range f.Arguments {
			args = append(args, []string{code(a.Name.Name), link(a.Type), a.Desc})
		}
		m.table([]string{"Argument", "Type", "Description"}, args)
	}
	for _, t := range types {
		m.subheading(code(t.TypeName()))
		switch d := t.(type) {
		case *ast.InputObject:
			m.para(d.Desc)
			var rows [][]string
			for _, f := range d.Values {
				rows = append(rows, []string{code(f.Name.Name), link(f.Type), f.Desc})
			}
			m.table([]string{"Field", "Type", "Description"}, rows)
		case *ast.ObjectTypeDefinition:
			m.para(d.Desc)
			var rows [][]string
			for _, f := range d.Fields {
				rows = append(rows, []string{code(f.Name), link(f.Type), f.Desc})
			}
			m.table([]string{"Field", "Type", "Description"}, rows)
		case *ast.Union:
			m.para(d.Desc)
			var rows [][]string
			for _, mt := range d.UnionMemberTypes {
				rows = append(rows, []string{link(mt), mt.Desc})
			}
			m.table([]string{"Member", "Description"}, rows)
		case *ast.EnumTypeDefinition:
			m.para(d.Desc)
			var rows [][]string
			for _, v := range d.EnumValuesDefinition {
				rows = append(rows, []string{code(v.EnumValue), v.Desc})
			}
			m.table([]string{"Value", "Description"}, rows)
		case *ast.ScalarTypeDefinition:
			m.para("Scalar. " + angles.Replace(d.Desc))
		default:
			return fmt.Errorf("the mutations reach %s, a %s the reference cannot show", t.TypeName(), strings.TrimPrefix(fmt.Sprintf("%T", t), "*ast."))
		}
	}
	return nil
}
