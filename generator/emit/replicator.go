package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"
)

// BlobReplicator renders replicator.go for a blob type: the replicator
// that publishes the type's events on the primary and downloads,
// checksums and removes its blobs on a secondary.
func BlobReplicator(t Type) ([]byte, error) {
	n := t.Names
	f := newFile(n.Package)
	f.Comment(fmt.Sprintf("NewReplicator returns the %s replicator of one site. On the primary, create", n.Title))
	f.Comment("and destroy records through it (Create, Destroy) so that their state rows and")
	f.Comment("events are written in the same transaction; on a secondary, the site's workers")
	f.Comment("call it to sync, verify and remove blobs. cfg.Descriptor is set to Descriptor.")
	f.Func().Id("NewReplicator").Params(jen.Id("cfg").Qual(pkgReplicator, "Config")).Params(jen.Op("*").Qual(pkgReplicator, "Blob"), jen.Error()).Block(
		jen.Id("cfg").Dot("Descriptor").Op("=").Id("Descriptor"),
		jen.Return(jen.Qual(pkgReplicator, "NewBlob").Call(jen.Id("cfg"))),
	)
	return render(f)
}
