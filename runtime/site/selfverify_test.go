package site_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// selfVerifyDue moves the clock past the secondary's self-verification
// interval (not the primary's, which stays far off) and runs its upkeep.
func selfVerifyDue(t *testing.T, s *geotest.Sites) {
	t.Helper()
	s.Env.Clock.Advance(s.Secondary.Options().SelfVerifyInterval + time.Hour)
	if n, err := s.Secondary.Reverify(context.Background()); err != nil || n == 0 {
		t.Fatalf("reverify = %d, %v; want the synced records sent to verification", n, err)
	}
}

// TestSecondaryFindsDamagedBlobsItself: with the primary re-verifying
// nothing (its interval is 90 days), a secondary finds a flipped byte in
// its copy on its own schedule, and a deleted blob with its hourly
// existence check; both show in the status counts and are synced again.
func TestSecondaryFindsDamagedBlobsItself(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		s := newSites(t, dialect)
		flipped, deleted := s.CreateBlob(t, blob(1)), s.CreateBlob(t, blob(2))
		s.Primary.VerifyAll(ctx)
		mustConsume(t, s.Secondary)
		s.Secondary.SyncAll(ctx)
		s.Secondary.VerifyAll(ctx)
		if st := secondaryStatus(t, s); *st.VerifiedCount != 2 {
			t.Fatalf("verified = %d before the damage, want 2", *st.VerifiedCount)
		}

		data := blob(1)
		data[7] ^= 0x01
		if err := writeRaw(s, flipped, data); err != nil {
			t.Fatal(err)
		}
		key, _ := s.Env.Config.Descriptor.Location(ctx, deleted)
		path, _ := s.SecondaryBlobs.Path(key)
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}

		if n, err := s.Secondary.CheckExistence(ctx); err != nil || n != 1 {
			t.Fatalf("existence check found %d missing (%v), want 1", n, err)
		}
		if rec := registryOf(t, s.Sites, deleted); rec.State != state.Failed || rec.VerificationState != state.VerificationFailed {
			t.Errorf("deleted blob: %v, verification %v; want failed, failed", rec.State, rec.VerificationState)
		}
		selfVerifyDue(t, s.Sites)
		s.Secondary.VerifyAll(ctx)
		rec := registryOf(t, s.Sites, flipped)
		if !rec.ChecksumMismatch || rec.State != state.Failed || rec.VerificationState != state.VerificationFailed {
			t.Errorf("flipped byte: mismatch %v, %v, verification %v; want a recorded mismatch and a failed sync",
				rec.ChecksumMismatch, rec.State, rec.VerificationState)
		}
		// Both show as failed syncs (verification counts cover synced
		// records only, as GitLab's do) until they are synced again.
		if st := secondaryStatus(t, s); *st.FailedCount != 2 || *st.VerifiedCount != 0 {
			t.Errorf("status: failed %d, verified %d; want 2 and 0", *st.FailedCount, *st.VerifiedCount)
		}

		s.Env.Clock.Advance(2 * time.Hour)
		if n := s.Secondary.SyncAll(ctx); n != 2 {
			t.Fatalf("resyncs = %d, want 2", n)
		}
		s.Secondary.VerifyAll(ctx)
		for i, id := range []int64{flipped, deleted} {
			if rec := registryOf(t, s.Sites, id); rec.State != state.Synced || rec.VerificationState != state.VerificationSucceeded {
				t.Errorf("record %d after the resync: %v, verification %v", id, rec.State, rec.VerificationState)
			}
			if got, _ := s.SecondaryFile(t, id); !bytes.Equal(got, blob(i+1)) {
				t.Errorf("record %d: the copy still differs", id)
			}
		}
	})
}

// corruptPacks overwrites every object of every pack of the repository at
// path, keeping the files' sizes.
func corruptPacks(t *testing.T, path string) {
	t.Helper()
	packs, _ := filepath.Glob(filepath.Join(path, "objects", "pack", "*.pack"))
	if len(packs) == 0 {
		t.Fatalf("no pack in %s", path)
	}
	for _, p := range packs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for i := 12; i < len(data)-20; i++ {
			data[i] = 0xA5
		}
		os.Chmod(p, 0o644)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSecondaryFindsDamagedMirrorsItself: a corrupted pack fails the
// secondary's own verification (its refs are intact, so a checksum of
// refs alone would pass), the mirror is cloned again and verifies; a
// deleted mirror is found by the existence check and cloned again.
func TestSecondaryFindsDamagedMirrorsItself(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		s := newRepositorySites(t, dialect)
		packed, removed := s.CreateRepository(t, 3), s.CreateRepository(t, 2)
		s.Primary.VerifyAll(ctx)
		mustConsume(t, s.Secondary)
		s.Secondary.SyncAll(ctx)
		s.Secondary.VerifyAll(ctx)
		for _, id := range []int64{packed, removed} {
			if !mirroredAndVerified(t, s, id) {
				t.Fatalf("repository %d not mirrored and verified before the damage", id)
			}
		}
		corruptPacks(t, s.SecondaryPath(t, packed))
		if err := os.RemoveAll(s.SecondaryPath(t, removed)); err != nil {
			t.Fatal(err)
		}
		if n, err := s.Secondary.CheckExistence(ctx); err != nil || n != 1 {
			t.Fatalf("existence check found %d missing (%v), want 1", n, err)
		}
		selfVerifyDue(t, s.Sites)
		s.Secondary.VerifyAll(ctx)
		rec := registryOf(t, s.Sites, packed)
		if rec.VerificationState != state.VerificationFailed || rec.State != state.Failed || !strings.Contains(rec.VerificationFailure, "corrupt") {
			t.Fatalf("corrupted pack: %v, verification %v %q; want a failed verification naming the corruption",
				rec.State, rec.VerificationState, rec.VerificationFailure)
		}
		s.Env.Clock.Advance(2 * time.Hour)
		if n := s.Secondary.SyncAll(ctx); n != 2 {
			t.Fatalf("resyncs = %d, want 2", n)
		}
		s.Secondary.VerifyAll(ctx)
		for _, id := range []int64{packed, removed} {
			if !mirroredAndVerified(t, s, id) {
				rec := registryOf(t, s.Sites, id)
				t.Errorf("repository %d after the resync: %v %q, verification %v %q", id, rec.State, rec.LastSyncFailure, rec.VerificationState, rec.VerificationFailure)
			}
		}
		s.AssertNoTempClones(t)
	})
}

// TestMirrorWithBrokenRefIsClonedAgain: a branch of the mirror naming an
// object that is not there makes every fetch fail ("bad object"); the
// sync removes the mirror and clones it again instead of retrying the
// fetch forever.
func TestMirrorWithBrokenRefIsClonedAgain(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		s := newRepositorySites(t, dialect)
		id := s.CreateRepository(t, 2)
		s.Primary.VerifyAll(ctx)
		mustConsume(t, s.Secondary)
		s.Secondary.SyncAll(ctx)
		mirror := s.SecondaryPath(t, id)
		ref := filepath.Join(mirror, "refs", "heads", "main")
		if err := os.MkdirAll(filepath.Dir(ref), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(ref, []byte(strings.Repeat("ab", 20)+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		s.Push(t, id, "main", "a push after the damage")
		mustConsume(t, s.Secondary)
		if n := s.Secondary.SyncAll(ctx); n != 1 {
			t.Fatalf("syncs = %d, want 1", n)
		}
		rec := registryOf(t, s.Sites, id)
		if rec.State != state.Synced {
			t.Fatalf("after the sync: %v %q, want synced (cloned again)", rec.State, rec.LastSyncFailure)
		}
		if got, err := os.ReadFile(ref); err == nil && strings.HasPrefix(string(got), strings.Repeat("ab", 20)) {
			t.Errorf("the broken ref is still in the mirror")
		}
		s.Primary.VerifyAll(ctx)
		mustConsume(t, s.Secondary)
		s.Secondary.VerifyAll(ctx)
		if !mirroredAndVerified(t, s, id) {
			t.Errorf("mirror not verified after the new clone")
		}
		s.AssertNoTempClones(t)
	})
}
