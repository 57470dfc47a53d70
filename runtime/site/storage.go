package site

import (
	"fmt"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/replicable"
)

// checkTypes checks that a site's types are valid together (every name an
// identifier, none shared; replicable.NewSet), since their names go into
// SQL, and that the site has the storage they need: a blob store for blob
// types, a repository root for repository types.
func checkTypes(types []*replicable.Descriptor, blobs blobstore.Store, repositories string) error {
	if _, err := replicable.NewSet(types...); err != nil {
		return err
	}
	for _, d := range types {
		switch {
		case d.Strategy == replicable.Blob && blobs == nil:
			return fmt.Errorf("%s is a blob type: set Blobs, the site's blob store", d.Name)
		case d.Strategy == replicable.Repository && repositories == "":
			return fmt.Errorf("%s is a repository type: set Repositories, the directory of the site's repositories", d.Name)
		}
	}
	return nil
}
