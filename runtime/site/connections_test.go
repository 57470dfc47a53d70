package site_test

import (
	"bytes"
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/sqldb"
)

// watchConnections samples the open connections of dbs until stop is
// called, which returns the most seen on any one handle.
func watchConnections(dbs ...*sqldb.DB) (stop func() int) {
	var most atomic.Int64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			for _, db := range dbs {
				if n := int64(db.Stats().OpenConnections); n > most.Load() {
					most.Store(n)
				}
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() int {
		close(done)
		wg.Wait()
		return int(most.Load())
	}
}

// TestFullPipelineOnTwoConnections runs both sites (blob and repository
// types: events, consistency, sync, verification on both sides) with
// every database handle bounded to two connections and ten workers of
// each kind. Were any path to hold a connection while waiting for
// another, the workers would deadlock and nothing would converge.
func TestFullPipelineOnTwoConnections(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		opts := fastOptions
		opts.MaxConnections = 2
		opts.SyncCapacity, opts.VerificationCapacity = 10, 10
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()

		blobs := geotest.NewBlobSites(t, geotest.NewEnv(t, dialect, coolWidgets()), opts)
		repos := geotest.NewRepositorySites(t, geotest.NewEnv(t, dialect, gizmos()), opts)
		stop := watchConnections(blobs.Env.Main, blobs.Env.Tracking, blobs.MainView, repos.Env.Main, repos.Env.Tracking, repos.MainView)

		var wg sync.WaitGroup
		for _, run := range []func(context.Context) error{blobs.Primary.Run, blobs.Secondary.Run, repos.Primary.Run, repos.Secondary.Run} {
			wg.Go(func() { run(ctx) })
		}
		const n = 30
		blobIDs := make([]int64, n)
		for i := range blobIDs {
			blobIDs[i] = blobs.CreateBlob(t, blob(i))
		}
		repoIDs := make([]int64, 6)
		for i := range repoIDs {
			repoIDs[i] = repos.CreateRepository(t, 1+i%2)
		}
		geotest.Eventually(t, 60*time.Second, "every blob synced and verified", func() bool {
			st := secondaryStatus(t, blobs)
			return *st.SyncedCount == n && *st.VerifiedCount == n
		})
		geotest.Eventually(t, 60*time.Second, "every repository mirrored and verified", func() bool {
			for _, id := range repoIDs {
				if !mirroredAndVerified(t, repos, id) {
					return false
				}
			}
			return true
		})
		for i, id := range blobIDs {
			if got, _ := blobs.SecondaryFile(t, id); !bytes.Equal(got, blob(i)) {
				t.Fatalf("blob %d differs on the secondary", id)
			}
		}
		cancel()
		wg.Wait()
		if most := stop(); most > 2 {
			t.Errorf("a handle had %d connections open, want at most 2", most)
		} else {
			t.Logf("at most %d connections open per handle", most)
		}
	})
}
