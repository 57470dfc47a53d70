package emit

import (
	"github.com/dave/jennifer/jen"
)

// MigrationsEmbed renders <migrations>/migrations.go: the project's two
// migration sets, embedded so the binary carries them. With no types yet
// the sets are empty (go:embed refuses a pattern that matches nothing).
func MigrationsEmbed(p Project) ([]byte, error) {
	f := jen.NewFile(lastSegment(p.MigrationsDir))
	f.HeaderComment(Header)
	f.PackageComment("Package " + lastSegment(p.MigrationsDir) + " embeds the project's migration files: the main set (model and")
	f.PackageComment("verification state tables) and the tracking set (registries), each with one")
	f.PackageComment("directory per database engine.")
	f.ImportName("embed", "embed")
	f.ImportName("io/fs", "fs")
	if len(p.Types) == 0 {
		f.Comment("Main holds the main database migrations (none yet).")
		f.Var().Id("Main").Qual("io/fs", "FS").Op("=").Qual("embed", "FS").Values()
		f.Comment("Tracking holds the tracking database migrations (none yet).")
		f.Var().Id("Tracking").Qual("io/fs", "FS").Op("=").Qual("embed", "FS").Values()
		return render(f)
	}
	f.Comment("files keeps the main/ and tracking/ prefixes; Main and Tracking strip them.")
	f.Comment("")
	f.Comment("//go:embed main tracking")
	f.Var().Id("files").Qual("embed", "FS")
	f.Line()
	f.Comment("Main holds the main database migrations: postgres/ and sqlite/.")
	f.Var().Id("Main").Op("=").Id("sub").Call(jen.Lit("main"))
	f.Line()
	f.Comment("Tracking holds the tracking database migrations: postgres/ and sqlite/.")
	f.Var().Id("Tracking").Op("=").Id("sub").Call(jen.Lit("tracking"))
	f.Line()
	f.Func().Id("sub").Params(jen.Id("dir").String()).Qual("io/fs", "FS").Block(
		jen.List(jen.Id("s"), jen.Err()).Op(":=").Qual("io/fs", "Sub").Call(jen.Id("files"), jen.Id("dir")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Panic(jen.Err())),
		jen.Return(jen.Id("s")),
	)
	return render(f)
}

func lastSegment(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[i+1:]
		}
	}
	return p
}
