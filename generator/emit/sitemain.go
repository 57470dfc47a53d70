package emit

import (
	"github.com/dave/jennifer/jen"
)

const pkgSitecmd = RuntimeModule + "/runtime/sitecmd"

// SiteMain renders cmd/geo/main.go: the project's site binary, which
// hands the project's types, GraphQL bindings and migrations to the
// runtime's command tree (geo primary, geo secondary, geo status, …).
func SiteMain(p Project) ([]byte, error) {
	f := newFile("main")
	f.PackageComment("Command geo runs this project's Geo sites and gives their operators the")
	f.PackageComment("commands to look after them: geo primary, geo secondary, geo migrate,")
	f.PackageComment("geo status, geo check-replication, geo wait, geo flags, geo doctor (geo help).")
	packages := p.Module + "/" + p.PackagesDir
	f.ImportName(packages, lastSegment(p.PackagesDir))
	f.ImportName(p.MigrationsPath(), lastSegment(p.MigrationsDir))
	f.ImportName(pkgSitecmd, "sitecmd")
	f.Func().Id("main").Params().Block(
		jen.Qual("os", "Exit").Call(jen.Qual(pkgSitecmd, "Main").Call(jen.Qual(pkgSitecmd, "Project").Values(jen.Dict{
			jen.Id("Types"):              jen.Qual(packages, "Descriptors").Call(),
			jen.Id("GraphQL"):            jen.Qual(packages, "GraphQL"),
			jen.Id("MainMigrations"):     jen.Qual(p.MigrationsPath(), "Main"),
			jen.Id("TrackingMigrations"): jen.Qual(p.MigrationsPath(), "Tracking"),
		}))),
	)
	return render(f)
}
