package verification_test

import (
	"context"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
	"github.com/geogen/geogen/runtime/verification"
)

// TestLeases, on both sides: a claimed verification whose worker stops
// renewing it (killed: its Store is never used again) goes back to
// pending when its lease has expired, keeping its retry count; one that
// is renewed stays started; a stale holder cannot renew a row claimed
// again since.
func TestLeases(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		e := geotest.NewEnv(t, dialect, readtest.Config(testtypes.CoolWidget()))
		d := e.Config.Descriptor
		ctx := context.Background()
		const lease = time.Minute
		for _, side := range []struct {
			name string
			new  func() *verification.Store
			add  func(t *testing.T) int64
		}{
			{"primary", func() *verification.Store { return verification.NewPrimary(e.Main, d, e.Clock) }, func(t *testing.T) int64 {
				key := e.CreateRecord(t)
				if _, err := e.Main.ExecContext(ctx, "INSERT INTO "+d.StateTable+" ("+d.StateKeyColumn()+", verification_state, verification_retry_count) VALUES ($1, $2, 2)", key, int16(state.VerificationPending)); err != nil {
					t.Fatal(err)
				}
				return key
			}},
			{"secondary", func() *verification.Store { return verification.NewSecondary(e.Tracking, d, e.Clock) }, func(t *testing.T) int64 {
				return geotest.InsertRegistry(t, e, registry.Record{State: state.Synced, VerificationState: state.VerificationPending, VerificationRetryCount: 2}).ModelRecordID
			}},
		} {
			t.Run(side.name, func(t *testing.T) {
				dead, alive, recoverer := side.new(), side.new(), side.new()
				for _, s := range []*verification.Store{dead, alive, recoverer} {
					s.Lease = lease
				}
				side.add(t)
				side.add(t)
				deadItems, err := dead.ClaimBatch(ctx, 1)
				if err != nil || len(deadItems) != 1 {
					t.Fatalf("dead claim = %v, %v", deadItems, err)
				}
				aliveItems, err := alive.ClaimBatch(ctx, 1)
				if err != nil || len(aliveItems) != 1 {
					t.Fatalf("live claim = %v, %v", aliveItems, err)
				}
				if got := aliveItems[0].RetryAt; got == nil || !got.Equal(e.Clock.Now().Add(lease)) {
					t.Errorf("claimed verification_retry_at = %v, want the lease expiry", got)
				}
				e.Clock.Advance(lease / 2)
				if n, err := alive.RenewLeases(ctx); err != nil || n != 1 {
					t.Fatalf("renew = %d, %v", n, err)
				}
				if n, err := recoverer.RecoverExpired(ctx); err != nil || n != 0 {
					t.Fatalf("recover within the lease = %d, %v", n, err)
				}
				e.Clock.Advance(lease/2 + time.Second)
				if n, err := recoverer.RecoverExpired(ctx); err != nil || n != 1 {
					t.Fatalf("recover after the lease = %d, %v; want 1", n, err)
				}
				got, err := recoverer.Get(ctx, deadItems[0].Key)
				if err != nil || got.State != state.VerificationPending || got.RetryCount != 2 || got.RetryAt != nil {
					t.Errorf("dead worker's row = %+v, %v; want pending, retry count 2 kept, no retry time", got, err)
				}
				if got, _ := recoverer.Get(ctx, aliveItems[0].Key); got.State != state.VerificationStarted {
					t.Errorf("renewed row = %v, want started", got.State)
				}
				if again, err := recoverer.ClaimBatch(ctx, 5); err != nil || len(again) != 1 {
					t.Fatalf("reclaim = %v, %v", again, err)
				}
				e.Clock.Advance(time.Second)
				if n, err := dead.RenewLeases(ctx); err != nil || n != 0 {
					t.Errorf("stale holder renewed %d (%v), want 0", n, err)
				}
				alive.Release(aliveItems[0])
				if alive.Held() != 0 {
					t.Errorf("held after release = %d", alive.Held())
				}
			})
		}
	})
}

// TestGiveBack, on both sides: a stopping process's claims go back to
// pending at once, with their retry counts, and it holds nothing after; a
// row claimed again since by another process is left with it.
// The upload type keys its state table by another column than its
// registry's foreign key.
func TestGiveBack(t *testing.T) {
	for _, typ := range []*replicable.Descriptor{testtypes.CoolWidget(), testtypes.Upload()} {
		t.Run(typ.Name, func(t *testing.T) { testGiveBack(t, typ) })
	}
}

func testGiveBack(t *testing.T, typ *replicable.Descriptor) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		e := geotest.NewEnv(t, dialect, readtest.Config(typ))
		d := e.Config.Descriptor
		ctx := context.Background()
		for _, side := range []struct {
			name string
			new  func() *verification.Store
			add  func(t *testing.T) int64
		}{
			{"primary", func() *verification.Store { return verification.NewPrimary(e.Main, d, e.Clock) }, func(t *testing.T) int64 {
				key := e.CreateRecord(t)
				if _, err := e.Main.ExecContext(ctx, "INSERT INTO "+d.StateTable+" ("+d.StateKeyColumn()+", verification_state, verification_retry_count) VALUES ($1, $2, 2)", key, int16(state.VerificationPending)); err != nil {
					t.Fatal(err)
				}
				return key
			}},
			{"secondary", func() *verification.Store { return verification.NewSecondary(e.Tracking, d, e.Clock) }, func(t *testing.T) int64 {
				return geotest.InsertRegistry(t, e, registry.Record{State: state.Synced, VerificationState: state.VerificationPending, VerificationRetryCount: 2}).ModelRecordID
			}},
		} {
			t.Run(side.name, func(t *testing.T) {
				stopping, other := side.new(), side.new()
				for range 3 {
					side.add(t)
				}
				items, err := stopping.ClaimBatch(ctx, 3)
				if err != nil || len(items) != 3 {
					t.Fatalf("claim = %v, %v", items, err)
				}
				// One row finished, was claimed again by another process:
				// not the stopping process's any more.
				if n, err := stopping.GiveBack(ctx, items[0]); err != nil || n != 1 {
					t.Fatalf("give back one = %d, %v", n, err)
				}
				e.Clock.Advance(time.Second)
				again, err := other.ClaimBatch(ctx, 1)
				if err != nil || len(again) != 1 || again[0].Key != items[0].Key {
					t.Fatalf("other claim = %v, %v", again, err)
				}
				if n, err := stopping.GiveBackHeld(ctx); err != nil || n != 2 || stopping.Held() != 0 {
					t.Fatalf("give back held = %d, %v, %d still held; want 2, none", n, err, stopping.Held())
				}
				for _, it := range items[1:] {
					got, err := other.Get(ctx, it.Key)
					if err != nil || got.State != state.VerificationPending || got.RetryCount != 2 || got.RetryAt != nil {
						t.Errorf("given back row = %+v, %v; want pending, retry count kept", got, err)
					}
				}
				if got, _ := other.Get(ctx, items[0].Key); got.State != state.VerificationStarted {
					t.Errorf("row claimed again by another process = %v, want started", got.State)
				}
			})
		}
	})
}
