package registry_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// TestSyncedConcurrently records many finished syncs at once, so that they
// are recorded together, with every kind of row mixed in one batch: each
// call must get its own row's outcome and each row its own options.
func TestSyncedConcurrently(t *testing.T) {
	type call struct {
		name      string
		from      state.Replication
		stale     bool // the call's start time is not the row's
		zeroStart bool // the call does not check the start time
		opts      registry.SyncedOptions
		wantOK    bool
		want      state.Replication
		wantVerif state.Verification
	}
	kinds := []call{
		{name: "started", from: state.Started, wantOK: true, want: state.Synced, wantVerif: state.VerificationDisabled},
		{name: "started, primary verified", from: state.Started, opts: registry.SyncedOptions{PrimaryVerified: true},
			wantOK: true, want: state.Synced, wantVerif: state.VerificationPending},
		{name: "started, missing on primary", from: state.Started, opts: registry.SyncedOptions{MissingOnPrimary: true},
			wantOK: true, want: state.Synced, wantVerif: state.VerificationDisabled},
		{name: "started, no start time", from: state.Started, zeroStart: true, wantOK: true, want: state.Synced, wantVerif: state.VerificationDisabled},
		{name: "restarted since", from: state.Started, stale: true, want: state.Started, wantVerif: state.VerificationSucceeded},
		{name: "sent back to pending", from: state.Pending, want: state.Pending, wantVerif: state.VerificationSucceeded},
		{name: "failed meanwhile", from: state.Failed, opts: registry.SyncedOptions{PrimaryVerified: true},
			want: state.Failed, wantVerif: state.VerificationSucceeded},
	}
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		e := geotest.NewEnv(t, dialect, readtest.Config(testtypes.CoolWidget()))
		s := registry.NewStore(e.Tracking, e.Config.Descriptor, e.Clock)
		ctx := context.Background()
		startedAt := e.Clock.Now().Add(-time.Minute)
		retryAt := e.Clock.Now().Add(time.Hour)
		type row struct {
			call
			id  int64
			ok  bool
			err error
		}
		var rows []*row
		for i := range 20 {
			for _, k := range kinds {
				rec := geotest.InsertRegistry(t, e, registry.Record{State: k.from, LastSyncedAt: &startedAt,
					RetryCount: 3, RetryAt: &retryAt, LastSyncFailure: "boom",
					VerificationState: state.VerificationSucceeded, VerificationChecksum: []byte{byte(i)}})
				rows = append(rows, &row{call: k, id: rec.ModelRecordID})
			}
		}
		var wg sync.WaitGroup
		for _, r := range rows {
			wg.Go(func() {
				at := startedAt
				switch {
				case r.stale:
					at = startedAt.Add(-time.Second)
				case r.zeroStart:
					at = time.Time{}
				}
				r.ok, r.err = s.Synced(ctx, r.id, at, r.opts)
			})
		}
		wg.Wait()
		for _, r := range rows {
			if r.err != nil {
				t.Fatalf("%s: %v", r.name, r.err)
			}
			got, err := s.Get(ctx, r.id)
			if err != nil {
				t.Fatal(err)
			}
			if r.ok != r.wantOK || got.State != r.want || got.VerificationState != r.wantVerif {
				t.Errorf("%s: ok %v, state %v, verification %v; want %v, %v, %v",
					r.name, r.ok, got.State, got.VerificationState, r.wantOK, r.want, r.wantVerif)
			}
			if got.RetryCount != 0 || got.RetryAt != nil || got.LastSyncFailure != "" {
				t.Errorf("%s: retry fields %d, %v, %q not reset", r.name, got.RetryCount, got.RetryAt, got.LastSyncFailure)
			}
			if r.wantOK && got.MissingOnPrimary != r.opts.MissingOnPrimary {
				t.Errorf("%s: missing_on_primary %v", r.name, got.MissingOnPrimary)
			}
		}
	})
}

// TestSyncedSameRowTwice records two finished syncs of one row while
// another statement holds the queue, so both wait for the same next
// batch; one of them is from an earlier start: only the current one
// applies.
func TestSyncedSameRowTwice(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		e := geotest.NewEnv(t, dialect, readtest.Config(testtypes.CoolWidget()))
		s := registry.NewStore(e.Tracking, e.Config.Descriptor, e.Clock)
		ctx := context.Background()
		startedAt := e.Clock.Now().Add(-time.Minute)
		blocker := geotest.InsertRegistry(t, e, registry.Record{State: state.Started, LastSyncedAt: &startedAt})
		rec := geotest.InsertRegistry(t, e, registry.Record{State: state.Started, LastSyncedAt: &startedAt})

		// A write transaction on the blocker's row makes the first
		// Synced wait in its statement (a row lock on PostgreSQL, the
		// database's write lock on SQLite) while the two others queue.
		tx, err := e.Tracking.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE "+e.Config.Descriptor.RegistryTable+" SET retry_count = 0 WHERE "+
			e.Config.Descriptor.ForeignKey+" = $1", blocker.ModelRecordID); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var blocked bool
		var errBlocked error
		wg.Go(func() {
			blocked, errBlocked = s.Synced(ctx, blocker.ModelRecordID, startedAt, registry.SyncedOptions{})
		})
		time.Sleep(50 * time.Millisecond) // let it lead
		var current, earlier bool
		var errCurrent, errEarlier error
		wg.Go(func() { current, errCurrent = s.Synced(ctx, rec.ModelRecordID, startedAt, registry.SyncedOptions{}) })
		wg.Go(func() {
			earlier, errEarlier = s.Synced(ctx, rec.ModelRecordID, startedAt.Add(-time.Hour), registry.SyncedOptions{})
		})
		time.Sleep(50 * time.Millisecond) // let them queue
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		if errBlocked != nil || errCurrent != nil || errEarlier != nil {
			t.Fatal(errBlocked, errCurrent, errEarlier)
		}
		if !blocked || !current || earlier {
			t.Fatalf("applied: blocked sync %v, current sync %v, earlier sync %v; want true, true, false", blocked, current, earlier)
		}
	})
}
