package site_test

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
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
		ids := make([]int64, n)
		for i := range ids {
			ids[i] = s.CreateBlob(t, blob(i))
		}
		geotest.Eventually(t, 20*time.Second, "every record synced and verified", func() bool {
			st := secondaryStatus(t, s)
			return *st.SyncedCount == n && *st.VerifiedCount == n
		})
		// Every record is synced now, so from here on a download of one is
		// a sync the resync asked for. The downloads are what show it, not
		// last_synced_at: a claim stamps its rows with the clock as it read
		// it just before its statement, and a claim that read it before the
		// clock moves on here can run after the resync and stamp the rows
		// it took with the time of the first syncs.
		s.Env.Clock.Advance(time.Minute)
		d := s.Env.Config.Descriptor
		prefix := "/api/v4/geo/retrieve/" + d.Name + "/"
		var mu sync.Mutex
		downloads := map[int64]int{}
		s.SetPrimaryHandler(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if rest, ok := strings.CutPrefix(r.URL.Path, prefix); ok {
					if id, err := strconv.ParseInt(rest, 10, 64); err == nil {
						mu.Lock()
						downloads[id]++
						mu.Unlock()
					}
				}
				next.ServeHTTP(w, r)
			})
		})
		notDownloaded := func() []int64 {
			mu.Lock()
			defer mu.Unlock()
			var missing []int64
			for _, id := range ids {
				if downloads[id] == 0 {
					missing = append(missing, id)
				}
			}
			return missing
		}
		defer func() {
			if t.Failed() {
				t.Logf("records not downloaded since the resync: %v", notDownloaded())
			}
		}()

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
		// A record downloaded again was claimed after the resync made it
		// pending; once it is synced and verified as well, that sync has
		// been recorded and its copy checked.
		geotest.Eventually(t, 20*time.Second, "every record downloaded, synced and verified again", func() bool {
			st := secondaryStatus(t, s)
			return len(notDownloaded()) == 0 && *st.SyncedCount == n && *st.VerifiedCount == n
		})
		for i, id := range ids {
			if got, _ := s.SecondaryFile(t, id); !bytes.Equal(got, blob(i)) {
				t.Errorf("record %d: the secondary's blob differs from the primary's after the resync", id)
			}
		}
	})
}
