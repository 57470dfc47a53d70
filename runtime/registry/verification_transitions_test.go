package registry_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
	"github.com/geogen/geogen/runtime/verification"
)

// TestRegistryVerificationTransitions checks, field by field, what each
// way a secondary's registry changes verification state clears or keeps
// (§c): the move to pending (by the verification store or by a sync that
// finds the primary verified) clears the retry fields and the mismatch
// only coming from started or succeeded, and only the failure coming from
// failed, disabled or pending; the move to disabled (a sync before the
// primary has a checksum) clears nothing; a failure other than a mismatch
// leaves a recorded mismatch alone; a mismatch records both checksums.
func TestRegistryVerificationTransitions(t *testing.T) {
	type fields struct {
		state      state.Verification
		retries    int
		retryAtSet bool
		failure    string
		mismatch   bool
		mismatched string // the primary checksum recorded as mismatched
	}
	// Every row starts like this, in the verification state under test.
	before := func(s state.Verification) fields {
		return fields{state: s, retries: 2, retryAtSet: true, failure: "old", mismatch: true, mismatched: "old-primary"}
	}
	pendingFrom := func(from state.Verification) fields {
		f := before(from)
		f.state, f.failure = state.VerificationPending, ""
		if from == state.VerificationStarted || from == state.VerificationSucceeded {
			f.retries, f.retryAtSet, f.mismatch, f.mismatched = 0, false, false, ""
		}
		return f
	}
	type event struct {
		name string
		do   func(ctx context.Context, r *registry.Store, v *verification.Store, id int64, startedAt time.Time) error
		want func(from state.Verification) fields
	}
	events := []event{
		{"verification pending", func(ctx context.Context, _ *registry.Store, v *verification.Store, id int64, _ time.Time) error {
			return v.Pending(ctx, id)
		}, pendingFrom},
		{"synced, primary verified", func(ctx context.Context, r *registry.Store, _ *verification.Store, id int64, startedAt time.Time) error {
			_, err := r.Synced(ctx, id, startedAt, registry.SyncedOptions{PrimaryVerified: true})
			return err
		}, pendingFrom},
		{"synced, primary not verified", func(ctx context.Context, r *registry.Store, _ *verification.Store, id int64, startedAt time.Time) error {
			_, err := r.Synced(ctx, id, startedAt, registry.SyncedOptions{})
			return err
		}, func(from state.Verification) fields {
			f := before(from)
			f.state = state.VerificationDisabled
			return f
		}},
		{"verification failed", func(ctx context.Context, _ *registry.Store, v *verification.Store, id int64, _ time.Time) error {
			return v.Failed(ctx, id, "boom", nil)
		}, func(from state.Verification) fields {
			f := before(from)
			f.state, f.retries, f.failure = state.VerificationFailed, 3, "boom"
			return f
		}},
		{"checksum mismatch", func(ctx context.Context, _ *registry.Store, v *verification.Store, id int64, _ time.Time) error {
			return v.ChecksumMismatch(ctx, id, []byte("new-primary"), []byte("local"))
		}, func(from state.Verification) fields {
			f := before(from)
			f.state, f.retries, f.failure, f.mismatched = state.VerificationFailed, 3, verification.MismatchMessage, "new-primary"
			return f
		}},
	}
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		e := geotest.NewEnv(t, dialect, readtest.Config(testtypes.CoolWidget()))
		d := e.Config.Descriptor
		r := registry.NewStore(e.Tracking, d, e.Clock)
		v := verification.NewSecondary(e.Tracking, d, e.Clock)
		ctx := context.Background()
		for _, ev := range events {
			for _, from := range state.Verifications {
				t.Run(ev.name+"/from "+from.String(), func(t *testing.T) {
					startedAt := e.Clock.Now().Add(-time.Minute)
					retryAt := e.Clock.Now().Add(time.Hour)
					rec := geotest.InsertRegistry(t, e, registry.Record{
						State: state.Started, LastSyncedAt: &startedAt,
						VerificationState: from, VerificationRetryCount: 2, VerificationRetryAt: &retryAt,
						VerificationFailure: "old", ChecksumMismatch: true, VerificationChecksumMismatched: []byte("old-primary"),
					})
					if err := ev.do(ctx, r, v, rec.ModelRecordID, startedAt); err != nil {
						t.Fatal(err)
					}
					got, err := r.Get(ctx, rec.ModelRecordID)
					if err != nil {
						t.Fatal(err)
					}
					want := ev.want(from)
					have := fields{
						state: got.VerificationState, retries: got.VerificationRetryCount, retryAtSet: got.VerificationRetryAt != nil,
						failure: got.VerificationFailure, mismatch: got.ChecksumMismatch, mismatched: string(got.VerificationChecksumMismatched),
					}
					if want.failure != "" && bytes.HasPrefix([]byte(have.failure), []byte(want.failure)) {
						have.failure = want.failure // a mismatch appends both checksums
					}
					if have != want {
						t.Errorf("%s from %v:\n got %+v\nwant %+v", ev.name, from, have, want)
					}
				})
			}
		}
	})
}
