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
	"github.com/geogen/geogen/runtime/site"
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
		// records only, as GitLab's do) until they are synced again; the
		// flipped byte shows apart, as a checksum mismatch.
		if st := secondaryStatus(t, s); *st.FailedCount != 2 || *st.VerifiedCount != 0 || *st.ChecksumMismatchCount != 1 {
			t.Errorf("status: failed %d, verified %d, checksum mismatch %d; want 2, 0 and 1", *st.FailedCount, *st.VerifiedCount, *st.ChecksumMismatchCount)
		}
		// Still counted once the copy is synced again, until its
		// verification succeeds.

		s.Env.Clock.Advance(2 * time.Hour)
		if n := s.Secondary.SyncAll(ctx); n != 2 {
			t.Fatalf("resyncs = %d, want 2", n)
		}
		if st := secondaryStatus(t, s); *st.ChecksumMismatchCount != 1 {
			t.Errorf("checksum mismatch %d after the resync, before the verification; want 1", *st.ChecksumMismatchCount)
		}
		s.Secondary.VerifyAll(ctx)
		if st := secondaryStatus(t, s); *st.ChecksumMismatchCount != 0 {
			t.Errorf("checksum mismatch %d once the copy verifies again, want 0", *st.ChecksumMismatchCount)
		}
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

// TestExistenceCheckComparesRecordedSizes: for a type whose model records
// each blob's size, the frequent existence check finds a copy of another
// size (truncated here, its file still present) without reading it, and
// it is synced again; a record without a recorded size is only checked
// for existence, and without ModelSize nothing is compared.
func TestExistenceCheckComparesRecordedSizes(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		cfg := coolWidgets()
		d := cfg.Descriptor
		s := geotest.NewBlobSites(t, geotest.NewEnv(t, dialect, cfg), fastOptions)
		if _, err := s.Env.Main.ExecContext(ctx, "ALTER TABLE "+d.ModelTable+" ADD COLUMN byte_size bigint"); err != nil {
			t.Fatal(err)
		}
		data := map[int64][]byte{}
		create := func(n int) int64 { id := s.CreateBlob(t, blob(n)); data[id] = blob(n); return id }
		truncated, unsized, intact := create(1), create(2), create(3)
		for _, id := range []int64{truncated, intact} {
			if _, err := s.Env.Main.ExecContext(ctx, "UPDATE "+d.ModelTable+" SET byte_size = $1 WHERE id = $2", len(data[id]), id); err != nil {
				t.Fatal(err)
			}
		}
		s.Primary.VerifyAll(ctx)
		mustConsume(t, s.Secondary)
		s.Secondary.SyncAll(ctx)
		s.Secondary.VerifyAll(ctx)
		for _, id := range []int64{truncated, unsized} {
			if err := writeRaw(s, id, data[id][:10]); err != nil {
				t.Fatal(err)
			}
		}

		if n, err := s.Secondary.CheckExistence(ctx); err != nil || n != 0 {
			t.Fatalf("without ModelSize the check found %d (%v), want 0: the files are all there", n, err)
		}
		d.ModelSize = "byte_size"
		if n, err := s.Secondary.CheckExistence(ctx); err != nil || n != 1 {
			t.Fatalf("with ModelSize the check found %d (%v), want 1: the truncated blob with a recorded size", n, err)
		}
		rec := registryOf(t, s.Sites, truncated)
		if rec.State != state.Failed || rec.VerificationState != state.VerificationFailed ||
			!strings.Contains(rec.VerificationFailure, site.FailureSizeMismatch) || !strings.Contains(rec.VerificationFailure, "10 bytes on this site") {
			t.Errorf("truncated blob: %v, verification %v %q; want both failed, naming the sizes", rec.State, rec.VerificationState, rec.VerificationFailure)
		}
		for _, id := range []int64{unsized, intact} {
			if rec := registryOf(t, s.Sites, id); rec.State != state.Synced {
				t.Errorf("record %d: %v, want still synced", id, rec.State)
			}
		}

		s.Env.Clock.Advance(2 * time.Hour)
		if n := s.Secondary.SyncAll(ctx); n != 1 {
			t.Fatalf("resyncs = %d, want 1", n)
		}
		if got, _ := s.SecondaryFile(t, truncated); !bytes.Equal(got, data[truncated]) {
			t.Error("the truncated copy was not downloaded again")
		}
		if n, err := s.Secondary.CheckExistence(ctx); err != nil || n != 0 {
			t.Errorf("after the resync the check found %d (%v), want 0", n, err)
		}
	})
}
