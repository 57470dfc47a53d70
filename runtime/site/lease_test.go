package site_test

import (
	"bytes"
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// TestKilledWorkerRowsAreTakenBack simulates a sync worker killed after
// claiming three rows (its claims are made and then nobody renews them):
// within the lease nothing happens; after it, the rows go back to pending
// and are synced. The blob the dead worker had written completely is
// recorded without a download; a partial (wrong) one and a missing one
// are downloaded.
func TestKilledWorkerRowsAreTakenBack(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		s := newSites(t, dialect)
		ids := []int64{s.CreateBlob(t, blob(1)), s.CreateBlob(t, blob(2)), s.CreateBlob(t, blob(3))}
		s.Primary.VerifyAll(ctx)
		mustConsume(t, s.Secondary)

		var downloads atomic.Int64
		s.SetPrimaryHandler(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				downloads.Add(1)
				next.ServeHTTP(w, r)
			})
		})

		dead := registry.NewStore(s.Env.Tracking, s.Env.Config.Descriptor, s.Env.Clock)
		if recs, err := dead.ClaimPending(ctx, 10, nil); err != nil || len(recs) != 3 {
			t.Fatalf("the doomed worker's claim = %d rows, %v", len(recs), err)
		}
		// It got as far as storing the first blob whole and half the second.
		if err := writeRaw(s, ids[0], blob(1)); err != nil {
			t.Fatal(err)
		}
		if err := writeRaw(s, ids[1], blob(2)[:10]); err != nil {
			t.Fatal(err)
		}

		if n := s.Secondary.SyncAll(ctx); n != 0 {
			t.Fatalf("synced %d rows another worker holds", n)
		}
		lease := s.Secondary.Options().Lease
		s.Env.Clock.Advance(lease - time.Second)
		if n, err := s.Secondary.RecoverExpired(ctx); err != nil || n != 0 {
			t.Fatalf("within the lease: took back %d (%v), want 0", n, err)
		}
		s.Env.Clock.Advance(2 * time.Second)
		if n, err := s.Secondary.RecoverExpired(ctx); err != nil || n != 3 {
			t.Fatalf("after the lease: took back %d (%v), want 3", n, err)
		}
		if n := s.Secondary.SyncAll(ctx); n != 3 {
			t.Fatalf("syncs after the take-back = %d, want 3", n)
		}
		if got := downloads.Load(); got != 2 {
			t.Errorf("downloads = %d, want 2 (the complete blob is recorded without one)", got)
		}
		s.Secondary.VerifyAll(ctx)
		for i, id := range ids {
			rec := registryOf(t, s.Sites, id)
			if rec.State != state.Synced || rec.VerificationState != state.VerificationSucceeded || rec.LastSyncFailure != "" {
				t.Errorf("record %d: %v, verification %v, failure %q; want synced and verified", id, rec.State, rec.VerificationState, rec.LastSyncFailure)
			}
			if got, _ := s.SecondaryFile(t, id); !bytes.Equal(got, blob(i+1)) {
				t.Errorf("record %d: the secondary's blob differs from the primary's", id)
			}
		}
	})
}

// TestRunTakesBackExpiredLeases: a running secondary notices by itself,
// without a restart or an operator, the rows of a worker that died.
func TestRunTakesBackExpiredLeases(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		opts := fastOptions
		opts.Lease = 300 * time.Millisecond
		s := geotest.NewBlobSites(t, geotest.NewEnv(t, dialect, coolWidgets()), opts)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		id := s.CreateBlob(t, blob(1))
		mustConsume(t, s.Secondary)
		dead := registry.NewStore(s.Env.Tracking, s.Env.Config.Descriptor, s.Env.Clock)
		dead.Lease = opts.Lease
		if recs, err := dead.ClaimPending(ctx, 1, nil); err != nil || len(recs) != 1 {
			t.Fatalf("claim = %v, %v", recs, err)
		}
		done := make(chan struct{})
		go func() { defer close(done); s.Secondary.Run(ctx) }()
		s.Env.Clock.Advance(time.Second)
		geotest.Eventually(t, 20*time.Second, "the dead worker's row synced", func() bool {
			rec, err := s.Registry().Get(ctx, id)
			return err == nil && rec.State == state.Synced
		})
		cancel()
		<-done
	})
}

// TestRunRenewsLeasesOfLongSyncs: a sync that takes longer than the
// lease keeps its row, because its worker renews it.
func TestRunRenewsLeasesOfLongSyncs(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		opts := fastOptions
		opts.Lease = 300 * time.Millisecond
		s := geotest.NewBlobSites(t, geotest.NewEnv(t, dialect, coolWidgets()), opts)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		id := s.CreateBlob(t, blob(1))
		mustConsume(t, s.Secondary)
		release := make(chan struct{})
		var requests atomic.Int64
		s.SetPrimaryHandler(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				<-release
				next.ServeHTTP(w, r)
			})
		})
		done := make(chan struct{})
		go func() { defer close(done); s.Secondary.Run(ctx) }()
		geotest.Eventually(t, 20*time.Second, "the download started", func() bool { return requests.Load() == 1 })
		// Several leases pass on the clock while the download hangs; the
		// worker renews in between.
		for range 5 {
			before := registryOf(t, s.Sites, id).RetryAt
			s.Env.Clock.Advance(opts.Lease / 2)
			geotest.Eventually(t, 20*time.Second, "the lease renewed", func() bool {
				after := registryOf(t, s.Sites, id).RetryAt
				return after != nil && before != nil && after.After(*before)
			})
		}
		if rec := registryOf(t, s.Sites, id); rec.State != state.Started {
			t.Fatalf("while the download runs: %v, want started", rec.State)
		}
		close(release)
		geotest.Eventually(t, 20*time.Second, "synced", func() bool { return registryOf(t, s.Sites, id).State == state.Synced })
		if got := requests.Load(); got != 1 {
			t.Errorf("downloads = %d, want 1 (the row was never taken back)", got)
		}
		cancel()
		<-done
	})
}
