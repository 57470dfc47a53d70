package blobstore_test

import (
	"testing"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/blobstore/storetest"
)

func TestDirConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) blobstore.Store {
		d, err := blobstore.NewDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return d
	})
}
