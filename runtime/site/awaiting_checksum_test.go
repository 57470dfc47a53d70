package site_test

import (
	"context"
	"testing"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// TestRecheckAwaitingChecksum: a record the secondary synced before the
// primary verified it waits, verification disabled, for the primary's
// checksum_succeeded event. When that event never comes (a primary
// killed between committing the checksum and publishing the event), the
// secondary's upkeep finds the primary's checksum itself and sets the
// verification pending; a record the primary has not verified stays
// disabled.
func TestRecheckAwaitingChecksum(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		s := newSites(t, dialect)
		verified, unverified := s.CreateBlob(t, blob(1)), s.CreateBlob(t, blob(2))
		mustConsume(t, s.Secondary)
		s.Secondary.SyncAll(ctx)
		for _, id := range []int64{verified, unverified} {
			if rec := registryOf(t, s.Sites, id); rec.State != state.Synced || rec.VerificationState != state.VerificationDisabled {
				t.Fatalf("record %d: %v, verification %v; want synced, awaiting the primary's checksum (disabled)", id, rec.State, rec.VerificationState)
			}
		}
		if n, err := s.Secondary.RecheckAwaitingChecksum(ctx); err != nil || n != 0 {
			t.Fatalf("recheck before the primary verified = %d, %v; want 0", n, err)
		}

		// The primary verifies one record; its event is never consumed.
		if _, err := s.Primary.VerifyRecord(ctx, s.Env.Config.Descriptor.Name, verified); err != nil {
			t.Fatal(err)
		}
		if n, err := s.Secondary.RecheckAwaitingChecksum(ctx); err != nil || n != 1 {
			t.Fatalf("recheck after the primary verified = %d, %v; want 1", n, err)
		}
		if rec := registryOf(t, s.Sites, verified); rec.VerificationState != state.VerificationPending {
			t.Errorf("verified on the primary: verification %v, want pending", rec.VerificationState)
		}
		if rec := registryOf(t, s.Sites, unverified); rec.VerificationState != state.VerificationDisabled {
			t.Errorf("not verified on the primary: verification %v, want disabled", rec.VerificationState)
		}

		// The secondary then verifies it against the primary's checksum.
		s.Secondary.VerifyAll(ctx)
		if rec := registryOf(t, s.Sites, verified); rec.VerificationState != state.VerificationSucceeded {
			t.Errorf("after the secondary's verification: %v, want succeeded", rec.VerificationState)
		}
		if n, err := s.Secondary.RecheckAwaitingChecksum(ctx); err != nil || n != 0 {
			t.Errorf("recheck once verified = %d, %v; want 0", n, err)
		}
	})
}
