package geotest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// BulkJobRunner is what the bulk job suite exercises: *bulkjob.Jobs.
type BulkJobRunner interface {
	Enqueue(ctx context.Context, s bulkjob.Spec) (bulkjob.Job, error)
	Get(ctx context.Context, id int64) (bulkjob.Job, error)
	List(ctx context.Context) ([]bulkjob.Job, error)
	RunPass(ctx context.Context) (bulkjob.PassResult, error)
}

type newBulkJobsFunc func(e *Env, src flags.Source, role flags.Role, opts bulkjob.Options) BulkJobRunner

func newRealBulkJobs(e *Env, src flags.Source, role flags.Role, opts bulkjob.Options) BulkJobRunner {
	set, err := replicable.NewSet(e.Config.Descriptor)
	if err != nil {
		panic(err) // NewEnv validated the descriptor
	}
	db := e.Tracking
	if role == flags.Primary {
		db = e.Main
	}
	return bulkjob.New(db, set, src, role, e.Clock, opts)
}

// BulkJobs is the conformance suite of bulk actions on cfg's type: resync
// all (or all failed, or given ids) and reverify all on a secondary,
// checksum all again on the primary, in batches of a few rows. Each row
// that matches is changed exactly once and no other row is; a repeated
// request joins the unfinished job; a job whose runner stops or dies
// holding it resumes at its cursor once the lease expires; two runners
// racing for the same jobs change every row once; verification actions
// are refused while the type's verification is disabled (and a job stops
// when it is disabled later); finished jobs are pruned after their
// retention. It runs on every dialect.
func BulkJobs(t *testing.T, cfg Config) {
	t.Helper()
	EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		bulkJobs(t, NewEnv(t, dialect, cfg), newRealBulkJobs)
	})
}

// bulkOptions make jobs take many small batches, a few per pass (counted,
// so that a slow machine does not change what a pass does).
var bulkOptions = bulkjob.Options{BatchSize: 3, MaxBatchesPerPass: 2, PassBudget: time.Hour, Lease: time.Minute, Retention: time.Hour}

func bulkJobs(tb testing.TB, e *Env, newJobs newBulkJobsFunc) {
	tb.Helper()
	ctx := context.Background()
	d := e.Config.Descriptor
	on := flags.NewMemory(d.ReplicationFlag)
	secondary := newJobs(e, on, flags.Secondary, bulkOptions)
	must := func(err error, what string) {
		tb.Helper()
		if err != nil {
			tb.Fatalf("%s: %v", what, err)
		}
	}
	failed := state.Failed
	at := e.Clock.Now().Add(-time.Minute)

	// Registries in every sync state, failed ones spread among the others.
	var all, failedIDs, syncedIDs []int64
	for i := range 17 {
		st := []state.Replication{state.Failed, state.Synced, state.Pending, state.Failed, state.Synced, state.Started}[i%6]
		rec := InsertRegistry(tb, e, registry.Record{State: st, LastSyncedAt: &at, RetryCount: 2, VerificationState: state.VerificationSucceeded})
		all = append(all, rec.ID)
		switch st {
		case state.Failed:
			failedIDs = append(failedIDs, rec.ID)
		case state.Synced:
			syncedIDs = append(syncedIDs, rec.ID)
		}
	}
	snapshot := func() map[int64]registry.Record {
		tb.Helper()
		out := map[int64]registry.Record{}
		rows, err := e.Tracking.QueryContext(ctx, "SELECT "+registry.Columns(d)+" FROM "+d.RegistryTable)
		must(err, "read registries")
		defer rows.Close()
		for rows.Next() {
			r, err := registry.Scan(rows)
			must(err, "scan registry")
			out[r.ID] = r
		}
		return out
	}

	// Resync all failed: a repeated request joins the job; the failed rows,
	// and only they, go to pending, each counted once.
	before := snapshot()
	job, err := secondary.Enqueue(ctx, bulkjob.Spec{Type: d.Name, Action: bulkjob.ResyncAll, ReplicationState: &failed})
	must(err, "enqueue resync all failed")
	if job.Status != bulkjob.Queued || job.Joined || job.Spec.Type != d.Name {
		tb.Errorf("new job = %+v, want queued and not joined", job)
	}
	again, err := secondary.Enqueue(ctx, bulkjob.Spec{Type: d.Name, Action: bulkjob.ResyncAll, ReplicationState: &failed})
	must(err, "enqueue the same job again")
	if again.ID != job.ID || !again.Joined {
		tb.Errorf("the same request while the job is unfinished made job %d (joined %v), want job %d joined", again.ID, again.Joined, job.ID)
	}
	other, err := secondary.Enqueue(ctx, bulkjob.Spec{Type: d.Name, Action: bulkjob.ResyncAll, IDs: []int64{syncedIDs[0], syncedIDs[1], 1 << 40}})
	must(err, "enqueue resync of ids")
	if other.ID == job.ID || other.Joined {
		tb.Errorf("a request with other filters joined job %d", job.ID)
	}
	jobs, err := secondary.List(ctx)
	must(err, "list")
	if len(jobs) != 2 || jobs[0].ID != job.ID || jobs[1].ID != other.ID {
		tb.Errorf("List = %d jobs, want the two unfinished ones, oldest first", len(jobs))
	}
	done := runBulkJobs(tb, secondary, job.ID, other.ID)
	after := snapshot()
	for _, id := range all {
		b, a := before[id], after[id]
		wantResync := b.State == state.Failed || id == syncedIDs[0] || id == syncedIDs[1]
		switch {
		case wantResync && (a.State != state.Pending || a.RetryCount != 0 || a.VerificationState != state.VerificationDisabled):
			tb.Errorf("registry %d (%v) after the resync jobs: %v, retries %d, verification %v; want pending, 0, disabled", id, b.State, a.State, a.RetryCount, a.VerificationState)
		case !wantResync && (a.State != b.State || a.RetryCount != b.RetryCount):
			tb.Errorf("registry %d (%v) was changed by a job that did not select it: now %v", id, b.State, a.State)
		}
	}
	if j := done[job.ID]; j.Status != bulkjob.Finished || j.Total != int64(len(failedIDs)) || j.Done != int64(len(failedIDs)) ||
		j.StartedAt == nil || j.FinishedAt == nil || j.LastError != "" {
		tb.Errorf("resync all failed ended as %+v, want finished with total = done = %d", j, len(failedIDs))
	}
	if j := done[other.ID]; j.Status != bulkjob.Finished || j.Total != 2 || j.Done != 2 {
		tb.Errorf("resync of 3 ids (one missing) ended as %+v, want finished with total = done = 2", j)
	}
	fresh, err := secondary.Enqueue(ctx, bulkjob.Spec{Type: d.Name, Action: bulkjob.ResyncAll, ReplicationState: &failed})
	must(err, "enqueue after the job finished")
	if fresh.ID == job.ID || fresh.Joined {
		tb.Errorf("a request after the job finished joined it instead of queueing a new one")
	}
	runBulkJobs(tb, secondary, fresh.ID)

	// Reverify all synced registries.
	rv, err := secondary.Enqueue(ctx, bulkjob.Spec{Type: d.Name, Action: bulkjob.ReverifyAll})
	must(err, "enqueue reverify all")
	before = snapshot()
	done = runBulkJobs(tb, secondary, rv.ID)
	after = snapshot()
	var nSynced int64
	for id, b := range before {
		a := after[id]
		if b.State == state.Synced {
			nSynced++
			if a.VerificationState != state.VerificationPending {
				tb.Errorf("synced registry %d after reverify all: verification %v, want pending", id, a.VerificationState)
			}
		} else if a.VerificationState != b.VerificationState {
			tb.Errorf("%v registry %d: reverify all changed its verification to %v; only synced registries are verified", b.State, id, a.VerificationState)
		}
	}
	if j := done[rv.ID]; j.Done != nSynced || j.Total != nSynced {
		tb.Errorf("reverify all: total %d done %d, want %d", j.Total, j.Done, nSynced)
	}

	bulkJobResume(tb, e, newJobs, on)
	bulkJobRace(tb, e, newJobs, on)
	bulkJobFlags(tb, e, newJobs)
	bulkJobPrimary(tb, e, newJobs)

	// Finished jobs are kept for the retention, then pruned.
	e.Clock.Advance(bulkOptions.Retention + time.Second)
	_, err = secondary.RunPass(ctx)
	must(err, "pass after the retention")
	if _, err := secondary.Get(ctx, job.ID); !errors.Is(err, bulkjob.ErrNotFound) {
		tb.Errorf("a job finished longer ago than the retention: Get = %v, want ErrNotFound", err)
	}
	if jobs, err := secondary.List(ctx); err != nil || len(jobs) != 0 {
		tb.Errorf("List after pruning = %d jobs (%v), want none", len(jobs), err)
	}
}

// bulkJobResume stops a job between passes, and lets a runner die holding
// it: the next runner waits for the lease to expire and resumes at the
// cursor, and every row is changed once.
func bulkJobResume(tb testing.TB, e *Env, newJobs newBulkJobsFunc, src flags.Source) {
	tb.Helper()
	ctx := context.Background()
	d := e.Config.Descriptor
	first := newJobs(e, src, flags.Secondary, bulkOptions)
	job, err := first.Enqueue(ctx, bulkjob.Spec{Type: d.Name, Action: bulkjob.ResyncAll})
	if err != nil {
		tb.Fatalf("enqueue resync all: %v", err)
	}
	if _, err := first.RunPass(ctx); err != nil {
		tb.Fatalf("first pass: %v", err)
	}
	mid, err := first.Get(ctx, job.ID)
	if err != nil {
		tb.Fatal(err)
	}
	wantDone := int64(bulkOptions.BatchSize * bulkOptions.MaxBatchesPerPass)
	if mid.Status != bulkjob.Running || mid.Done != wantDone || mid.Total <= wantDone {
		tb.Fatalf("after one pass the job is %v with %d of %d rows done, want running with %d done", mid.Status, mid.Done, mid.Total, wantDone)
	}
	// A runner takes the job and dies without letting go.
	if _, err := e.Tracking.ExecContext(ctx, "UPDATE geo_bulk_jobs SET lease_owner = 'dead runner', lease_expires_at = $1 WHERE id = $2",
		e.Clock.Now().Add(bulkOptions.Lease), job.ID); err != nil {
		tb.Fatal(err)
	}
	second := newJobs(e, src, flags.Secondary, bulkOptions)
	res, err := second.RunPass(ctx)
	if err != nil || res.Jobs != 0 || res.Rows != 0 {
		tb.Errorf("a pass while a live lease holds the job worked on %d jobs (%d rows, %v), want none", res.Jobs, res.Rows, err)
	}
	e.Clock.Advance(bulkOptions.Lease + time.Second)
	done := runBulkJobs(tb, second, job.ID)
	if j := done[job.ID]; j.Status != bulkjob.Finished || j.Done != j.Total || j.Total == 0 {
		tb.Errorf("resumed job ended %v with %d of %d rows done, want finished with every row done once", j.Status, j.Done, j.Total)
	}
}

// bulkJobRace runs two runners at once on the same jobs: every row is
// changed once.
func bulkJobRace(tb testing.TB, e *Env, newJobs newBulkJobsFunc, src flags.Source) {
	tb.Helper()
	ctx := context.Background()
	d := e.Config.Descriptor
	a := newJobs(e, src, flags.Secondary, bulkOptions)
	b := newJobs(e, src, flags.Secondary, bulkOptions)
	job, err := a.Enqueue(ctx, bulkjob.Spec{Type: d.Name, Action: bulkjob.ResyncAll})
	if err != nil {
		tb.Fatalf("enqueue: %v", err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for _, r := range []BulkJobRunner{a, b} {
		wg.Go(func() {
			for range 1000 {
				if _, err := r.RunPass(ctx); err != nil {
					errs <- err
					return
				}
				j, err := r.Get(ctx, job.ID)
				if err != nil {
					errs <- err
					return
				}
				if !j.Unfinished() {
					return
				}
			}
			errs <- errors.New("the job did not finish in 1000 passes")
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Errorf("racing runner: %v", err)
	}
	j, err := a.Get(ctx, job.ID)
	if err != nil {
		tb.Fatal(err)
	}
	if j.Status != bulkjob.Finished || j.Done != j.Total || j.Total == 0 {
		tb.Errorf("raced job ended %v with %d of %d rows done, want finished with every row done once", j.Status, j.Done, j.Total)
	}
}

// bulkJobFlags refuses verification actions while verification is
// disabled, and stops a job when it is disabled after the job was queued.
func bulkJobFlags(tb testing.TB, e *Env, newJobs newBulkJobsFunc) {
	tb.Helper()
	ctx := context.Background()
	d := e.Config.Descriptor
	off := flags.NewMemory()
	sec := newJobs(e, off, flags.Secondary, bulkOptions)
	if _, err := sec.Enqueue(ctx, bulkjob.Spec{Type: d.Name, Action: bulkjob.ReverifyAll}); !errors.Is(err, bulkjob.ErrVerificationDisabled) {
		tb.Errorf("reverify all with replication off: %v, want ErrVerificationDisabled", err)
	}
	prim := newJobs(e, off, flags.Primary, bulkOptions)
	if _, err := prim.Enqueue(ctx, bulkjob.Spec{Type: d.Name, Action: bulkjob.RecomputeChecksums}); !errors.Is(err, bulkjob.ErrVerificationDisabled) {
		tb.Errorf("checksum all with both flags off: %v, want ErrVerificationDisabled", err)
	}
	onlyVerification := flags.NewMemory(d.VerificationFlag)
	prim = newJobs(e, onlyVerification, flags.Primary, bulkOptions)
	job, err := prim.Enqueue(ctx, bulkjob.Spec{Type: d.Name, Action: bulkjob.RecomputeChecksums})
	if err != nil {
		tb.Errorf("checksum all with the verification flag on: %v", err)
	}
	// Disabled after it was queued: the job stops, failed, with the reason.
	onlyVerification.Set(d.VerificationFlag, false)
	if _, err := prim.RunPass(ctx); !errors.Is(err, bulkjob.ErrVerificationDisabled) {
		tb.Errorf("pass of a job whose verification was disabled: %v, want ErrVerificationDisabled", err)
	}
	if j, err := prim.Get(ctx, job.ID); err != nil || j.Status != bulkjob.Failed || j.LastError == "" || j.FinishedAt == nil {
		tb.Errorf("job whose verification was disabled = %+v (%v), want failed with the reason", j, err)
	}

	for _, tc := range []struct {
		name string
		jobs BulkJobRunner
		spec bulkjob.Spec
		want error
	}{
		{"unknown type", sec, bulkjob.Spec{Type: "no_such_type", Action: bulkjob.ResyncAll}, bulkjob.ErrUnknownType},
		{"resync on a primary", prim, bulkjob.Spec{Type: d.Name, Action: bulkjob.ResyncAll}, bulkjob.ErrWrongRole},
		{"checksums on a secondary", sec, bulkjob.Spec{Type: d.Name, Action: bulkjob.RecomputeChecksums}, bulkjob.ErrWrongRole},
		{"unknown action", sec, bulkjob.Spec{Type: d.Name, Action: "delete_all"}, bulkjob.ErrInvalidSpec},
		{"replication filter on a primary", prim, bulkjob.Spec{Type: d.Name, Action: bulkjob.RecomputeChecksums, ReplicationState: ptr(state.Failed)}, bulkjob.ErrInvalidSpec},
		{"invalid state", sec, bulkjob.Spec{Type: d.Name, Action: bulkjob.ResyncAll, ReplicationState: ptr(state.Replication(9))}, bulkjob.ErrInvalidSpec},
		{"negative id", sec, bulkjob.Spec{Type: d.Name, Action: bulkjob.ResyncAll, IDs: []int64{3, -1}}, bulkjob.ErrInvalidSpec},
	} {
		if _, err := tc.jobs.Enqueue(ctx, tc.spec); !errors.Is(err, tc.want) {
			tb.Errorf("enqueue with %s: %v, want %v", tc.name, err, tc.want)
		}
	}
}

// bulkJobPrimary checksums again all records, then the failed ones, on
// the primary.
func bulkJobPrimary(tb testing.TB, e *Env, newJobs newBulkJobsFunc) {
	tb.Helper()
	ctx := context.Background()
	d := e.Config.Descriptor
	prim := newJobs(e, flags.NewMemory(d.ReplicationFlag), flags.Primary, bulkOptions)
	states := []state.Verification{state.VerificationSucceeded, state.VerificationFailed, state.VerificationSucceeded, state.VerificationDisabled}
	want := map[int64]state.Verification{}
	for i := range 8 {
		id := e.CreateRecord(tb)
		insertStateRow(tb, e, id)
		setPrimaryVerification(tb, e, id, states[i%len(states)])
		want[id] = states[i%len(states)]
	}
	failed := state.VerificationFailed
	job, err := prim.Enqueue(ctx, bulkjob.Spec{Type: d.Name, Action: bulkjob.RecomputeChecksums, VerificationState: &failed})
	if err != nil {
		tb.Fatalf("enqueue checksum all failed: %v", err)
	}
	runBulkJobs(tb, prim, job.ID)
	for id, before := range want {
		var got int16
		q := "SELECT verification_state FROM " + d.StateTable + " WHERE " + d.StateKeyColumn() + " = $1"
		if err := e.Main.QueryRowContext(ctx, q, id).Scan(&got); err != nil {
			tb.Fatal(err)
		}
		wantNow := before
		if before == state.VerificationFailed {
			wantNow = state.VerificationPending
		}
		if state.Verification(got) != wantNow {
			tb.Errorf("record %d (%v) after checksum all failed: %v, want %v", id, before, state.Verification(got), wantNow)
		}
	}
	all, err := prim.Enqueue(ctx, bulkjob.Spec{Type: d.Name, Action: bulkjob.RecomputeChecksums})
	if err != nil {
		tb.Fatalf("enqueue checksum all: %v", err)
	}
	done := runBulkJobs(tb, prim, all.ID)
	var pending int64
	if err := e.Main.QueryRowContext(ctx, "SELECT count(*) FROM "+d.StateTable+" WHERE verification_state = 0").Scan(&pending); err != nil {
		tb.Fatal(err)
	}
	if j := done[all.ID]; j.Status != bulkjob.Finished || j.Done != j.Total || pending != j.Total || j.Total < int64(len(want)) {
		tb.Errorf("checksum all: %v with %d of %d done and %d pending rows, want every state row pending", j.Status, j.Done, j.Total, pending)
	}
}

// runBulkJobs runs passes until the jobs finish, and returns them.
func runBulkJobs(tb testing.TB, r BulkJobRunner, ids ...int64) map[int64]bulkjob.Job {
	tb.Helper()
	ctx := context.Background()
	out := map[int64]bulkjob.Job{}
	for range 1000 {
		if _, err := r.RunPass(ctx); err != nil {
			tb.Fatalf("bulk job pass: %v", err)
		}
		unfinished := false
		for _, id := range ids {
			j, err := r.Get(ctx, id)
			if err != nil {
				tb.Fatalf("get bulk job %d: %v", id, err)
			}
			out[id] = j
			unfinished = unfinished || j.Unfinished()
		}
		if !unfinished {
			return out
		}
	}
	tb.Fatalf("bulk jobs %v did not finish in 1000 passes", ids)
	return nil
}

func ptr[T any](v T) *T { return &v }
