package site_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/metrics"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// fastOptions make idle workers look for work every few milliseconds.
var fastOptions = site.Options{
	PollInterval: 10 * time.Millisecond, MaintenanceInterval: 50 * time.Millisecond,
	ConsistencyInterval: 50 * time.Millisecond,
}

func newSites(t *testing.T, dialect sqldb.Dialect) *geotest.BlobSites {
	return geotest.NewBlobSites(t, geotest.NewEnv(t, dialect, coolWidgets()), fastOptions)
}

func blob(n int) []byte { return []byte(strings.Repeat("content of blob "+strconv.Itoa(n)+"\n", 50+n)) }

// secondaryStatus counts the secondary's registries.
func secondaryStatus(t *testing.T, s *geotest.BlobSites) metrics.Status {
	t.Helper()
	st, err := metrics.ComputeSecondary(context.Background(), s.Env.Tracking, s.Env.Config.Descriptor, s.Flags)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestSitesReplicateAndVerify(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		s := newSites(t, dialect)
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Go(func() { s.Primary.Run(ctx) })
		wg.Go(func() { s.Secondary.Run(ctx) })

		const n = 40
		ids := make([]int64, n)
		for i := range ids {
			ids[i] = s.CreateBlob(t, blob(i))
		}
		geotest.Eventually(t, 20*time.Second, "every record synced and verified", func() bool {
			st := secondaryStatus(t, s)
			return *st.RegistryCount == n && *st.SyncedCount == n && *st.VerifiedCount == n
		})
		for i, id := range ids {
			if got, _ := s.SecondaryFile(t, id); !bytes.Equal(got, blob(i)) {
				t.Fatalf("record %d: the secondary's blob differs from the primary's", id)
			}
		}
		for _, id := range ids[:5] {
			s.DestroyBlob(t, id)
		}
		geotest.Eventually(t, 20*time.Second, "the deletions replicated", func() bool {
			return *secondaryStatus(t, s).RegistryCount == n-5
		})
		for _, id := range ids[:5] {
			if _, ok := s.SecondaryFile(t, id); ok {
				t.Errorf("record %d deleted on the primary, still on the secondary", id)
			}
		}
		cancel()
		wg.Wait()
		s.AssertNoTempFiles(t)
	})
}

func TestCorruptedSecondaryFileIsResynced(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		s := newSites(t, dialect)
		id := s.CreateBlob(t, blob(1))
		s.Primary.VerifyAll(ctx)
		mustConsume(t, s.Secondary)
		s.Secondary.SyncAll(ctx)
		s.Secondary.VerifyAll(ctx)
		if rec := registryOf(t, s.Sites, id); rec.VerificationState != state.VerificationSucceeded {
			t.Fatalf("before corruption: verification %v, want succeeded", rec.VerificationState)
		}

		// Bit rot on the secondary.
		if err := writeRaw(s, id, []byte("corrupted")); err != nil {
			t.Fatal(err)
		}
		// The primary re-verifies after the interval and announces its
		// checksum; the secondary verifies again and finds the mismatch.
		s.Env.Clock.Advance(100 * 24 * time.Hour)
		if _, err := s.Primary.Maintain(ctx); err != nil {
			t.Fatal(err)
		}
		s.Primary.VerifyAll(ctx)
		mustConsume(t, s.Secondary)
		s.Secondary.VerifyAll(ctx)
		rec := registryOf(t, s.Sites, id)
		if rec.State != state.Failed || rec.VerificationState != state.VerificationFailed || !rec.ChecksumMismatch {
			t.Fatalf("after verifying a corrupted file: state %v, verification %v, mismatch %v; want failed, failed, true",
				rec.State, rec.VerificationState, rec.ChecksumMismatch)
		}

		// The failed sync is retried when due, and verified again.
		s.Env.Clock.Advance(2 * time.Hour)
		if n := s.Secondary.SyncAll(ctx); n != 1 {
			t.Fatalf("resyncs = %d, want 1", n)
		}
		s.Secondary.VerifyAll(ctx)
		rec = registryOf(t, s.Sites, id)
		if rec.State != state.Synced || rec.VerificationState != state.VerificationSucceeded || rec.ChecksumMismatch {
			t.Errorf("after the resync: state %v, verification %v, mismatch %v; want synced, succeeded, false",
				rec.State, rec.VerificationState, rec.ChecksumMismatch)
		}
		if got, _ := s.SecondaryFile(t, id); !bytes.Equal(got, blob(1)) {
			t.Error("the resync did not restore the blob")
		}
	})
}

func TestKilledSyncLeavesNoPartialFileAndRecovers(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		s := newSites(t, dialect)
		id := s.CreateBlob(t, bytes.Repeat([]byte("x"), 4<<20))
		mustConsume(t, s.Secondary)

		// The primary sends half the blob, then stalls.
		halfSent := make(chan struct{})
		s.SetPrimaryHandler(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Length", strconv.Itoa(4<<20))
				w.WriteHeader(http.StatusOK)
				w.Write(bytes.Repeat([]byte("x"), 2<<20))
				w.(http.Flusher).Flush()
				close(halfSent)
				<-r.Context().Done()
			})
		})
		syncCtx, kill := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); s.Secondary.SyncAll(syncCtx) }()
		<-halfSent
		time.Sleep(50 * time.Millisecond) // let the secondary write what it got
		kill()
		<-done

		s.AssertNoTempFiles(t)
		if _, ok := s.SecondaryFile(t, id); ok {
			t.Fatal("a killed download left a blob")
		}
		// A stop (the context ended) gives the row back at once.
		if rec := registryOf(t, s.Sites, id); rec.State != state.Pending || rec.LastSyncFailure != registry.FailureShutdown {
			t.Fatalf("after the stop: state %v %q, want pending, given back", rec.State, rec.LastSyncFailure)
		}
		// A process that dies leaves it started: nobody could record
		// anything. The sync timeout recovers it.
		if _, err := s.Registry().Start(ctx, id); err != nil {
			t.Fatal(err)
		}

		s.SetPrimaryHandler(func(next http.Handler) http.Handler { return next })
		timeout := s.Env.Config.Descriptor.EffectiveSyncTimeout()
		s.Env.Clock.Advance(timeout - time.Minute)
		if n, _ := s.Secondary.RecoverTimedOut(ctx); n != 0 {
			t.Fatalf("recovered %d syncs before the timeout", n)
		}
		s.Env.Clock.Advance(2 * time.Minute)
		if n, err := s.Secondary.RecoverTimedOut(ctx); n != 1 || err != nil {
			t.Fatalf("recovered = %d, %v; want 1", n, err)
		}
		rec := registryOf(t, s.Sites, id)
		if rec.State != state.Failed || !strings.HasPrefix(rec.LastSyncFailure, "Sync timed out after") {
			t.Fatalf("after recovery: %v %q, want failed, sync timed out", rec.State, rec.LastSyncFailure)
		}
		s.Env.Clock.Advance(2 * time.Minute)
		s.Secondary.SyncAll(ctx)
		if rec := registryOf(t, s.Sites, id); rec.State != state.Synced {
			t.Errorf("after the retry: %v %q, want synced", rec.State, rec.LastSyncFailure)
		}
	})
}

func TestReplayedEventsDoNoHarm(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		s := newSites(t, dialect)
		var ids []int64
		for i := range 6 {
			ids = append(ids, s.CreateBlob(t, blob(i)))
		}
		s.Primary.VerifyAll(ctx)
		s.DestroyBlob(t, ids[0])
		snapshot := func() string {
			mustConsume(t, s.Secondary)
			s.Secondary.SyncAll(ctx)
			s.Secondary.VerifyAll(ctx)
			var b strings.Builder
			for _, id := range ids {
				rec, err := s.Registry().Get(ctx, id)
				file, ok := s.SecondaryFile(t, id)
				fmt.Fprintf(&b, "%d: registry %v/%v (%v) file %v %d\n", id, rec.State, rec.VerificationState, err != nil, ok, len(file))
			}
			return b.String()
		}
		first := snapshot()
		// Forget the log position: every event is handled again, twice.
		for range 2 {
			if _, err := s.Env.Tracking.Exec("DELETE FROM event_log_states"); err != nil {
				t.Fatal(err)
			}
			if again := snapshot(); again != first {
				t.Fatalf("state after replaying the log differs:\nfirst:\n%s\nafter replay:\n%s", first, again)
			}
		}
		if want := fmt.Sprintf("registry %v/%v", state.Synced, state.VerificationSucceeded); strings.Count(first, want) != len(ids)-1 {
			t.Errorf("want every record but the deleted one synced and verified:\n%s", first)
		}
	})
}

func TestSyncWorkersNeverDownloadTheSameRecordTwice(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		s := newSites(t, dialect)
		const n = 60
		for i := range n {
			s.CreateBlob(t, blob(i))
		}
		mustConsume(t, s.Secondary)

		var mu sync.Mutex
		requests := map[string]int{}
		inFlight := map[string]bool{}
		var overlaps []string
		s.SetPrimaryHandler(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				requests[r.URL.Path]++
				if inFlight[r.URL.Path] {
					overlaps = append(overlaps, r.URL.Path)
				}
				inFlight[r.URL.Path] = true
				mu.Unlock()
				time.Sleep(2 * time.Millisecond) // widen the window for a double download
				next.ServeHTTP(w, r)
				mu.Lock()
				inFlight[r.URL.Path] = false
				mu.Unlock()
			})
		})
		workers := []*site.Secondary{s.Secondary, s.NewSecondary(t, nil), s.NewSecondary(t, nil), s.NewSecondary(t, nil)}
		var wg sync.WaitGroup
		for _, w := range workers {
			wg.Go(func() { w.SyncAll(ctx) })
		}
		wg.Wait()

		if len(overlaps) > 0 {
			t.Errorf("records downloaded by two workers at once: %v", overlaps)
		}
		if len(requests) != n {
			t.Errorf("%d records downloaded, want %d", len(requests), n)
		}
		for path, c := range requests {
			if c != 1 {
				t.Errorf("%s downloaded %d times, want once", path, c)
			}
		}
		if st := secondaryStatus(t, s); *st.SyncedCount != n {
			t.Errorf("synced = %d, want %d", *st.SyncedCount, n)
		}
	})
}

func TestConsistencyCreatesMissingAndRemovesOrphans(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		s := geotest.NewBlobSites(t, geotest.NewEnv(t, dialect, coolWidgets()), site.Options{ConsistencyBatch: 4})
		// Records whose events were never seen (created before
		// replication), and an orphan registry row with a file.
		s.Flags.Set(s.Env.Config.Descriptor.ReplicationFlag, false)
		var ids []int64
		for i := range 10 {
			ids = append(ids, s.CreateBlob(t, blob(i)))
		}
		s.Flags.Set(s.Env.Config.Descriptor.ReplicationFlag, true)
		orphan := ids[len(ids)-1] + 100
		if _, err := s.Registry().Create(ctx, orphan); err != nil {
			t.Fatal(err)
		}
		if err := writeRaw(s, orphan, []byte("left over")); err != nil {
			t.Fatal(err)
		}

		var total site.ConsistencyResult
		for range 4 { // 10 ids in batches of 4, then the tail past the last id
			r, err := s.Secondary.CheckConsistency(ctx)
			if err != nil {
				t.Fatal(err)
			}
			total.Created += r.Created
			total.Removed += r.Removed
		}
		if total != (site.ConsistencyResult{Created: 10, Removed: 1}) {
			t.Errorf("consistency = %+v, want 10 created, 1 removed", total)
		}
		if _, ok := s.SecondaryFile(t, orphan); ok {
			t.Error("the orphan's file is still there")
		}
		s.Secondary.SyncAll(ctx)
		if st := secondaryStatus(t, s); *st.SyncedCount != 10 {
			t.Errorf("synced = %d, want 10", *st.SyncedCount)
		}
	})
}

func TestReadOnlyViewRefusesWrites(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		e := geotest.NewEnv(t, dialect, coolWidgets())
		view := geotest.ReadOnlyView(t, e.Main)
		if _, err := view.Exec("DELETE FROM geo_events"); err == nil {
			t.Error("a write through the read-only view succeeded")
		}
		var n int
		if err := view.QueryRow("SELECT count(*) FROM geo_events").Scan(&n); err != nil {
			t.Errorf("a read through the read-only view failed: %v", err)
		}
	})
}

func TestDisabledTypeIsNotServed(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		s := newSites(t, dialect)
		id := s.CreateBlob(t, blob(1))
		mustConsume(t, s.Secondary)
		s.Flags.Set(s.Env.Config.Descriptor.ReplicationFlag, false)
		if n := s.Secondary.SyncAll(ctx); n != 0 {
			t.Errorf("a disabled type synced %d records", n)
		}
		s.Flags.Set(s.Env.Config.Descriptor.ReplicationFlag, true)
		if n := s.Secondary.SyncAll(ctx); n != 1 {
			t.Errorf("re-enabled type synced %d records, want 1", n)
		}
		if _, ok := s.SecondaryFile(t, id); !ok {
			t.Error("the record of the re-enabled type is not on the secondary")
		}
	})
}

// mustConsume applies every pending event on a secondary.
func mustConsume(t *testing.T, sec *site.Secondary) {
	t.Helper()
	if _, err := sec.ConsumeEvents(context.Background()); err != nil {
		t.Fatalf("consume events: %v", err)
	}
}

// registryOf is the secondary's registry row of record id, of either
// strategy's sites.
func registryOf(t *testing.T, s *geotest.Sites, id int64) registryRecord {
	t.Helper()
	rec, err := s.Registry().Get(context.Background(), id)
	if err != nil {
		t.Fatalf("registry of %d: %v", id, err)
	}
	return rec
}

// writeRaw overwrites (or creates) a record's file on the secondary
// behind the store's back.
func writeRaw(s *geotest.BlobSites, id int64, data []byte) error {
	key, err := s.Env.Config.Descriptor.Location(context.Background(), id)
	if err != nil {
		return err
	}
	p, err := s.SecondaryBlobs.Path(key)
	if err != nil {
		return err
	}
	return writeFile(p, data)
}

// A record created while a consistency pass runs gets its registry row
// from its event between the pass's read of the model ids and its read of
// the registry: the pass must not take that row for an orphan and remove
// it (with the copy being synced).
func TestConsistencyKeepsRecordsCreatedDuringAPass(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		s := newSites(t, dialect)
		stop := make(chan struct{})
		var removed int64
		var passErr error
		done := make(chan struct{})
		go func() {
			defer close(done)
			for {
				select {
				case <-stop:
					return
				default:
				}
				r, err := s.Secondary.CheckConsistency(ctx)
				if err != nil {
					passErr = err
					return
				}
				removed += r.Removed
			}
		}()
		for i := range 100 {
			s.CreateBlob(t, blob(i))
			if _, err := s.Secondary.ConsumeEvents(ctx); err != nil {
				t.Error(err)
				break
			}
		}
		close(stop)
		<-done
		if passErr != nil {
			t.Fatal(passErr)
		}
		if removed > 0 {
			t.Errorf("consistency passes removed %d registry rows of records that exist", removed)
		}
	})
}

// With RetryJitterMax 1 a failed sync is retried exactly 16 s later (1⁴ +
// 15 + 0×2); by default the delay is drawn from 16 to 74 s.
func TestRetryJitterMaxFixesTheRetryDelay(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		opts := fastOptions
		opts.RetryJitterMax = 1
		s := geotest.NewBlobSites(t, geotest.NewEnv(t, dialect, coolWidgets()), opts)
		id := s.CreateBlob(t, blob(1))
		mustConsume(t, s.Secondary)
		s.SetPrimaryHandler(func(http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "unavailable", http.StatusServiceUnavailable)
			})
		})
		s.Secondary.SyncAll(ctx)
		rec := registryOf(t, s.Sites, id)
		if rec.State != state.Failed || rec.RetryAt == nil {
			t.Fatalf("after a failed sync: state %v, retry at %v; want failed with a retry time", rec.State, rec.RetryAt)
		}
		if got, want := rec.RetryAt.Sub(s.Env.Clock.Now()), 16*time.Second; got != want {
			t.Errorf("first retry in %s, want %s", got, want)
		}
	})
}
