package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/geogen/geogen/runtime/geographql/sdl"
)

// GraphQL renders graphql.go: the type's GraphQL schema (its registry
// object, connection and GeoNode field) as the runtime builds it, so the
// schema a project serves is visible, reviewable and pinned by `geogen
// check`, plus the binding that serves it.
func GraphQL(t Type) ([]byte, error) {
	n := t.Names
	schema := sdl.Type(DescriptorValue(t))
	if strings.Contains(schema, "`") {
		return nil, fmt.Errorf("GraphQL schema of %s contains a backquote; it cannot be a raw string literal", n.Input)
	}
	f := newFile(n.Package)
	f.Comment(fmt.Sprintf("SDL is the GraphQL schema of %s registries: the %s object, its", n.Title, n.GraphQLType))
	f.Comment(fmt.Sprintf("connection, and the %s field of GeoNode.", n.GraphQLField))
	f.Const().Id("SDL").Op("=").Id("`" + schema + "`")
	f.Line()
	f.Comment(fmt.Sprintf("GraphQL binds the %s schema to a finder, for geographql.NewSchema.", n.Title))
	f.Func().Id("GraphQL").Params(jen.Id("finder").Op("*").Qual(pkgFinder, "Finder")).Qual(pkgGeographql, "TypeBinding").Block(
		jen.Return(jen.Qual(pkgGeographql, "TypeBinding").Values(jen.Dict{
			jen.Id("Descriptor"): jen.Id("Descriptor"),
			jen.Id("SDL"):        jen.Id("SDL"),
			jen.Id("Finder"):     jen.Id("finder"),
		})),
	)
	return render(f)
}
