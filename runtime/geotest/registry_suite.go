package geotest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// SyncRegistry is what the registry suites exercise: *registry.Store.
type SyncRegistry interface {
	Create(ctx context.Context, modelRecordID int64) (registry.Record, error)
	Get(ctx context.Context, modelRecordID int64) (registry.Record, error)
	Start(ctx context.Context, modelRecordID int64) (registry.Record, error)
	Synced(ctx context.Context, modelRecordID int64, startedAt time.Time, opts registry.SyncedOptions) (bool, error)
	Failed(ctx context.Context, modelRecordID int64, message string, cause error, opts registry.FailOptions) error
	Resync(ctx context.Context, modelRecordID int64) error
	ClaimPending(ctx context.Context, limit int, except []int64) ([]registry.Record, error)
	ClaimNeedsSyncAgain(ctx context.Context, limit int, except []int64) ([]registry.Record, error)
	RecoverTimedOut(ctx context.Context) (int64, error)
}

type newRegistryFunc func(e *Env) SyncRegistry

// fixedJitter makes retry times exact: delay(n) = n⁴ + 15 + 10(n+1) s.
func fixedJitter() int { return 10 }

func newRealRegistry(e *Env) SyncRegistry {
	s := registry.NewStore(e.Tracking, e.Config.Descriptor, e.Clock)
	s.Main = e.Main
	s.Jitter = fixedJitter
	return s
}

// FrameworkRegistry is the conformance suite 'a Geo framework registry':
// the replication state machine of cfg's registry (pending, started,
// synced, failed and their callbacks), failure messages cut to 255
// characters, retry backoff with its 1 h and 4 h caps, the conditional
// move to synced that loses to a concurrent resync, recovery of timed-out
// syncs, and batch claiming of pending and due rows with exclusions. It
// runs on every dialect.
func FrameworkRegistry(t *testing.T, cfg Config) {
	t.Helper()
	EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		frameworkRegistry(t, NewEnv(t, dialect, cfg), newRealRegistry)
	})
}

func frameworkRegistry(tb testing.TB, e *Env, newRegistry newRegistryFunc) {
	tb.Helper()
	ctx := context.Background()
	r := newRegistry(e)
	must := func(err error, what string) {
		tb.Helper()
		if err != nil {
			tb.Fatalf("%s: %v", what, err)
		}
	}
	fresh := func() int64 {
		tb.Helper()
		id := e.CreateRecord(tb)
		_, err := r.Create(ctx, id)
		must(err, "create registry")
		return id
	}
	get := func(id int64) registry.Record {
		tb.Helper()
		rec, err := r.Get(ctx, id)
		must(err, "get registry")
		return rec
	}

	// A new registry is pending with nothing set.
	a := fresh()
	if rec := get(a); rec.State != state.Pending || rec.RetryCount != 0 || rec.RetryAt != nil || rec.LastSyncedAt != nil || !rec.CreatedAt.Equal(e.Clock.Now()) {
		tb.Errorf("new registry = %+v, want pending, no retries, created now", rec)
	}
	if again, err := r.Create(ctx, a); err != nil || again.ModelRecordID != a {
		tb.Errorf("creating a registry twice: %+v, %v; want the existing row", again, err)
	}

	// Start stamps last_synced_at; a started row cannot start again.
	started, err := r.Start(ctx, a)
	must(err, "start")
	if started.State != state.Started || started.LastSyncedAt == nil || !started.LastSyncedAt.Equal(e.Clock.Now()) {
		tb.Errorf("started registry = %+v, want started with last_synced_at now", started)
	}
	if _, err := r.Start(ctx, a); !errors.Is(err, registry.ErrInvalidTransition) {
		tb.Errorf("starting a started registry: %v, want ErrInvalidTransition", err)
	}

	// failed! records the message and the cause, and backs off.
	must(r.Failed(ctx, a, "Foo", errors.New("bar"), registry.FailOptions{}), "fail")
	rec := get(a)
	wantRetry := e.Clock.Now().Add(state.Delay(1, fixedJitter))
	if rec.State != state.Failed || rec.LastSyncFailure != "Foo: bar" || rec.RetryCount != 1 || rec.RetryAt == nil || !rec.RetryAt.Equal(wantRetry) {
		tb.Errorf("failed registry = state %v failure %q retries %d retry_at %v; want failed, %q, 1, %v",
			rec.State, rec.LastSyncFailure, rec.RetryCount, rec.RetryAt, "Foo: bar", wantRetry)
	}
	// ... from any state, counting up.
	must(r.Failed(ctx, a, "again", nil, registry.FailOptions{}), "fail from failed")
	if rec := get(a); rec.RetryCount != 2 || rec.LastSyncFailure != "again" {
		tb.Errorf("failing a failed registry: retries %d failure %q, want 2 and %q", rec.RetryCount, rec.LastSyncFailure, "again")
	}
	// Long messages are cut to 255 characters: 252 and "...".
	must(r.Failed(ctx, a, strings.Repeat("x", 300), nil, registry.FailOptions{}), "fail with a long message")
	if got := get(a).LastSyncFailure; len(got) != 255 || !strings.HasSuffix(got, "...") || got[:252] != strings.Repeat("x", 252) {
		tb.Errorf("long failure message kept as %d characters (%q…), want 252 + \"...\"", len(got), got[:min(len(got), 20)])
	}

	// Backoff caps: an hour, or four when the data is missing on the primary.
	for _, tc := range []struct {
		missing bool
		cap     time.Duration
	}{{false, state.DefaultMaxRetryWait}, {true, state.MissingOnPrimaryMaxRetryWait}} {
		id := fresh()
		setRetryCount(tb, e, id, 999)
		must(r.Failed(ctx, id, "gone", nil, registry.FailOptions{MissingOnPrimary: tc.missing}), "fail with many retries")
		rec := get(id)
		want := e.Clock.Now().Add(tc.cap + state.Delay(1, fixedJitter))
		if rec.RetryAt == nil || !rec.RetryAt.Equal(want) || rec.MissingOnPrimary != tc.missing {
			tb.Errorf("missing_on_primary=%v after 1000 failures: retry_at %v missing %v, want %v (the %v cap)", tc.missing, rec.RetryAt, rec.MissingOnPrimary, want, tc.cap)
		}
	}

	// synced! resets the retry fields.
	b := fresh()
	st, err := r.Start(ctx, b)
	must(err, "start")
	must(r.Failed(ctx, b, "flaky", nil, registry.FailOptions{}), "fail")
	st, err = r.Start(ctx, b)
	must(err, "restart")
	ok, err := r.Synced(ctx, b, *st.LastSyncedAt, registry.SyncedOptions{PrimaryVerified: true})
	must(err, "synced")
	if rec := get(b); !ok || rec.State != state.Synced || rec.RetryCount != 0 || rec.RetryAt != nil || rec.LastSyncFailure != "" {
		tb.Errorf("synced registry (ok=%v) = %+v, want synced with retry fields reset", ok, rec)
	}

	// A resync during the sync wins: the row stays pending, fields reset.
	c := fresh()
	st, err = r.Start(ctx, c)
	must(err, "start")
	must(r.Resync(ctx, c), "resync mid-sync")
	ok, err = r.Synced(ctx, c, *st.LastSyncedAt, registry.SyncedOptions{})
	must(err, "synced after resync")
	if rec := get(c); ok || rec.State != state.Pending || rec.RetryCount != 0 {
		tb.Errorf("synced after a concurrent resync: ok=%v state %v, want false and still pending", ok, rec.State)
	}

	// Resync from failed clears the retry fields.
	must(r.Failed(ctx, c, "x", nil, registry.FailOptions{}), "fail")
	must(r.Resync(ctx, c), "resync")
	if rec := get(c); rec.State != state.Pending || rec.RetryCount != 0 || rec.RetryAt != nil || rec.VerificationState != state.VerificationDisabled {
		tb.Errorf("resynced registry = %+v, want pending, retries cleared, verification disabled", rec)
	}

	// Batch claims start from empty databases.
	claimChecks(tb, NewEnv(tb, e.Dialect, e.Config), newRegistry)
}

func claimChecks(tb testing.TB, e *Env, newRegistry newRegistryFunc) {
	tb.Helper()
	ctx := context.Background()
	r := newRegistry(e)
	fresh := func() int64 {
		tb.Helper()
		id := e.CreateRecord(tb)
		if _, err := r.Create(ctx, id); err != nil {
			tb.Fatalf("create registry: %v", err)
		}
		return id
	}
	get := func(id int64) registry.Record {
		tb.Helper()
		rec, err := r.Get(ctx, id)
		if err != nil {
			tb.Fatalf("get registry: %v", err)
		}
		return rec
	}
	p1, p2, p3 := fresh(), fresh(), fresh()
	got, err := r.ClaimPending(ctx, 10, []int64{p2})
	if err != nil {
		tb.Fatalf("claim pending: %v", err)
	}
	if ids := modelIDs(got); !sameIDs(ids, []int64{p1, p3}) {
		tb.Errorf("claim pending except %d = %v, want %v", p2, ids, []int64{p1, p3})
	}
	for _, rec := range got {
		if rec.State != state.Started || rec.LastSyncedAt == nil {
			tb.Errorf("claimed row %d = state %v last_synced_at %v, want started now", rec.ModelRecordID, rec.State, rec.LastSyncedAt)
		}
	}
	if again, _ := r.ClaimPending(ctx, 10, []int64{p2}); len(again) != 0 {
		tb.Errorf("claimed rows were handed out again: %v", modelIDs(again))
	}

	// needs_sync_again: failed rows whose retry time has come, earliest first.
	for _, id := range []int64{p1, p3} {
		if err := r.Failed(ctx, id, "x", nil, registry.FailOptions{}); err != nil {
			tb.Fatalf("fail: %v", err)
		}
		e.Clock.Advance(time.Second)
	}
	if due, _ := r.ClaimNeedsSyncAgain(ctx, 10, nil); len(due) != 0 {
		tb.Errorf("rows not yet due were claimed: %v", modelIDs(due))
	}
	e.Clock.Advance(time.Hour)
	due, err := r.ClaimNeedsSyncAgain(ctx, 1, nil)
	if err != nil {
		tb.Fatalf("claim needs sync again: %v", err)
	}
	if ids := modelIDs(due); !sameIDs(ids, []int64{p1}) {
		tb.Errorf("claim needs sync again (limit 1) = %v, want the earliest retry %d", ids, p1)
	}
	if due, _ := r.ClaimNeedsSyncAgain(ctx, 10, []int64{p3}); len(due) != 0 {
		tb.Errorf("an excluded row was claimed: %v", modelIDs(due))
	}

	// sync_timed_out: started rows older than the sync timeout fail.
	timeout := e.Config.Descriptor.EffectiveSyncTimeout()
	e.Clock.Advance(timeout - time.Minute)
	fresh2 := fresh()
	if _, err := r.Start(ctx, fresh2); err != nil {
		tb.Fatalf("start: %v", err)
	}
	e.Clock.Advance(2 * time.Minute)
	n, err := r.RecoverTimedOut(ctx)
	if err != nil {
		tb.Fatalf("recover timed out: %v", err)
	}
	if n != 1 {
		tb.Errorf("recovered %d timed-out syncs, want 1 (p1, started %v ago)", n, timeout+time.Minute)
	}
	if rec := get(p1); rec.State != state.Failed || rec.RetryCount != 1 || !strings.HasPrefix(rec.LastSyncFailure, "Sync timed out after") {
		tb.Errorf("timed-out registry = state %v retries %d failure %q, want failed, 1, \"Sync timed out after …\"", rec.State, rec.RetryCount, rec.LastSyncFailure)
	}
	if rec := get(fresh2); rec.State != state.Started {
		tb.Errorf("a sync started a minute ago was recovered: state %v", rec.State)
	}
}

func setRetryCount(tb testing.TB, e *Env, modelRecordID int64, n int) {
	tb.Helper()
	d := e.Config.Descriptor
	if _, err := e.Tracking.ExecContext(context.Background(), "UPDATE "+d.RegistryTable+" SET retry_count = $1 WHERE "+d.ForeignKey+" = $2", n, modelRecordID); err != nil {
		tb.Fatalf("set retry_count: %v", err)
	}
}

func modelIDs(recs []registry.Record) []int64 {
	out := make([]int64, len(recs))
	for i, r := range recs {
		out[i] = r.ModelRecordID
	}
	return out
}

func sameIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[int64]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		seen[x]--
	}
	for _, v := range seen {
		if v != 0 {
			return false
		}
	}
	return true
}
