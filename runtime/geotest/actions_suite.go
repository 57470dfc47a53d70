package geotest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
	"github.com/geogen/geogen/runtime/verification"
)

// ActionRegistry is what the single-record action suite exercises on a
// secondary: *registry.Store.
type ActionRegistry interface {
	SyncRegistry
	GetByID(ctx context.Context, id int64) (registry.Record, error)
	ResyncByID(ctx context.Context, registryID int64) (registry.Record, error)
	ReverifyByID(ctx context.Context, registryID int64) (registry.Record, error)
}

type newActionRegistryFunc func(e *Env) ActionRegistry

func newRealActionRegistry(e *Env) ActionRegistry { return newRealRegistry(e).(*registry.Store) }

// RegistryActions is the conformance suite of an administrator's actions
// on one record of cfg's type: on a secondary, resync (back to pending
// from any state; a running sync is left alone, stays claimed, and ends
// in pending, whether it succeeds or fails, so a new sync follows it) and
// reverify (a synced registry's verification becomes pending; others are
// refused); on the primary, checksum again (the state row's verification
// becomes pending). It runs on every dialect.
func RegistryActions(t *testing.T, cfg Config) {
	t.Helper()
	EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		registryActions(t, NewEnv(t, dialect, cfg), newRealActionRegistry)
	})
}

func registryActions(tb testing.TB, e *Env, newRegistry newActionRegistryFunc) {
	tb.Helper()
	ctx := context.Background()
	r := newRegistry(e)
	must := func(err error, what string) {
		tb.Helper()
		if err != nil {
			tb.Fatalf("%s: %v", what, err)
		}
	}
	insert := func(rec registry.Record) registry.Record {
		tb.Helper()
		return InsertRegistry(tb, e, rec)
	}
	at := e.Clock.Now().Add(-time.Minute)
	retryAt := e.Clock.Now().Add(time.Hour)

	// Resync from every state but started: pending at once, retries
	// cleared, verification disabled until the next sync.
	for _, from := range []state.Replication{state.Pending, state.Synced, state.Failed} {
		rec := insert(registry.Record{State: from, LastSyncedAt: &at, RetryAt: &retryAt, RetryCount: 3,
			VerificationState: state.VerificationSucceeded, LastSyncFailure: "old"})
		got, err := r.ResyncByID(ctx, rec.ID)
		must(err, "resync "+from.String())
		if got.ID != rec.ID || got.State != state.Pending || got.RetryCount != 0 || got.RetryAt != nil ||
			got.VerificationState != state.VerificationDisabled || got.ForceToRedownload {
			tb.Errorf("resync from %v returned %+v, want the row pending, retries cleared, verification disabled", from, got)
		}
		if stored, err := r.GetByID(ctx, rec.ID); err != nil || stored.State != state.Pending {
			tb.Errorf("resync from %v: stored state %v (%v), want pending", from, stored.State, err)
		}
	}
	if _, err := r.ResyncByID(ctx, 1<<40); !errors.Is(err, registry.ErrNotFound) {
		tb.Errorf("resync of a missing registry: %v, want ErrNotFound", err)
	}

	// A running sync is not disturbed: the row stays started (no second
	// worker claims it), and its end lands in pending, so a new sync
	// follows; a successful end does not count as synced.
	for _, end := range []string{"succeeds", "fails"} {
		id := e.CreateRecord(tb)
		_, err := r.Create(ctx, id)
		must(err, "create registry")
		st, err := r.Start(ctx, id)
		must(err, "start")
		got, err := r.ResyncByID(ctx, st.ID)
		must(err, "resync during the sync")
		if got.State != state.Started || !got.LastSyncedAt.Equal(*st.LastSyncedAt) {
			tb.Errorf("resync during a sync that %s: row %v started at %v, want still started at %v", end, got.State, got.LastSyncedAt, st.LastSyncedAt)
		}
		if (got.RetryAt == nil) != (st.RetryAt == nil) || got.RetryAt != nil && !got.RetryAt.Equal(*st.RetryAt) {
			tb.Errorf("resync during a sync that %s: the sync's lease (retry_at) became %v, want it kept (%v)", end, got.RetryAt, st.RetryAt)
		}
		claimed, err := r.ClaimPending(ctx, 100, nil)
		must(err, "claim pending")
		for _, c := range claimed {
			if c.ID == st.ID {
				tb.Errorf("resync during a sync that %s: a second worker claimed the row while its sync ran", end)
			}
		}
		if end == "succeeds" {
			ok, err := r.Synced(ctx, id, *st.LastSyncedAt, registry.SyncedOptions{PrimaryVerified: true})
			must(err, "synced")
			if ok {
				tb.Errorf("resync during a sync that succeeds: Synced reported the row synced")
			}
		} else {
			must(r.Failed(ctx, id, "download broke", nil, registry.FailOptions{}), "failed")
		}
		after, err := r.Get(ctx, id)
		must(err, "get")
		if after.State != state.Pending || after.ForceToRedownload || after.RetryCount != 0 || after.RetryAt != nil {
			tb.Errorf("resync during a sync that %s: after the sync the row is %v (force %v, retries %d, retry_at %v), want pending so the requested sync follows",
				end, after.State, after.ForceToRedownload, after.RetryCount, after.RetryAt)
		}
		// The new sync is an ordinary one.
		again, err := r.ClaimPending(ctx, 1000, nil)
		must(err, "claim the requested sync")
		var next *registry.Record
		for i := range again {
			if again[i].ModelRecordID == id {
				next = &again[i]
			}
		}
		if next == nil {
			tb.Fatalf("resync during a sync that %s: the requested sync was not claimable", end)
		}
		ok, err := r.Synced(ctx, id, *next.LastSyncedAt, registry.SyncedOptions{})
		if err != nil || !ok {
			tb.Errorf("resync during a sync that %s: the following sync did not record synced (%v, %v)", end, ok, err)
		}
	}

	// Reverify: a synced registry's verification becomes pending, with
	// the retry fields and the mismatch of a succeeded one cleared.
	sum := []byte("local")
	synced := insert(registry.Record{State: state.Synced, LastSyncedAt: &at, VerificationState: state.VerificationSucceeded,
		VerifiedAt: &at, VerificationChecksum: sum, VerificationRetryCount: 2, ChecksumMismatch: true, VerificationChecksumMismatched: []byte("p")})
	got, err := r.ReverifyByID(ctx, synced.ID)
	must(err, "reverify")
	if got.ID != synced.ID || got.State != state.Synced || got.VerificationState != state.VerificationPending ||
		got.VerificationRetryCount != 0 || got.ChecksumMismatch || got.VerificationChecksumMismatched != nil {
		tb.Errorf("reverify returned %+v, want synced with verification pending and its retries and mismatch cleared", got)
	}
	for _, from := range []state.Replication{state.Pending, state.Started, state.Failed} {
		rec := insert(registry.Record{State: from, LastSyncedAt: &at, VerificationState: state.VerificationDisabled})
		if _, err := r.ReverifyByID(ctx, rec.ID); !errors.Is(err, registry.ErrInvalidTransition) {
			tb.Errorf("reverify of a %v registry: %v, want ErrInvalidTransition", from, err)
		}
		if stored, _ := r.GetByID(ctx, rec.ID); stored.VerificationState != state.VerificationDisabled {
			tb.Errorf("a refused reverify of a %v registry changed its verification to %v", from, stored.VerificationState)
		}
	}
	if _, err := r.ReverifyByID(ctx, 1<<40); !errors.Is(err, registry.ErrNotFound) {
		tb.Errorf("reverify of a missing registry: %v, want ErrNotFound", err)
	}

	// Checksum again on the primary: the state row's verification becomes
	// pending from any state.
	primary := verification.NewPrimary(e.Main, e.Config.Descriptor, e.Clock)
	id := e.CreateRecord(tb)
	insertStateRow(tb, e, id)
	for _, from := range state.Verifications {
		setPrimaryVerification(tb, e, id, from)
		it, err := primary.Reverify(ctx, id)
		must(err, "checksum again from "+from.String())
		if it.Key != id || it.State != state.VerificationPending {
			tb.Errorf("checksum again from %v returned %+v, want pending", from, it)
		}
	}
	if _, err := primary.Reverify(ctx, 1<<40); !errors.Is(err, verification.ErrNotFound) {
		tb.Errorf("checksum again of a missing record: %v, want verification.ErrNotFound", err)
	}
}

// insertStateRow gives a model record its verification state row (pending)
// on the primary, whatever the type's scope says.
func insertStateRow(tb testing.TB, e *Env, id int64) {
	tb.Helper()
	d := e.Config.Descriptor
	if d.VerificationOnModel {
		return // the model row holds the verification columns
	}
	q := "INSERT INTO " + d.StateTable + " (" + d.StateKeyColumn() + ") VALUES ($1) ON CONFLICT (" + d.StateKeyColumn() + ") DO NOTHING"
	if _, err := e.Main.ExecContext(context.Background(), q, id); err != nil {
		tb.Fatalf("insert state row: %v", err)
	}
}

// setPrimaryVerification puts a state row in a verification state directly.
func setPrimaryVerification(tb testing.TB, e *Env, id int64, st state.Verification) {
	tb.Helper()
	d := e.Config.Descriptor
	q := "UPDATE " + d.StateTable + " SET verification_state = $1 WHERE " + d.StateKeyColumn() + " = $2"
	if _, err := e.Main.ExecContext(context.Background(), q, int16(st), id); err != nil {
		tb.Fatalf("set verification state: %v", err)
	}
}
