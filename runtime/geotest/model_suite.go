package geotest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
	"github.com/geogen/geogen/runtime/verification"
)

// ModelWithSeparateVerificationState is the conformance suite 'a
// replicable model with a separate table for verification state': on the
// primary, backfill gives exactly one pending state row to every model
// record in the type's scope and none to others, a record's state can be
// found after a failure, checksummed and not-checksummed rows are told
// apart, and deleting a record deletes its state row.
func ModelWithSeparateVerificationState(t *testing.T, cfg Config) {
	t.Helper()
	EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		modelWithSeparateVerificationState(t, NewEnv(t, dialect, cfg), newRealTracker)
	})
}

func modelWithSeparateVerificationState(tb testing.TB, e *Env, newTracker newTrackerFunc) {
	tb.Helper()
	ctx := context.Background()
	d := e.Config.Descriptor
	v := newTracker(e, verification.Primary)
	ids := []int64{e.CreateRecord(tb), e.CreateRecord(tb), e.CreateRecord(tb)}

	added, err := v.Backfill(ctx, 1000)
	if err != nil {
		tb.Fatalf("backfill: %v", err)
	}
	inScope := countRows(tb, e.Main, d.ModelTable, d.Scope)
	if added != inScope || countRows(tb, e.Main, d.StateTable, "") != inScope {
		tb.Errorf("backfill added %d state rows (table holds %d), want one per record in scope: %d", added, countRows(tb, e.Main, d.StateTable, ""), inScope)
	}
	if again, err := v.Backfill(ctx, 1000); err != nil || again != 0 {
		tb.Errorf("second backfill added %d rows (%v), want 0", again, err)
	}
	if inScope == 0 {
		tb.Fatalf("none of the fixture's records is in the type's scope (%q): the suite needs createRecord to make replicable records", d.Scope)
	}
	var key int64
	for _, id := range ids {
		if it, err := v.Get(ctx, id); err == nil {
			if it.State != state.VerificationPending || it.Checksum != nil {
				tb.Errorf("backfilled state row %+v, want pending without a checksum", it)
			}
			key = id
		}
	}

	// with_verification_state finds a record after a failure.
	claimed, err := v.ClaimBatch(ctx, 10)
	if err != nil || len(claimed) == 0 {
		tb.Fatalf("claim: %v, %v", claimed, err)
	}
	if err := v.Failed(ctx, key, "Error during verification", nil); err != nil {
		tb.Fatalf("fail: %v", err)
	}
	if it, _ := v.Get(ctx, key); it.State != state.VerificationFailed || it.Failure != "Error during verification" || it.VerifiedAt == nil {
		tb.Errorf("failed verification = %+v, want failed with the message and the attempt time", it)
	}
	if n := countRows(tb, e.Main, d.StateTable, "verification_state = 3"); n != 1 {
		tb.Errorf("%d rows in state failed, want 1", n)
	}

	// checksummed / not_checksummed.
	for _, c := range claimed {
		if c.Key != key {
			if err := v.Succeeded(ctx, c.Key, []byte{1, 2, 3}); err != nil {
				tb.Fatalf("succeed: %v", err)
			}
		}
	}
	checksummed := countRows(tb, e.Main, d.StateTable, "verification_checksum IS NOT NULL")
	if checksummed != int64(len(claimed)-1) || countRows(tb, e.Main, d.StateTable, "verification_checksum IS NULL") != inScope-checksummed {
		tb.Errorf("%d rows checksummed, want %d", checksummed, len(claimed)-1)
	}

	// Deleting the record deletes its state row.
	if _, err := e.Main.ExecContext(ctx, "DELETE FROM "+d.ModelTable+" WHERE "+d.ModelKey+" = $1", key); err != nil {
		tb.Fatalf("delete record: %v", err)
	}
	if n := countRows(tb, e.Main, d.StateTable, d.StateKeyColumn()+" = "+itoa(key)); n != 0 {
		tb.Errorf("state row of a deleted record survived")
	}
}

// VerifiableReplicator is the conformance suite 'a verifiable replicator',
// for what the runtime owns: the primary's verification cycle (claim,
// checksum, reverification once the interval has passed, timeouts) and
// the backoff kept across failures.
func VerifiableReplicator(t *testing.T, cfg Config) {
	t.Helper()
	EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		verifiableReplicator(t, NewEnv(t, dialect, cfg), newRealTracker)
	})
}

func verifiableReplicator(tb testing.TB, e *Env, newTracker newTrackerFunc) {
	tb.Helper()
	ctx := context.Background()
	v := newTracker(e, verification.Primary)
	a, b := e.CreateRecord(tb), e.CreateRecord(tb)
	if _, err := v.Backfill(ctx, 1000); err != nil {
		tb.Fatalf("backfill: %v", err)
	}
	if n, err := v.NeedsVerificationCount(ctx); err != nil || n < 1 {
		tb.Fatalf("needs verification count = %d, %v; the fixture's records must be in scope", n, err)
	}
	claimed, err := v.ClaimBatch(ctx, 10)
	if err != nil {
		tb.Fatalf("claim: %v", err)
	}
	for _, it := range claimed {
		if it.State != state.VerificationStarted {
			tb.Errorf("claimed row %d is %v, want started", it.Key, it.State)
		}
		if err := v.Succeeded(ctx, it.Key, []byte("checksum")); err != nil {
			tb.Fatalf("succeeded: %v", err)
		}
	}

	// Succeeded rows are re-verified once the interval has passed.
	if n, err := v.ReverifyBatch(ctx, 1000); err != nil || n != 0 {
		tb.Errorf("reverified %d fresh rows (%v), want 0", n, err)
	}
	e.Clock.Advance(verification.DefaultReverifyInterval + time.Minute)
	if n, err := v.ReverifyBatch(ctx, 1000); err != nil || n != int64(len(claimed)) {
		tb.Errorf("reverified %d old rows (%v), want %d", n, err, len(claimed))
	}
	for _, id := range []int64{a, b} {
		if it, err := v.Get(ctx, id); err == nil && it.State != state.VerificationPending {
			tb.Errorf("record %d after reverification: %v, want pending", id, it.State)
		}
	}

	// A verification stuck in started fails after the timeout.
	claimed, err = v.ClaimBatch(ctx, 1)
	if err != nil || len(claimed) != 1 {
		tb.Fatalf("claim one: %v, %v", claimed, err)
	}
	e.Clock.Advance(verification.DefaultTimeout + time.Minute)
	if n, err := v.RecoverTimedOut(ctx); err != nil || n != 1 {
		tb.Errorf("recovered %d timed-out verifications (%v), want 1", n, err)
	}
	it, _ := v.Get(ctx, claimed[0].Key)
	if it.State != state.VerificationFailed || it.Failure != "Verification timed out after 8 hours" || it.RetryCount != 1 ||
		it.RetryAt == nil || !it.RetryAt.Equal(e.Clock.Now().Add(state.Delay(1, fixedJitter))) {
		tb.Errorf("timed-out verification = %+v, want failed, \"Verification timed out after 8 hours\", one retry", it)
	}

	// From failed back to pending the backoff is kept, so it keeps growing.
	if err := v.Pending(ctx, it.Key); err != nil {
		tb.Fatalf("pending: %v", err)
	}
	if it, _ := v.Get(ctx, it.Key); it.State != state.VerificationPending || it.RetryCount != 1 || it.Failure != "" {
		tb.Errorf("failed → pending: %+v, want pending with the retry count kept and the failure cleared", it)
	}
}

func countRows(tb testing.TB, db *sqldb.DB, table, where string) int64 {
	tb.Helper()
	q := "SELECT count(*) FROM " + table
	if where != "" {
		q += " WHERE " + where
	}
	var n int64
	if err := db.QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		tb.Fatalf("count %s: %v", table, err)
	}
	return n
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
