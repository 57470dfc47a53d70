package site_test

import (
	"testing"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/replicable"
)

// TestConformanceVerificationTables runs the conformance suites a
// generated type runs (geogen's conformance_test.go) on a type with an
// adopted state table and on one verified on its model table, which has
// no state table suite to run.
func TestConformanceVerificationTables(t *testing.T) {
	for _, d := range []*replicable.Descriptor{testtypes.MergeRequestDiff(), testtypes.PipelineArtifact()} {
		t.Run(d.Name, func(t *testing.T) {
			cfg := readtest.Config(d)
			geotest.FrameworkRegistry(t, cfg)
			geotest.VerifiableRegistry(t, cfg)
			if !d.VerificationOnModel {
				geotest.ModelWithSeparateVerificationState(t, cfg)
			}
			geotest.VerifiableReplicator(t, cfg)
			geotest.FrameworkRegistryFinder(t, cfg)
			geotest.RegistryActions(t, cfg)
			geotest.BulkJobs(t, cfg)
			geotest.RegistryMutations(t, cfg)
		})
	}
}
