package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"
)

// Stores renders registry.go: the type's registry model on a secondary
// and its verification state on both sites, bound to the descriptor.
func Stores(t Type) ([]byte, error) {
	n := t.Names
	f := newFile(n.Package)
	f.Comment(fmt.Sprintf("Registry is one row of %s: what a secondary site knows about one %s", n.RegistryTable, n.Title))
	f.Comment("(replication state, retries, verification state and checksum).")
	f.Type().Id("Registry").Op("=").Qual(pkgRegistry, "Record")
	f.Line()
	f.Comment(fmt.Sprintf("NewRegistryStore returns the %s registry of a secondary site's tracking database:", n.Title))
	f.Comment("creating registries, the replication state machine and batch claiming for sync workers.")
	f.Func().Id("NewRegistryStore").Params(
		jen.Id("tracking").Op("*").Qual(pkgSqldb, "DB"),
		jen.Id("clk").Qual(pkgClock, "Clock"),
	).Op("*").Qual(pkgRegistry, "Store").Block(
		jen.Return(jen.Qual(pkgRegistry, "NewStore").Call(jen.Id("tracking"), jen.Id("Descriptor"), jen.Id("clk"))),
	)
	f.Line()
	f.Comment(fmt.Sprintf("NewPrimaryVerification returns the verification state of %s on the primary", n.TitlePlural))
	f.Comment(fmt.Sprintf("site, kept in %s in the main database.", n.StateTable))
	f.Func().Id("NewPrimaryVerification").Params(
		jen.Id("main").Op("*").Qual(pkgSqldb, "DB"),
		jen.Id("clk").Qual(pkgClock, "Clock"),
	).Op("*").Qual(pkgVerification, "Store").Block(
		jen.Return(jen.Qual(pkgVerification, "NewPrimary").Call(jen.Id("main"), jen.Id("Descriptor"), jen.Id("clk"))),
	)
	f.Line()
	f.Comment(fmt.Sprintf("NewSecondaryVerification returns the verification state of %s on a secondary", n.TitlePlural))
	f.Comment(fmt.Sprintf("site, kept in %s in the tracking database.", n.RegistryTable))
	f.Func().Id("NewSecondaryVerification").Params(
		jen.Id("tracking").Op("*").Qual(pkgSqldb, "DB"),
		jen.Id("clk").Qual(pkgClock, "Clock"),
	).Op("*").Qual(pkgVerification, "Store").Block(
		jen.Return(jen.Qual(pkgVerification, "NewSecondary").Call(jen.Id("tracking"), jen.Id("Descriptor"), jen.Id("clk"))),
	)
	return render(f)
}

// Finder renders finder.go: the admin finder over the type's registries.
func Finder(t Type) ([]byte, error) {
	n := t.Names
	f := newFile(n.Package)
	f.Comment(fmt.Sprintf("NewFinder returns the admin finder of %s registries: filters by ids, replication", n.Title))
	f.Comment("state, verification state and keyword, sorting and cursor pagination. The keyword")
	f.Comment("filter searches the model table in the main database (the secondary's read-only view).")
	f.Func().Id("NewFinder").Params(
		jen.List(jen.Id("tracking"), jen.Id("main")).Op("*").Qual(pkgSqldb, "DB"),
		jen.Id("flagSource").Qual(pkgFlags, "Source"),
	).Op("*").Qual(pkgFinder, "Finder").Block(
		jen.Return(jen.Qual(pkgFinder, "New").Call(jen.Id("tracking"), jen.Id("main"), jen.Id("Descriptor"), jen.Id("flagSource"))),
	)
	return render(f)
}
