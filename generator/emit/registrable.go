package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"
)

const pkgGraphQLGo = "github.com/graph-gophers/graphql-go"

// Registrable renders <packages>/registrable.go: the resolver of GitLab's
// Registrable union, the registry geoRegistriesUpdate returns. graphql-go
// picks a union's member by calling To<Member>() on its resolver, and Go
// cannot make methods at run time, so each type gets its member (the
// runtime's shared fields plus its foreign key field) and its method here;
// what they hold and how they resolve stays in the runtime.
func Registrable(p Project) ([]byte, error) {
	f := newFile(lastSegment(p.PackagesDir))
	f.ImportAlias(pkgGraphQLGo, "graphql")
	f.Comment("Registrable resolves the Registrable union of the GraphQL schema: a registry of any of the")
	f.Comment("project's types, as geoRegistriesUpdate returns it. The GraphQL function binds it to the schema.")
	f.Type().Id("Registrable").Qual(pkgGeographql, "Registrable")
	for _, t := range p.Types {
		d := DescriptorValue(t)
		member := t.Names.GoName + "Registry"
		fk := t.Names.GoName + "ID"
		f.Line()
		f.Comment(fmt.Sprintf("%s is a %s registry as a member of Registrable: the %s object.", member, t.Names.Title, d.GraphQLType))
		f.Type().Id(member).Struct(
			jen.Qual(pkgGeographql, "RegistryObject"),
			jen.Id(fk).Qual(pkgGraphQLGo, "ID").Tag(map[string]string{"graphql": d.GraphQLFKField}),
		)
		f.Line()
		f.Comment(fmt.Sprintf("To%s returns r as a %s, when it is one.", d.GraphQLType, d.GraphQLType))
		f.Func().Params(jen.Id("r").Op("*").Id("Registrable")).Id("To"+d.GraphQLType).Params().Params(jen.Op("*").Id(member), jen.Bool()).Block(
			jen.If(jen.Id("r").Dot("Type").Op("!=").Lit(d.GraphQLType)).Block(jen.Return(jen.Nil(), jen.False())),
			jen.Return(jen.Op("&").Id(member).Values(jen.Dict{
				jen.Id("RegistryObject"): jen.Id("r").Dot("RegistryObject"),
				jen.Id(fk):               jen.Id("r").Dot("ForeignKey"),
			}), jen.True()),
		)
	}
	return render(f)
}
