package geographql_test

import (
	"context"
	"testing"

	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/internal/readtest"
)

// BenchmarkQueryPageByState executes a GraphQL query for the first 50
// failed registries, every field, out of a million rows (goal: 20 ms or
// less).
func BenchmarkQueryPageByState(b *testing.B) {
	fx := readtest.Bench(b)
	d := fx.Descriptor
	s, err := geographql.NewSchema([]geographql.TypeBinding{{
		Descriptor: d, Finder: finder.New(fx.DB, fx.DB, d, flags.NewMemory(d.ReplicationFlag)),
	}})
	if err != nil {
		b.Fatal(err)
	}
	ctx := geographql.WithViewer(context.Background(), finder.Viewer{Admin: true})
	query := `{ geoNode { coolWidgetRegistries(replicationState: FAILED, first: 50) {
		nodes { id coolWidgetId state retryCount lastSyncFailure retryAt lastSyncedAt verifiedAt verificationRetryAt
		        createdAt verificationState verificationRetryCount verificationStartedAt verificationChecksum
		        verificationChecksumMismatched checksumMismatch missingOnPrimary modelRecordId verificationFailure }
		pageInfo { hasNextPage endCursor } } } }`
	b.ResetTimer()
	for b.Loop() {
		resp := s.Exec(ctx, query, "", nil)
		if len(resp.Errors) > 0 || len(resp.Data) < 5000 {
			b.Fatalf("query failed: %v (%d bytes)", resp.Errors, len(resp.Data))
		}
	}
}
