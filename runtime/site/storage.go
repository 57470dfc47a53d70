package site

import (
	"fmt"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/replicable"
)

// checkStorage checks that a site has the storage its types need: a blob
// store for blob types, a repository root for repository types.
func checkStorage(types []*replicable.Descriptor, blobs blobstore.Store, repositories string) error {
	for _, d := range types {
		switch {
		case d.Strategy == replicable.Blob && blobs == nil:
			return fmt.Errorf("Blobs (the site's blob store) is required: %s is a blob type", d.Name)
		case d.Strategy == replicable.Repository && repositories == "":
			return fmt.Errorf("Repositories (the directory of the site's repositories) is required: %s is a repository type", d.Name)
		}
	}
	return nil
}
