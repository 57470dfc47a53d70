package registry_test

import (
	"context"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// TestLeases: a claim takes a lease that its holder renews; the rows of a
// holder that stops renewing (a killed worker: its Store is simply never
// used again) go back to pending once the lease has expired, and no
// sooner; rows still renewed, rows at rest and rows claimed without a
// lease are left alone.
func TestLeases(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		e := geotest.NewEnv(t, dialect, readtest.Config(testtypes.CoolWidget()))
		ctx := context.Background()
		const lease = 30 * time.Second
		newStore := func() *registry.Store {
			s := registry.NewStore(e.Tracking, e.Config.Descriptor, e.Clock)
			s.Lease = lease
			return s
		}
		alive, dead, recoverer := newStore(), newStore(), newStore()

		for range 4 {
			geotest.InsertRegistry(t, e, registry.Record{State: state.Pending})
		}
		failedAt := e.Clock.Now().Add(-time.Hour)
		retryDue := e.Clock.Now().Add(-time.Minute)
		failed := geotest.InsertRegistry(t, e, registry.Record{State: state.Failed, LastSyncedAt: &failedAt, RetryAt: &retryDue, RetryCount: 2})
		// A row started before leases existed: no expiry, left to the timeout.
		noLease := geotest.InsertRegistry(t, e, registry.Record{State: state.Started, LastSyncedAt: &failedAt})

		deadRecs, err := dead.ClaimPending(ctx, 2, nil)
		if err != nil || len(deadRecs) != 2 {
			t.Fatalf("dead worker claim = %d rows, %v", len(deadRecs), err)
		}
		aliveRecs, err := alive.ClaimPending(ctx, 2, nil)
		if err != nil || len(aliveRecs) != 2 {
			t.Fatalf("live worker claim = %d rows, %v", len(aliveRecs), err)
		}
		again, err := dead.ClaimNeedsSyncAgain(ctx, 1, nil)
		if err != nil || len(again) != 1 || again[0].ModelRecordID != failed.ModelRecordID {
			t.Fatalf("claim of the failed row = %+v, %v", again, err)
		}
		want := e.Clock.Now().Add(lease)
		for _, r := range append(append(deadRecs, aliveRecs...), again...) {
			if r.RetryAt == nil || !r.RetryAt.Equal(want) {
				t.Errorf("claimed row %d: retry_at %v, want the lease expiry %v", r.ModelRecordID, r.RetryAt, want)
			}
		}
		if alive.Held() != 2 || dead.Held() != 3 {
			t.Fatalf("held = %d and %d, want 2 and 3", alive.Held(), dead.Held())
		}

		// Within the lease nothing is taken back.
		e.Clock.Advance(lease - time.Second)
		if n, err := recoverer.RecoverExpired(ctx); err != nil || n != 0 {
			t.Fatalf("recover within the lease = %d, %v; want 0", n, err)
		}
		if n, err := alive.RenewLeases(ctx); err != nil || n != 2 {
			t.Fatalf("renew = %d, %v; want 2", n, err)
		}
		e.Clock.Advance(2 * time.Second)
		n, err := recoverer.RecoverExpired(ctx)
		if err != nil || n != 3 {
			t.Fatalf("recover after the dead worker's lease = %d, %v; want 3", n, err)
		}
		for _, r := range append(deadRecs, again...) {
			got, err := recoverer.Get(ctx, r.ModelRecordID)
			if err != nil {
				t.Fatal(err)
			}
			if got.State != state.Pending || got.RetryAt != nil || !registry.Interrupted(got) {
				t.Errorf("dead worker's row %d = %v retry_at %v failure %q; want pending, no retry time, interrupted",
					r.ModelRecordID, got.State, got.RetryAt, got.LastSyncFailure)
			}
		}
		for _, r := range aliveRecs {
			if got, _ := recoverer.Get(ctx, r.ModelRecordID); got.State != state.Started {
				t.Errorf("renewed row %d = %v, want still started", r.ModelRecordID, got.State)
			}
		}
		if got, _ := recoverer.Get(ctx, noLease.ModelRecordID); got.State != state.Started {
			t.Errorf("row started without a lease = %v, want left to the sync timeout", got.State)
		}

		// The dead worker comes back: its renewal must not touch the rows
		// another claim now holds.
		reclaimed, err := recoverer.ClaimPending(ctx, 10, nil)
		if err != nil || len(reclaimed) != 3 {
			t.Fatalf("reclaim = %d rows, %v; want 3", len(reclaimed), err)
		}
		e.Clock.Advance(time.Second)
		if n, err := dead.RenewLeases(ctx); err != nil || n != 0 {
			t.Errorf("stale holder renewed %d rows (%v), want 0", n, err)
		}
		// Released rows are not renewed any more.
		for _, r := range aliveRecs {
			alive.Release(r)
		}
		if n, err := alive.RenewLeases(ctx); err != nil || n != 0 || alive.Held() != 0 {
			t.Errorf("after release: renewed %d (%v), held %d; want 0, 0", n, err, alive.Held())
		}
		// Start takes a lease too, and holds the row until released.
		synced := geotest.InsertRegistry(t, e, registry.Record{State: state.Synced})
		started, err := alive.Start(ctx, synced.ModelRecordID)
		if err != nil || started.RetryAt == nil || !started.RetryAt.Equal(e.Clock.Now().Add(lease)) || alive.Held() != 1 {
			t.Errorf("start = retry_at %v, held %d, %v; want the lease expiry, 1", started.RetryAt, alive.Held(), err)
		}
		alive.Release(started)
		if alive.Held() != 0 {
			t.Errorf("held after release = %d", alive.Held())
		}
	})
}
