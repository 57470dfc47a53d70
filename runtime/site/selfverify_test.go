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
	"github.com/geogen/geogen/runtime/metrics"
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
		// The counter of damaged copies counts each by its check.
		assertDamage(t, s.Secondary, s.Env.Config.Descriptor.Name, map[metrics.DamageCheck]uint64{metrics.CheckMissing: 1, metrics.CheckChecksum: 1})
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

// assertDamage checks the secondary's damage counters of a type, every
// check absent from want being 0.
func assertDamage(t *testing.T, s *site.Secondary, name string, want map[metrics.DamageCheck]uint64) {
	t.Helper()
	for _, c := range metrics.DamageChecks {
		if got := s.Damage().Count(name, c); got != want[c] {
			t.Errorf("damaged copies of %s found by the %s check: %d, want %d", name, c, got, want[c])
		}
	}
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
		assertDamage(t, s.Secondary, s.Env.Config.Descriptor.Name, map[metrics.DamageCheck]uint64{metrics.CheckMissing: 1, metrics.CheckIntegrity: 1})
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

// TestExistenceCheckComparesSyncedSizes: by default (no size column in
// the model), the frequent existence check compares each blob copy's
// size with the size its sync stored, without reading it: a truncated, a
// padded and an emptied copy are found, counted and synced again; a copy
// overwritten with other bytes of the same size is left to the
// verification, and an intact one alone. A copy synced without a recorded
// size falls back to the model's size column when the type names one
// (Descriptor.ModelSize), else to existence alone.
func TestExistenceCheckComparesSyncedSizes(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		cfg := coolWidgets()
		d := cfg.Descriptor
		s := geotest.NewBlobSites(t, geotest.NewEnv(t, dialect, cfg), fastOptions)
		if _, err := s.Env.Main.ExecContext(ctx, "ALTER TABLE "+d.ModelTable+" ADD COLUMN byte_size bigint"); err != nil {
			t.Fatal(err)
		}
		type copyCase struct {
			name    string
			damage  func([]byte) []byte // the copy written over the synced one; nil: left alone
			found   bool                // the size check finds it
			noSize  bool                // its recorded size is gone (synced before sizes were recorded)
			modelSz bool                // the model records its size
		}
		cases := []copyCase{
			{name: "truncated", damage: func(b []byte) []byte { return b[:10] }, found: true},
			{name: "padded", damage: func(b []byte) []byte { return append(append([]byte(nil), b...), 0) }, found: true},
			{name: "emptied", damage: func([]byte) []byte { return nil }, found: true},
			{name: "overwritten, same size", damage: func(b []byte) []byte { return bytes.Repeat([]byte("x"), len(b)) }},
			{name: "intact"},
			{name: "truncated, no recorded size, model size", damage: func(b []byte) []byte { return b[:10] }, found: true, noSize: true, modelSz: true},
			{name: "truncated, no size at all", damage: func(b []byte) []byte { return b[:10] }, noSize: true},
		}
		ids := make([]int64, len(cases))
		for i, c := range cases {
			ids[i] = s.CreateBlob(t, blob(i))
			if c.modelSz {
				if _, err := s.Env.Main.ExecContext(ctx, "UPDATE "+d.ModelTable+" SET byte_size = $1 WHERE id = $2", len(blob(i)), ids[i]); err != nil {
					t.Fatal(err)
				}
			}
		}
		s.Primary.VerifyAll(ctx)
		mustConsume(t, s.Secondary)
		s.Secondary.SyncAll(ctx)
		s.Secondary.VerifyAll(ctx)
		sizes, err := s.Registry().RecordedSizes(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		for i := range cases {
			if sizes[ids[i]] != int64(len(blob(i))) {
				t.Fatalf("recorded size of %s: %d, want %d", cases[i].name, sizes[ids[i]], len(blob(i)))
			}
		}
		wantFound := 0
		for i, c := range cases {
			if c.noSize {
				if _, err := s.Env.Tracking.ExecContext(ctx, "DELETE FROM geo_blob_sizes WHERE model_record_id = $1", ids[i]); err != nil {
					t.Fatal(err)
				}
			}
			if c.damage != nil {
				if err := writeRaw(s, ids[i], c.damage(blob(i))); err != nil {
					t.Fatal(err)
				}
			}
			if c.found {
				wantFound++
			}
		}

		d.ModelSize = "byte_size"
		if n, err := s.Secondary.CheckExistence(ctx); err != nil || n != wantFound {
			t.Fatalf("the check found %d (%v), want %d", n, err, wantFound)
		}
		if got := s.Secondary.Damage().Count(d.Name, metrics.CheckSize); got != uint64(wantFound) {
			t.Errorf("damage counter, size check: %d, want %d", got, wantFound)
		}
		for i, c := range cases {
			rec := registryOf(t, s.Sites, ids[i])
			if !c.found {
				if rec.State != state.Synced {
					t.Errorf("%s: %v, want still synced", c.name, rec.State)
				}
				continue
			}
			if rec.State != state.Failed || rec.VerificationState != state.VerificationFailed ||
				!strings.Contains(rec.VerificationFailure, site.FailureSizeMismatch) || !strings.Contains(rec.VerificationFailure, "recorded") {
				t.Errorf("%s: %v, verification %v %q; want both failed, naming the sizes", c.name, rec.State, rec.VerificationState, rec.VerificationFailure)
			}
		}

		s.Env.Clock.Advance(2 * time.Hour)
		if n := s.Secondary.SyncAll(ctx); n != wantFound {
			t.Fatalf("resyncs = %d, want %d", n, wantFound)
		}
		for i, c := range cases {
			if got, _ := s.SecondaryFile(t, ids[i]); c.found && !bytes.Equal(got, blob(i)) {
				t.Errorf("%s: the copy was not downloaded again", c.name)
			}
		}
		if n, err := s.Secondary.CheckExistence(ctx); err != nil || n != 0 {
			t.Errorf("after the resync the check found %d (%v), want 0", n, err)
		}
	})
}
