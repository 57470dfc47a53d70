package emit

import (
	"github.com/dave/jennifer/jen"
)

// Replicables renders <packages>/replicables.go: every replicable type of
// the project in one place, for the sites, the GraphQL schema and the
// metrics to range over.
func Replicables(p Project) ([]byte, error) {
	pkg := lastSegment(p.PackagesDir)
	f := newFile(pkg)
	f.PackageComment("Package " + pkg + " lists the project's replicable types.")
	for _, t := range p.Types {
		f.ImportName(p.PackagePath(t), t.Names.Package)
	}
	f.Comment("Descriptors returns every replicable type, in the manifest's order.")
	f.Func().Id("Descriptors").Params().Index().Op("*").Qual(pkgReplicable, "Descriptor").Block(
		jen.Return(jen.Index().Op("*").Qual(pkgReplicable, "Descriptor").ValuesFunc(func(g *jen.Group) {
			for _, t := range p.Types {
				g.Line().Qual(p.PackagePath(t), "Descriptor")
			}
			if len(p.Types) > 0 {
				g.Line()
			}
		})),
	)
	f.Line()
	f.Comment("Replicables returns the set of every replicable type, validated.")
	f.Func().Id("Replicables").Params().Params(jen.Op("*").Qual(pkgReplicable, "Set"), jen.Error()).Block(
		jen.Return(jen.Qual(pkgReplicable, "NewSet").Call(jen.Id("Descriptors").Call().Op("..."))),
	)
	f.Line()
	f.Comment("GraphQL returns the GraphQL binding of every replicable type, each with its finder,")
	f.Comment("and the Registrable union over them, for geographql.NewSchema.")
	f.Func().Id("GraphQL").Params(
		jen.List(jen.Id("tracking"), jen.Id("main")).Op("*").Qual(pkgSqldb, "DB"),
		jen.Id("flagSource").Qual(pkgFlags, "Source"),
	).Index().Qual(pkgGeographql, "TypeBinding").Block(
		jen.Return(jen.Qual(pkgGeographql, "BindUnion").Types(jen.Id("Registrable")).CallFunc(func(g *jen.Group) {
			for _, t := range p.Types {
				pp := p.PackagePath(t)
				g.Line().Qual(pp, "GraphQL").Call(jen.Qual(pp, "NewFinder").Call(jen.Id("tracking"), jen.Id("main"), jen.Id("flagSource")))
			}
			if len(p.Types) > 0 {
				g.Line()
			}
		})),
	)
	return render(f)
}

// ReplicablesTest renders <packages>/replicables_test.go: the project's
// types form a valid set, their GraphQL schemas compose and their
// migrations apply together.
func ReplicablesTest(p Project) ([]byte, error) {
	pkg := lastSegment(p.PackagesDir)
	f := newFile(pkg)
	f.Comment("TestReplicables checks that no two types share a name, table, flag or GraphQL field.")
	f.Func().Id("TestReplicables").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(
		jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("Replicables").Call(), jen.Err().Op("!=").Nil()).Block(
			jen.Id("t").Dot("Fatal").Call(jen.Err()),
		),
	)
	f.Line()
	f.Comment("TestGraphQLSchema checks that every type's schema composes into one GraphQL schema.")
	f.Func().Id("TestGraphQLSchema").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(
		jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Qual(pkgGeographql, "NewSchema").Call(
			jen.Id("GraphQL").Call(jen.Nil(), jen.Nil(), jen.Qual(pkgFlags, "NewMemory").Call()),
		), jen.Err().Op("!=").Nil()).Block(
			jen.Id("t").Dot("Fatal").Call(jen.Err()),
		),
	)
	f.Line()
	migrations := p.MigrationsPath()
	f.ImportName(migrations, lastSegment(migrations))
	f.Comment("TestMigrations applies the runtime's and every type's migrations, in version order, to fresh")
	f.Comment("main and tracking databases: SQLite, and PostgreSQL when GEOGEN_TEST_POSTGRES_URL is set.")
	up := func(set string, runtime, project jen.Code) jen.Code {
		return jen.If(
			jen.Err().Op(":=").Qual(pkgMigrate, "Up").Call(jen.Id("ctx"), jen.Qual(pkgGeotest, "NewDB").Call(jen.Id("t"), jen.Id("dialect")),
				jen.Qual(pkgMigrate, set), runtime, project),
			jen.Err().Op("!=").Nil(),
		).Block(jen.Id("t").Dot("Fatal").Call(jen.Err()))
	}
	f.Func().Id("TestMigrations").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(
		jen.Qual(pkgGeotest, "EachDialect").Call(jen.Id("t"), jen.Func().Params(
			jen.Id("t").Op("*").Qual("testing", "T"), jen.Id("dialect").Qual(pkgSqldb, "Dialect"),
		).Block(
			jen.Id("ctx").Op(":=").Qual("context", "Background").Call(),
			up("Main", jen.Qual(pkgEventlog, "MainMigrations"), jen.Qual(migrations, "Main")),
			up("Tracking", jen.Qual(pkgEventlog, "TrackingMigrations"), jen.Qual(migrations, "Tracking")),
		)),
	)
	return render(f)
}
