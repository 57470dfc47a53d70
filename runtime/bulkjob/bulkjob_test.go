package bulkjob_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// fixture is a secondary's tracking database with n synced registries and
// its jobs, in batches of 4 rows.
func fixture(t *testing.T, dialect sqldb.Dialect, n int) (*geotest.Env, *bulkjob.Jobs) {
	t.Helper()
	e := geotest.NewEnv(t, dialect, readtest.Config(testtypes.CoolWidget()))
	d := e.Config.Descriptor
	at := e.Clock.Now()
	for range n {
		geotest.InsertRegistry(t, e, registry.Record{State: state.Synced, LastSyncedAt: &at})
	}
	set, err := replicable.NewSet(d)
	if err != nil {
		t.Fatal(err)
	}
	jobs := bulkjob.New(e.Tracking, set, flags.NewMemory(d.ReplicationFlag), flags.Secondary, e.Clock,
		bulkjob.Options{BatchSize: 4, Lease: time.Minute, PassBudget: time.Hour})
	return e, jobs
}

// pendingIDs returns the ids of the pending registries.
func pendingIDs(t *testing.T, e *geotest.Env) map[int64]bool {
	t.Helper()
	ids, err := sqldb.QueryInt64s(context.Background(), e.Tracking, "SELECT id FROM "+e.Config.Descriptor.RegistryTable+" WHERE state = 0")
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out
}

// TestCrashInsideABatch aborts the third batch between the rows' UPDATE and
// the cursor's, as a crash would (a batch with an ids filter is a
// transaction on every dialect; without one, on PostgreSQL, a single
// statement): none of its rows changes, the cursor
// stays after the second batch, and the next pass resumes there and
// changes every remaining row once.
func TestCrashInsideABatch(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		e, jobs := fixture(t, dialect, 18)
		job, err := jobs.Enqueue(ctx, bulkjob.Spec{Type: e.Config.Descriptor.Name, Action: bulkjob.ResyncAll, IDs: idsUpTo(18)})
		if err != nil {
			t.Fatal(err)
		}
		crash := errors.New("process killed")
		batches := 0
		jobs.SetBeforeCursor(func(context.Context, *sql.Tx) error {
			batches++
			if batches == 3 {
				return crash
			}
			return nil
		})
		if _, err := jobs.RunPass(ctx); !errors.Is(err, crash) {
			t.Fatalf("pass with a crash in its third batch: %v, want the crash", err)
		}
		mid, err := jobs.Get(ctx, job.ID)
		if err != nil {
			t.Fatal(err)
		}
		if mid.Status != bulkjob.Running || mid.Done != 8 || mid.Total != 18 || mid.LastError == "" {
			t.Fatalf("after the crash the job is %v, %d of %d done, error %q; want running, 8 of 18, the crash recorded", mid.Status, mid.Done, mid.Total, mid.LastError)
		}
		if got := len(pendingIDs(t, e)); got != 8 {
			t.Fatalf("%d registries pending after two batches and a crashed one, want 8", got)
		}
		jobs.SetBeforeCursor(nil)
		if _, err := jobs.RunPass(ctx); err != nil {
			t.Fatal(err)
		}
		end, err := jobs.Get(ctx, job.ID)
		if err != nil {
			t.Fatal(err)
		}
		if end.Status != bulkjob.Finished || end.Done != 18 {
			t.Errorf("resumed job = %v with %d done, want finished with 18", end.Status, end.Done)
		}
		if got := len(pendingIDs(t, e)); got != 18 {
			t.Errorf("%d registries pending at the end, want all 18", got)
		}
	})
}

// TestLostLeaseRollsBackTheBatch takes the job's lease away from the
// runner in the middle of a batch (another runner took it over after it
// expired): the batch must not apply, and the cursor must not move. It
// runs with an ids filter, whose batches are transactions on every
// dialect.
func TestLostLeaseRollsBackTheBatch(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		e, jobs := fixture(t, dialect, 10)
		job, err := jobs.Enqueue(ctx, bulkjob.Spec{Type: e.Config.Descriptor.Name, Action: bulkjob.ResyncAll, IDs: idsUpTo(10)})
		if err != nil {
			t.Fatal(err)
		}
		batches := 0
		jobs.SetBeforeCursor(func(ctx context.Context, tx *sql.Tx) error {
			batches++
			if batches == 2 {
				_, err := tx.ExecContext(ctx, "UPDATE geo_bulk_jobs SET lease_owner = 'another runner' WHERE id = $1", job.ID)
				return err
			}
			return nil
		})
		res, err := jobs.RunPass(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.Batches != 1 || res.Rows != 4 {
			t.Errorf("pass that lost its lease in its second batch committed %d batches, %d rows; want 1 and 4", res.Batches, res.Rows)
		}
		mid, err := jobs.Get(ctx, job.ID)
		if err != nil {
			t.Fatal(err)
		}
		if mid.Done != 4 || len(pendingIDs(t, e)) != 4 {
			t.Errorf("after losing the lease: %d done, %d pending; want the first batch only (4)", mid.Done, len(pendingIDs(t, e)))
		}
	})
}

// TestLeaseTakenBeforeABatch hands the job's lease to another runner
// between two batches of a pass, with and without an ids filter (on
// PostgreSQL a batch without one is a single statement): the second batch
// must change nothing.
func TestLeaseTakenBeforeABatch(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		for _, filtered := range []bool{false, true} {
			ctx := context.Background()
			e, jobs := fixture(t, dialect, 10)
			spec := bulkjob.Spec{Type: e.Config.Descriptor.Name, Action: bulkjob.ResyncAll}
			if filtered {
				spec.IDs = idsUpTo(10)
			}
			job, err := jobs.Enqueue(ctx, spec)
			if err != nil {
				t.Fatal(err)
			}
			batches := 0
			jobs.SetBeforeBatch(func(ctx context.Context) error {
				batches++
				if batches == 2 {
					_, err := e.Tracking.ExecContext(ctx, "UPDATE geo_bulk_jobs SET lease_owner = 'another runner' WHERE id = $1", job.ID)
					return err
				}
				return nil
			})
			res, err := jobs.RunPass(ctx)
			if err != nil {
				t.Fatal(err)
			}
			mid, err := jobs.Get(ctx, job.ID)
			if err != nil {
				t.Fatal(err)
			}
			if res.Rows != 4 || mid.Done != 4 || len(pendingIDs(t, e)) != 4 {
				t.Errorf("ids filter %v: after the lease was taken, %d rows changed, %d done, %d pending; want the first batch only (4)",
					filtered, res.Rows, mid.Done, len(pendingIDs(t, e)))
			}
		}
	})
}

// TestDefaultBatches runs a job in batches of 1,000 rows over 2,500
// registries, with the IDs filter and without.
func TestDefaultBatches(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		e := geotest.NewEnv(t, dialect, readtest.Config(testtypes.CoolWidget()))
		d := e.Config.Descriptor
		if _, err := e.Tracking.ExecContext(ctx, "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 2500) "+
			"INSERT INTO "+d.RegistryTable+" ("+d.ForeignKey+", created_at, state) SELECT n, $1, 2 FROM g", e.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		set, _ := replicable.NewSet(d)
		jobs := bulkjob.New(e.Tracking, set, flags.NewMemory(d.ReplicationFlag), flags.Secondary, e.Clock, bulkjob.Options{PassBudget: time.Hour})
		ids := make([]int64, 0, 1500)
		for id := int64(1000); id < 2500; id++ {
			ids = append(ids, id)
		}
		some, err := jobs.Enqueue(ctx, bulkjob.Spec{Type: d.Name, Action: bulkjob.ReverifyAll, IDs: ids})
		if err != nil {
			t.Fatal(err)
		}
		all, err := jobs.Enqueue(ctx, bulkjob.Spec{Type: d.Name, Action: bulkjob.ResyncAll})
		if err != nil {
			t.Fatal(err)
		}
		res, err := jobs.RunPass(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.Batches != 5 || res.Rows != 4000 {
			t.Errorf("pass = %+v, want 5 batches (2 + 3) and 4,000 rows", res)
		}
		for _, id := range []int64{some.ID, all.ID} {
			j, err := jobs.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if j.Status != bulkjob.Finished || j.Done != j.Total {
				t.Errorf("job %d (%s) = %v with %d of %d done, want finished", id, j.Spec.Action, j.Status, j.Done, j.Total)
			}
		}
	})
}

// TestSameFiltersSameJob: the order and repetition of ids, and which of
// the filters are given, decide whether two requests are the same job.
func TestSameFiltersSameJob(t *testing.T) {
	ctx := context.Background()
	e, jobs := fixture(t, sqldb.SQLite, 0)
	name := e.Config.Descriptor.Name
	failed, synced := state.Failed, state.Synced
	pending := state.VerificationPending
	tests := []struct {
		a, b bulkjob.Spec
		same bool
	}{
		{bulkjob.Spec{IDs: []int64{3, 1, 2}}, bulkjob.Spec{IDs: []int64{1, 2, 3, 3}}, true},
		{bulkjob.Spec{IDs: []int64{1, 2}}, bulkjob.Spec{IDs: []int64{1, 2, 3}}, false},
		{bulkjob.Spec{}, bulkjob.Spec{IDs: []int64{1}}, false},
		{bulkjob.Spec{ReplicationState: &failed}, bulkjob.Spec{ReplicationState: &failed}, true},
		{bulkjob.Spec{ReplicationState: &failed}, bulkjob.Spec{ReplicationState: &synced}, false},
		{bulkjob.Spec{ReplicationState: &failed}, bulkjob.Spec{}, false},
		{bulkjob.Spec{VerificationState: &pending}, bulkjob.Spec{ReplicationState: ptr(state.Pending)}, false},
	}
	for i, tc := range tests {
		for _, s := range []*bulkjob.Spec{&tc.a, &tc.b} {
			s.Type, s.Action = name, bulkjob.ResyncAll
		}
		a, err := jobs.Enqueue(ctx, tc.a)
		if err != nil {
			t.Fatal(err)
		}
		b, err := jobs.Enqueue(ctx, tc.b)
		if err != nil {
			t.Fatal(err)
		}
		if (a.ID == b.ID) != tc.same || b.Joined != tc.same {
			t.Errorf("case %d: %+v then %+v gave jobs %d and %d (joined %v), want the same job: %v", i, tc.a, tc.b, a.ID, b.ID, b.Joined, tc.same)
		}
		// Finish both, so the next case starts from no unfinished job.
		if _, err := e.Tracking.ExecContext(ctx, "UPDATE geo_bulk_jobs SET status = 2, finished_at = $1", e.Clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// idsUpTo returns 1 … n: every registry id of a fixture of n rows.
func idsUpTo(n int64) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = int64(i) + 1
	}
	return ids
}

// TestJobThatKeepsFailingStops: a job whose every pass fails is retried
// by the next passes, and ends Failed, with the error, after
// MaxFailedPasses of them in a row, instead of looping forever.
func TestJobThatKeepsFailingStops(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		e := geotest.NewEnv(t, dialect, readtest.Config(testtypes.CoolWidget()))
		d := e.Config.Descriptor
		set, _ := replicable.NewSet(d)
		jobs := bulkjob.New(e.Tracking, set, flags.NewMemory(d.ReplicationFlag), flags.Secondary, e.Clock,
			bulkjob.Options{PassBudget: time.Hour, MaxFailedPasses: 3})
		job, err := jobs.Enqueue(ctx, bulkjob.Spec{Type: d.Name, Action: bulkjob.ResyncAll})
		if err != nil {
			t.Fatal(err)
		}
		broken := errors.New("disk full")
		jobs.SetBeforeBatch(func(context.Context) error { return broken })
		for pass := 1; pass <= 3; pass++ {
			if _, err := jobs.RunPass(ctx); !errors.Is(err, broken) {
				t.Fatalf("pass %d: %v, want the batch's error", pass, err)
			}
			j, err := jobs.Get(ctx, job.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantFinished := pass == 3
			if j.Unfinished() == wantFinished || j.LastError == "" {
				t.Fatalf("after %d failed passes the job is %v (error %q); want it to end Failed after 3", pass, j.Status, j.LastError)
			}
			if wantFinished && j.Status != bulkjob.Failed {
				t.Errorf("after 3 failed passes the job is %v, want failed", j.Status)
			}
		}
		if res, err := jobs.RunPass(ctx); err != nil || res.Jobs != 0 {
			t.Errorf("a pass after the job failed worked on %d jobs (%v), want none", res.Jobs, err)
		}
	})
}
