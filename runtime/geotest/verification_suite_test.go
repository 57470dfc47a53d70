package geotest

import (
	"context"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/verification"
)

func TestVerificationSuites(t *testing.T) {
	for _, cfg := range []Config{readSuiteConfig(), repositorySuiteConfig(), stateKeySuiteConfig(), typeConfig(testtypes.MergeRequestDiff())} {
		VerifiableRegistry(t, cfg)
		ModelWithSeparateVerificationState(t, cfg)
		VerifiableReplicator(t, cfg)
	}
}

// TestVerificationOnModelSuites runs the verification suites on a type
// whose verification columns are on its model table: the primary's cycle
// (claim, checksum, reverification, timeouts) works on the model table,
// and the secondary's registry as for any type. The state table's own
// suite does not apply.
func TestVerificationOnModelSuites(t *testing.T) {
	cfg := typeConfig(testtypes.PipelineArtifact())
	VerifiableRegistry(t, cfg)
	VerifiableReplicator(t, cfg)
}

// typeConfig is the suites' configuration of one test type.
func typeConfig(d *replicable.Descriptor) Config {
	return Config{
		Descriptor:         d,
		MainMigrations:     testtypes.MainMigrations(d),
		TrackingMigrations: testtypes.TrackingMigrations(d),
		CreateRecord: func(ctx context.Context, db sqldb.Querier, now time.Time) (int64, error) {
			return testtypes.CreateRecord(ctx, db, d, d.Title, now)
		},
	}
}

// mismatchUnflagged records a checksum mismatch as a plain failure.
type mismatchUnflagged struct{ *verification.Store }

func (m mismatchUnflagged) ChecksumMismatch(ctx context.Context, key int64, _, _ []byte) error {
	return m.Store.Failed(ctx, key, verification.MismatchMessage, nil)
}

// noBackfill never creates state rows.
type noBackfill struct{ *verification.Store }

func (noBackfill) Backfill(context.Context, int) (int64, error) { return 0, nil }

// noReverify never re-verifies.
type noReverify struct{ *verification.Store }

func (noReverify) ReverifyBatch(context.Context, int) (int64, error) { return 0, nil }

func TestVerificationSuitesFailOnBrokenStores(t *testing.T) {
	wrap := func(f func(*verification.Store) VerificationTracker) newTrackerFunc {
		return func(e *Env, side verification.Side) VerificationTracker {
			return f(newRealTracker(e, side).(*verification.Store))
		}
	}
	for _, tc := range []struct {
		name  string
		suite func(testing.TB, *Env, newTrackerFunc)
		store newTrackerFunc
		want  string
	}{
		{"mismatch not flagged", verifiableRegistry, wrap(func(s *verification.Store) VerificationTracker { return mismatchUnflagged{s} }), "after a checksum mismatch"},
		{"no backfill", modelWithSeparateVerificationState, wrap(func(s *verification.Store) VerificationTracker { return noBackfill{s} }), "backfill added 0"},
		{"no reverification", verifiableReplicator, wrap(func(s *verification.Store) VerificationTracker { return noReverify{s} }), "reverified 0 old rows"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectReadSuiteFailure(t, tc.want, func(tb testing.TB) {
				tc.suite(tb, NewEnv(tb, sqldb.SQLite, readSuiteConfig()), tc.store)
			})
		})
	}
}
