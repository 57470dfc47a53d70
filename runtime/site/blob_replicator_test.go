package site_test

import (
	"testing"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
)

// coolWidgets is the blob test type's suite configuration.
func coolWidgets() geotest.Config { return readtest.Config(testtypes.CoolWidget()) }

func TestBlobReplicator(t *testing.T) {
	geotest.BlobReplicator(t, coolWidgets())
}
