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

// TestBlobReplicatorStateKey runs the suite on a type whose state table
// is keyed by upload_id while its registry is keyed by file_id: every
// query of the state table must use the state key.
func TestBlobReplicatorStateKey(t *testing.T) {
	geotest.BlobReplicator(t, readtest.Config(testtypes.Upload()))
}

// TestBlobReplicatorAdoptedStateTable runs the suite on a type whose
// state table existed before it, with only some of the verification
// columns on PostgreSQL: geogen's migration adds the rest.
func TestBlobReplicatorAdoptedStateTable(t *testing.T) {
	geotest.BlobReplicator(t, readtest.Config(testtypes.MergeRequestDiff()))
}

// TestBlobReplicatorVerificationOnModel runs the suite on a type whose
// verification columns are on its model table.
func TestBlobReplicatorVerificationOnModel(t *testing.T) {
	geotest.BlobReplicator(t, readtest.Config(testtypes.PipelineArtifact()))
}
