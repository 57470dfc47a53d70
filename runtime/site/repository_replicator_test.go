package site_test

import (
	"testing"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
)

// gizmos is the repository test type's suite configuration.
func gizmos() geotest.Config { return readtest.Config(testtypes.Gizmo()) }

func TestRepositoryReplicator(t *testing.T) {
	geotest.RepositoryReplicator(t, gizmos())
}
