package sdl

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	graphql "github.com/graph-gophers/graphql-go"
	"github.com/graph-gophers/graphql-go/ast"

	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/replicable"
)

// TestParseReadsWhatGraphQLGoReads parses the schemas this package writes
// with Parse and with graphql-go, the engine geographql serves them
// with, and compares every type, field, argument, enum value, union
// member, description and deprecation: the generator documents the
// schema from Parse, so it must read what the server serves.
func TestParseReadsWhatGraphQLGoReads(t *testing.T) {
	experiment := testtypes.Gizmo()
	experiment.Experiment = true
	for name, types := range map[string][]*replicable.Descriptor{
		"none":       nil,
		"one":        {testtypes.CoolWidget()},
		"three":      {testtypes.CoolWidget(), testtypes.Gizmo(), testtypes.Upload()},
		"experiment": {testtypes.CoolWidget(), experiment},
	} {
		for _, withUnion := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/union=%v", name, withUnion), func(t *testing.T) {
				src := Schema(types, withUnion)
				schema, err := graphql.ParseSchema(src, nil, graphql.UseStringDescriptions())
				if err != nil {
					t.Fatal(err)
				}
				doc, err := Parse(src)
				if err != nil {
					t.Fatal(err)
				}
				want := map[string]string{}
				for n, typ := range schema.AST().Types {
					if _, builtin := builtinScalars[n]; builtin || strings.HasPrefix(n, "__") {
						continue
					}
					want[n] = describeGraphQLGo(typ)
				}
				got := map[string]string{}
				for n, d := range doc.Types {
					got[n] = describeParsed(doc, d)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("types (-graphql-go +Parse):\n%s", diff)
				}
			})
		}
	}
}

var builtinScalars = map[string]bool{"ID": true, "String": true, "Int": true, "Float": true, "Boolean": true}

func describeGraphQLGo(t ast.NamedType) string {
	var b strings.Builder
	fields := func(fs ast.FieldsDefinition) {
		for _, f := range fs {
			fmt.Fprintf(&b, "  %s: %s %q%s\n", f.Name, f.Type, f.Desc, deprecation(f.Directives))
			for _, a := range f.Arguments {
				fmt.Fprintf(&b, "    (%s: %s = %s %q)\n", a.Name.Name, a.Type, value(a.Default), a.Desc)
			}
		}
	}
	switch d := t.(type) {
	case *ast.ObjectTypeDefinition:
		fmt.Fprintf(&b, "type %s %q\n", d.Name, d.Desc)
		fields(d.Fields)
	case *ast.InterfaceTypeDefinition:
		fmt.Fprintf(&b, "interface %s %q\n", d.Name, d.Desc)
		fields(d.Fields)
	case *ast.InputObject:
		fmt.Fprintf(&b, "input %s %q\n", d.Name, d.Desc)
		for _, f := range d.Values {
			fmt.Fprintf(&b, "  %s: %s = %s %q\n", f.Name.Name, f.Type, value(f.Default), f.Desc)
		}
	case *ast.EnumTypeDefinition:
		fmt.Fprintf(&b, "enum %s %q\n", d.Name, d.Desc)
		for _, v := range d.EnumValuesDefinition {
			fmt.Fprintf(&b, "  %s %q\n", v.EnumValue, v.Desc)
		}
	case *ast.ScalarTypeDefinition:
		fmt.Fprintf(&b, "scalar %s %q\n", d.Name, d.Desc)
	case *ast.Union:
		fmt.Fprintf(&b, "union %s %q\n", d.Name, d.Desc)
		for _, m := range d.UnionMemberTypes {
			fmt.Fprintf(&b, "  | %s %q\n", m.Name, m.Desc)
		}
	default:
		fmt.Fprintf(&b, "%T %s", t, t.TypeName())
	}
	return b.String()
}

func deprecation(ds ast.DirectiveList) string {
	d := ds.Get("deprecated")
	if d == nil {
		return ""
	}
	if r := d.Arguments.MustGet("reason"); r != nil {
		return " deprecated " + r.String()
	}
	return " deprecated"
}

func value(v ast.Value) string {
	if v == nil {
		return ""
	}
	return v.String()
}

func describeParsed(doc *Document, d *Definition) string {
	var b strings.Builder
	switch d.Kind {
	case "type", "interface":
		fmt.Fprintf(&b, "%s %s %q\n", d.Kind, d.Name, d.Description)
		for _, f := range d.Fields {
			dep := ""
			if x := f.Directive("deprecated"); x != nil {
				dep = " deprecated"
				if r, ok := x.Arg("reason"); ok {
					dep += " " + r
				}
			}
			fmt.Fprintf(&b, "  %s: %s %q%s\n", f.Name, f.Type, f.Description, dep)
			for _, a := range f.Args {
				fmt.Fprintf(&b, "    (%s: %s = %s %q)\n", a.Name, a.Type, a.Default, a.Description)
			}
		}
	case "input":
		fmt.Fprintf(&b, "input %s %q\n", d.Name, d.Description)
		for _, f := range d.Fields {
			fmt.Fprintf(&b, "  %s: %s = %s %q\n", f.Name, f.Type, f.Default, f.Description)
		}
	case "enum":
		fmt.Fprintf(&b, "enum %s %q\n", d.Name, d.Description)
		for _, v := range d.Fields {
			fmt.Fprintf(&b, "  %s %q\n", v.Name, v.Description)
		}
	case "scalar":
		fmt.Fprintf(&b, "scalar %s %q\n", d.Name, d.Description)
	case "union":
		fmt.Fprintf(&b, "union %s %q\n", d.Name, d.Description)
		for _, m := range d.Members {
			desc := ""
			if t, ok := doc.Types[m]; ok {
				desc = t.Description
			}
			fmt.Fprintf(&b, "  | %s %q\n", m, desc)
		}
	}
	return b.String()
}

// TestParseBlockStrings covers what the schemas above do not: block
// strings over several lines, and plain strings with escapes.
func TestParseBlockStrings(t *testing.T) {
	src := "\"\"\"\n    First line.\n      Indented.\n\n    Last line.\n  \"\"\"\ntype Q {\n  \"plain \\\"quoted\\\" \\u00e9\"\n  f(a: Int = 3, b: [String!] = [\"x\", \"y\"]): Int @deprecated\n}\n"
	schema, err := graphql.ParseSchema("schema { query: Q }\n"+src, nil, graphql.UseStringDescriptions())
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Parse("schema { query: Q }\n" + src)
	if err != nil {
		t.Fatal(err)
	}
	if want, got := describeGraphQLGo(schema.AST().Types["Q"]), describeParsed(doc, doc.Types["Q"]); want != got {
		t.Errorf("Q read as\n%s\nwant (graphql-go)\n%s", got, want)
	}
}

// TestParseRefusesBrokenSDL: every malformed document is an error naming
// its line, never a panic or a partial document.
func TestParseRefusesBrokenSDL(t *testing.T) {
	for _, src := range []string{
		"type {",
		"type Q {\n  f: \n}",
		"type Q {\n  f: Int\n",
		"\"\"\"open",
		"\"open\ntype Q { f: Int }",
		"type Q { f(a: Int: Int }",
		"directive @x on FIELD",
		"type Q { f: Int }\ntype Q { g: Int }",
		"type Q { f: Int }\nextend enum Q { A }",
		"type Q { f: [Int }",
		"type Q { f: Int @d(r: ) }",
		"type Q { f: Int } %",
	} {
		if doc, err := Parse(src); err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", src, doc)
		} else if !strings.HasPrefix(err.Error(), "sdl: ") {
			t.Errorf("Parse(%q): %v, want an sdl error", src, err)
		}
	}
}

// TestParseEscapedBlockQuotes: \""" inside a block string is three quotes
// of its text, not its end.
func TestParseEscapedBlockQuotes(t *testing.T) {
	doc, err := Parse("\"\"\"Say \\\"\"\"hi\\\"\"\".\"\"\"\nscalar S\n\"\"\"\\\"\"\"\"\"\"\nscalar T\n")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := doc.Types["S"].Description, `Say """hi""".`; got != want {
		t.Errorf("S's description = %q, want %q", got, want)
	}
	if got, want := doc.Types["T"].Description, `"""`; got != want {
		t.Errorf("T's description = %q, want %q", got, want)
	}
}
