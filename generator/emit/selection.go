package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"
)

// Selection renders selection.go, scaffolded once and then the user's: the
// decisions the framework cannot make for a type (which records
// secondaries replicate, what the keyword filter searches, where a
// record's data lives). Its defaults compile and work.
func Selection(t Type) ([]byte, error) {
	n := t.Names
	f := jen.NewFile(n.Package)
	f.ImportName("context", "context")
	f.ImportName("fmt", "fmt")
	f.Comment(fmt.Sprintf("This file belongs to you: geogen wrote it once for %s and never rewrites it.", n.Title))
	f.Comment("It holds the decisions geogen cannot make for you. The defaults work as they are;")
	f.Comment("review each one before you turn replication on in production.")
	f.Line()

	f.Comment(fmt.Sprintf("scope selects the %s records that secondary sites replicate and the primary", n.ModelTable))
	f.Comment(fmt.Sprintf("checksums, as a SQL condition over the columns of %s. Empty means every record.", n.ModelTable))
	f.Comment(`For example "size > 0", or "project_id IN (SELECT id FROM projects WHERE archived = false)".`)
	f.Const().Id("scope").Op("=").Lit("")
	f.Line()

	f.Comment(fmt.Sprintf("searchColumns are the text columns of %s that the admin API's keyword filter", n.ModelTable))
	f.Comment("searches. Leave the list empty to turn keyword filtering off.")
	f.Var().Id("searchColumns").Op("=").Index().String().Values(jen.Lit("name"))
	f.Line()

	what, pattern := "blob in the blob store", n.SnakePlural+"/%d"
	if t.Strategy == "repository" {
		what, pattern = "git repository, relative to the repository root", n.SnakePlural+"/%d.git"
	}
	f.Comment(fmt.Sprintf("locate returns where the data of %s record id lives: its %s.", n.Title, what))
	f.Comment("Primary and secondaries use the same location.")
	f.Func().Id("locate").Params(jen.Id("_").Qual("context", "Context"), jen.Id("id").Int64()).Params(jen.String(), jen.Error()).Block(
		jen.Return(jen.Qual("fmt", "Sprintf").Call(jen.Lit(pattern), jen.Id("id")), jen.Nil()),
	)
	return render(f)
}

// Fixtures renders fixtures_test.go, scaffolded once and then the user's:
// how the conformance suites create a model record.
func Fixtures(t Type) ([]byte, error) {
	n := t.Names
	f := jen.NewFile(n.Package)
	f.ImportName("context", "context")
	f.ImportName("time", "time")
	f.ImportName(pkgSqldb, "sqldb")
	f.Comment(fmt.Sprintf("This file belongs to you: geogen wrote it once for %s and never rewrites it.", n.Title))
	f.Line()
	f.Comment(fmt.Sprintf("createRecord inserts one %s record for the conformance suites and returns its id.", n.Title))
	f.Comment(fmt.Sprintf("If %s has required columns of your own, set them here.", n.ModelTable))
	f.Func().Id("createRecord").Params(
		jen.Id("ctx").Qual("context", "Context"),
		jen.Id("db").Qual(pkgSqldb, "Querier"),
		jen.Id("now").Qual("time", "Time"),
	).Params(jen.Int64(), jen.Error()).Block(
		jen.Var().Id("id").Int64(),
		jen.Err().Op(":=").Id("db").Dot("QueryRowContext").Call(
			jen.Id("ctx"),
			jen.Lit(fmt.Sprintf("INSERT INTO %s (name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id", n.ModelTable)),
			jen.Lit(n.Title),
			jen.Id("now"),
		).Dot("Scan").Call(jen.Op("&").Id("id")),
		jen.Return(jen.Id("id"), jen.Err()),
	)
	return render(f)
}
