package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"
)

// Replicator renders replicator.go: the constructor of the type's
// replicator, the runtime's strategy bound to the type's descriptor. It
// publishes the type's events on the primary and syncs, checksums and
// removes its data on a secondary.
func Replicator(t Type) ([]byte, error) {
	n := t.Names
	f := newFile(n.Package)
	typ, constructor := "Blob", "NewBlob"
	comment := []string{
		fmt.Sprintf("NewReplicator returns the %s replicator of one site. On the primary, create", n.Title),
		"and destroy records through it (Create, Destroy) so that their state rows and",
		"events are written in the same transaction; on a secondary, the site's workers",
		"call it to sync, verify and remove blobs. cfg.Descriptor is set to Descriptor.",
	}
	if t.Strategy == "repository" {
		typ, constructor = "Repository", "NewRepository"
		comment = []string{
			fmt.Sprintf("NewReplicator returns the %s replicator of one site. On the primary, create", n.Title),
			"and destroy records through it (Create, Destroy) so that their state rows and",
			"events are written in the same transaction, and call AfterPush after every push",
			"to a repository; on a secondary, the site's workers call it to mirror, verify and",
			"remove repositories. cfg.Descriptor is set to Descriptor.",
		}
	}
	for _, line := range comment {
		f.Comment(line)
	}
	f.Func().Id("NewReplicator").Params(jen.Id("cfg").Qual(pkgReplicator, "Config")).Params(jen.Op("*").Qual(pkgReplicator, typ), jen.Error()).Block(
		jen.Id("cfg").Dot("Descriptor").Op("=").Id("Descriptor"),
		jen.Return(jen.Qual(pkgReplicator, constructor).Call(jen.Id("cfg"))),
	)
	return render(f)
}
