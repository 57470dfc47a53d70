package site_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/sqldb"
)

// TestRunningSitesRunBulkJobs queues a resync of every registry on a
// running secondary and a checksum of every record on a running primary:
// the sites' runners finish the jobs, and the sync and verification
// workers then sync and verify every record again.
func TestRunningSitesRunBulkJobs(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		s := newSites(t, dialect)
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Go(func() { s.Primary.Run(ctx) })
		wg.Go(func() { s.Secondary.Run(ctx) })
		defer func() { cancel(); wg.Wait() }()

		const n = 12
		for i := range n {
			s.CreateBlob(t, blob(i))
		}
		geotest.Eventually(t, 20*time.Second, "every record synced and verified", func() bool {
			st := secondaryStatus(t, s)
			return *st.SyncedCount == n && *st.VerifiedCount == n
		})
		d := s.Env.Config.Descriptor
		lastSync := func() time.Time {
			var at time.Time
			if err := s.Env.Tracking.QueryRow("SELECT last_synced_at FROM " + d.RegistryTable + " ORDER BY last_synced_at DESC LIMIT 1").Scan(&at); err != nil {
				t.Fatal(err)
			}
			return at
		}
		before := lastSync()
		s.Env.Clock.Advance(time.Minute)

		resync, err := s.Secondary.BulkJobs().Enqueue(ctx, bulkjob.Spec{Type: d.Name, Action: bulkjob.ResyncAll})
		if err != nil {
			t.Fatal(err)
		}
		checksum, err := s.Primary.BulkJobs().Enqueue(ctx, bulkjob.Spec{Type: d.Name, Action: bulkjob.RecomputeChecksums})
		if err != nil {
			t.Fatal(err)
		}
		geotest.Eventually(t, 20*time.Second, "both jobs finished", func() bool {
			a, errA := s.Secondary.BulkJobs().Get(ctx, resync.ID)
			b, errB := s.Primary.BulkJobs().Get(ctx, checksum.ID)
			return errA == nil && errB == nil && !a.Unfinished() && !b.Unfinished()
		})
		for _, get := range []func(context.Context, int64) (bulkjob.Job, error){s.Secondary.BulkJobs().Get, s.Primary.BulkJobs().Get} {
			for _, id := range []int64{resync.ID, checksum.ID} {
				j, err := get(ctx, id)
				if err != nil {
					continue // each site sees its own job only
				}
				if j.Status != bulkjob.Finished || j.Total != n || j.Done != n {
					t.Errorf("%s job = %v with %d of %d done, want finished with %d", j.Spec.Action, j.Status, j.Done, j.Total, n)
				}
			}
		}
		geotest.Eventually(t, 20*time.Second, "every record synced and verified again", func() bool {
			st := secondaryStatus(t, s)
			return *st.SyncedCount == n && *st.VerifiedCount == n && lastSync().After(before)
		})
		var stale int
		if err := s.Env.Tracking.QueryRow("SELECT count(*) FROM "+d.RegistryTable+" WHERE last_synced_at <= $1", before).Scan(&stale); err != nil {
			t.Fatal(err)
		}
		if stale != 0 {
			t.Errorf("%d registries were not synced again after the resync job", stale)
		}
	})
}
