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
	"github.com/geogen/geogen/runtime/verification"
)

// VerificationTracker is what the verification suites exercise:
// *verification.Store, on either side.
type VerificationTracker interface {
	Get(ctx context.Context, key int64) (verification.Item, error)
	ClaimBatch(ctx context.Context, limit int) ([]verification.Item, error)
	Succeeded(ctx context.Context, key int64, checksum []byte) error
	Failed(ctx context.Context, key int64, message string, cause error) error
	ChecksumMismatch(ctx context.Context, key int64, primaryChecksum, secondaryChecksum []byte) error
	Pending(ctx context.Context, key int64) error
	Disable(ctx context.Context, key int64) error
	RecoverTimedOut(ctx context.Context) (int64, error)
	ReverifyBatch(ctx context.Context, limit int) (int64, error)
	Backfill(ctx context.Context, limit int) (int64, error)
	NeedsVerificationCount(ctx context.Context) (int64, error)
}

type newTrackerFunc func(e *Env, side verification.Side) VerificationTracker

func newRealTracker(e *Env, side verification.Side) VerificationTracker {
	var s *verification.Store
	if side == verification.Primary {
		s = verification.NewPrimary(e.Main, e.Config.Descriptor, e.Clock)
	} else {
		s = verification.NewSecondary(e.Tracking, e.Config.Descriptor, e.Clock)
	}
	s.Jitter = fixedJitter
	return s
}

// VerifiableRegistry is the conformance suite 'a Geo verifiable registry':
// verification of cfg's type on a secondary. A finished sync makes
// verification pending when the primary has a checksum and disabled when
// it has not; a resync disables it; batches claim only synced rows
// (failed ones only when due) and mark them started; a match succeeds and
// clears the mismatch; a mismatch keeps both checksums; any failure sends
// the registry back to sync failed with "Verification failed with: …".
func VerifiableRegistry(t *testing.T, cfg Config) {
	t.Helper()
	EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		verifiableRegistry(t, NewEnv(t, dialect, cfg), newRealTracker)
	})
}

func verifiableRegistry(tb testing.TB, e *Env, newTracker newTrackerFunc) {
	tb.Helper()
	ctx := context.Background()
	reg := newRealRegistry(e)
	v := newTracker(e, verification.Secondary)
	must := func(err error, what string) {
		tb.Helper()
		if err != nil {
			tb.Fatalf("%s: %v", what, err)
		}
	}
	synced := func(primaryVerified bool) int64 {
		tb.Helper()
		id := e.CreateRecord(tb)
		_, err := reg.Create(ctx, id)
		must(err, "create registry")
		st, err := reg.Start(ctx, id)
		must(err, "start")
		ok, err := reg.Synced(ctx, id, *st.LastSyncedAt, registry.SyncedOptions{PrimaryVerified: primaryVerified})
		if err != nil || !ok {
			tb.Fatalf("synced: %v, %v", ok, err)
		}
		return id
	}
	item := func(id int64) verification.Item {
		tb.Helper()
		it, err := v.Get(ctx, id)
		must(err, "get verification state")
		return it
	}

	ready, notReady := synced(true), synced(false)
	if got := item(ready).State; got != state.VerificationPending {
		tb.Errorf("synced with a primary checksum: verification %v, want pending", got)
	}
	if got := item(notReady).State; got != state.VerificationDisabled {
		tb.Errorf("synced without a primary checksum: verification %v, want disabled", got)
	}

	// A pending (unsynced) registry is never claimed for verification.
	unsynced := e.CreateRecord(tb)
	_, err := reg.Create(ctx, unsynced)
	must(err, "create registry")
	claimed, err := v.ClaimBatch(ctx, 10)
	must(err, "claim verification batch")
	if len(claimed) != 1 || claimed[0].Key != ready || claimed[0].State != state.VerificationStarted || claimed[0].StartedAt == nil || !claimed[0].StartedAt.Equal(e.Clock.Now()) {
		tb.Errorf("verification batch = %+v, want only the synced, pending row %d, started now", claimed, ready)
	}
	if n, err := v.NeedsVerificationCount(ctx); err != nil || n != 0 {
		tb.Errorf("needs verification count after claiming = %d, %v; want 0", n, err)
	}

	// A match succeeds and clears the mismatch fields.
	must(v.Succeeded(ctx, ready, []byte("sum")), "succeeded")
	if it := item(ready); it.State != state.VerificationSucceeded || string(it.Checksum) != "sum" || it.ChecksumMismatch || it.VerifiedAt == nil {
		tb.Errorf("succeeded verification = %+v, want succeeded with the checksum", it)
	}
	if err := v.Succeeded(ctx, ready, []byte("sum")); !errors.Is(err, verification.ErrInvalidTransition) {
		tb.Errorf("succeeding twice: %v, want ErrInvalidTransition (only started rows succeed)", err)
	}

	// A mismatch keeps both checksums, flags it, and fails the sync.
	mismatch := synced(true)
	_, err = v.ClaimBatch(ctx, 10)
	must(err, "claim")
	must(v.ChecksumMismatch(ctx, mismatch, []byte("primary"), []byte("secondary")), "checksum mismatch")
	it := item(mismatch)
	if it.State != state.VerificationFailed || string(it.Checksum) != "secondary" || string(it.MismatchedChecksum) != "primary" || !it.ChecksumMismatch ||
		!strings.HasPrefix(it.Failure, verification.MismatchMessage) || it.RetryCount != 1 {
		tb.Errorf("after a checksum mismatch: %+v; want failed, local checksum, the primary's as mismatched, checksum_mismatch, %q…", it, verification.MismatchMessage)
	}
	rec, err := reg.Get(ctx, mismatch)
	must(err, "get registry")
	if rec.State != state.Failed || rec.RetryCount != 1 || !strings.HasPrefix(rec.LastSyncFailure, "Verification failed with: "+verification.MismatchMessage) {
		tb.Errorf("registry after a checksum mismatch: state %v retries %d failure %q; want sync failed, 1, \"Verification failed with: …\"", rec.State, rec.RetryCount, rec.LastSyncFailure)
	}

	// A verification error fails the sync the same way.
	broken := synced(true)
	_, err = v.ClaimBatch(ctx, 10)
	must(err, "claim")
	must(v.Failed(ctx, broken, "foo", nil), "verification failed")
	if rec, _ := reg.Get(ctx, broken); rec.State != state.Failed || rec.LastSyncFailure != "Verification failed with: foo" || rec.RetryCount != 1 {
		tb.Errorf("registry after a failed verification: state %v failure %q retries %d; want failed, %q, 1", rec.State, rec.LastSyncFailure, rec.RetryCount, "Verification failed with: foo")
	}

	// Failed verifications come back only when due, and only once synced.
	again := synced(true)
	_, err = v.ClaimBatch(ctx, 10)
	must(err, "claim")
	must(v.Failed(ctx, again, "flaky", nil), "fail")
	must(reg.Resync(ctx, again), "resync")
	st, err := reg.Start(ctx, again)
	must(err, "start")
	_, err = reg.Synced(ctx, again, *st.LastSyncedAt, registry.SyncedOptions{PrimaryVerified: true})
	must(err, "synced")
	if it := item(again); it.State != state.VerificationPending || it.RetryCount != 1 {
		tb.Errorf("resynced after a failed verification: %+v; want pending, retry count kept at 1", it)
	}
	must(v.Disable(ctx, again), "disable")
	if it := item(again); it.State != state.VerificationDisabled {
		tb.Errorf("disabled verification = %v", it.State)
	}
	must(v.Pending(ctx, again), "pending")
	_, err = v.ClaimBatch(ctx, 10)
	must(err, "claim")
	must(v.Failed(ctx, again, "flaky", nil), "fail")
	must(markSyncedKeepingVerification(ctx, e, again), "force synced")
	if got, _ := v.ClaimBatch(ctx, 10); len(got) != 0 {
		tb.Errorf("a failed verification was claimed before its retry time: %+v", got)
	}
	e.Clock.Advance(2 * time.Hour)
	if got, _ := v.ClaimBatch(ctx, 10); len(got) != 1 || got[0].Key != again {
		tb.Errorf("due failed verification not claimed: %+v", got)
	}
}

// markSyncedKeepingVerification puts a registry row back to synced
// without touching its verification columns, as if it had been synced
// again and its previous verification failure were due for a retry.
func markSyncedKeepingVerification(ctx context.Context, e *Env, id int64) error {
	d := e.Config.Descriptor
	_, err := e.Tracking.ExecContext(ctx, "UPDATE "+d.RegistryTable+" SET state = 2 WHERE "+d.ForeignKey+" = $1", id)
	return err
}
