package site_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geoauth"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/gitrepo"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

func newRepositorySites(t *testing.T, dialect sqldb.Dialect) *geotest.RepositorySites {
	return geotest.NewRepositorySites(t, geotest.NewEnv(t, dialect, gizmos()), fastOptions)
}

// mirroredAndVerified reports whether the secondary's registry of id is
// synced and verified with the checksum the primary's repository has now,
// and its mirror has that checksum too.
func mirroredAndVerified(t *testing.T, s *geotest.RepositorySites, id int64) bool {
	t.Helper()
	rec, err := s.Registry().Get(context.Background(), id)
	if err != nil {
		return false
	}
	want := s.PrimaryChecksum(t, id)
	got, ok := s.SecondaryChecksum(t, id)
	return ok && rec.State == state.Synced && rec.VerificationState == state.VerificationSucceeded &&
		bytes.Equal(got, want) && bytes.Equal(rec.VerificationChecksum, want)
}

func TestRepositoriesReplicateFollowPushesAndDeletions(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		s := newRepositorySites(t, dialect)
		// A clone a crashed process left behind: the secondary removes it
		// when it starts.
		stale := filepath.Join(s.SecondaryRoot, "gizmos", ".tmp-clone-7.git-0123")
		if err := os.MkdirAll(filepath.Join(stale, "objects"), 0o755); err != nil {
			t.Fatal(err)
		}
		runCtx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		wg.Go(func() { s.Primary.Run(runCtx) })
		wg.Go(func() { s.Secondary.Run(runCtx) })

		const n = 8
		ids := make([]int64, n)
		for i := range ids {
			ids[i] = s.CreateRepository(t, 1+i%3)
		}
		all := func(ids []int64) func() bool {
			return func() bool {
				for _, id := range ids {
					if !mirroredAndVerified(t, s, id) {
						return false
					}
				}
				return true
			}
		}
		geotest.Eventually(t, 20*time.Second, "every repository mirrored and verified", all(ids))

		// Pushes: new commits on main and a new branch.
		for _, id := range ids[:3] {
			s.Push(t, id, "main", fmt.Sprintf("second push to %d", id))
		}
		s.Push(t, ids[3], "feature", "a new branch")
		geotest.Eventually(t, 20*time.Second, "the pushes mirrored and verified", all(ids[:4]))

		// A force push: main rewritten to an unrelated history, the
		// branch it was built on deleted. The mirror follows (fetch
		// --force --prune).
		path := s.PrimaryPath(t, ids[4])
		rewritten, err := gitrepo.Commit(ctx, path, "rewrite", map[string][]byte{"new.txt": []byte("history rewritten")}, "rewritten")
		if err != nil {
			t.Fatal(err)
		}
		if err := gitrepo.SetRef(ctx, path, "refs/heads/main", rewritten); err != nil {
			t.Fatal(err)
		}
		if err := gitrepo.DeleteRef(ctx, path, "refs/heads/rewrite"); err != nil {
			t.Fatal(err)
		}
		if err := s.PrimaryReplicator(t).AfterPush(ctx, ids[4]); err != nil {
			t.Fatal(err)
		}
		geotest.Eventually(t, 20*time.Second, "the force push mirrored and verified", all(ids[4:5]))

		for _, id := range ids[:2] {
			s.DestroyRepository(t, id)
		}
		geotest.Eventually(t, 20*time.Second, "the deletions replicated", func() bool {
			for _, id := range ids[:2] {
				if _, err := s.Registry().Get(ctx, id); err == nil {
					return false
				}
			}
			return true
		})
		for _, id := range ids[:2] {
			if _, ok := s.SecondaryChecksum(t, id); ok {
				t.Errorf("repository %d deleted on the primary, still on the secondary", id)
			}
		}
		if !all(ids[2:])() {
			t.Error("a repository that was not deleted is no longer mirrored and verified")
		}
		cancel()
		wg.Wait()
		s.AssertNoTempClones(t)
		if _, err := os.Stat(stale); !os.IsNotExist(err) {
			t.Errorf("the stale clone is still there after the secondary started (%v)", err)
		}
	})
}

func TestRepositoryMissingOnPrimaryIsSyncedAsMissing(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		s := newRepositorySites(t, dialect)
		id := s.CreateRepository(t, 1)
		if err := os.RemoveAll(s.PrimaryPath(t, id)); err != nil {
			t.Fatal(err)
		}
		mustConsume(t, s.Secondary)
		s.Secondary.SyncAll(ctx)
		rec := registryOf(t, s.Sites, id)
		if rec.State != state.Synced || !rec.MissingOnPrimary {
			t.Errorf("registry = %v (%s), missing_on_primary %v; want synced, true", rec.State, rec.LastSyncFailure, rec.MissingOnPrimary)
		}
		if _, ok := s.SecondaryChecksum(t, id); ok {
			t.Error("a mirror exists of a repository missing on the primary")
		}
	})
}

func TestCorruptedMirrorRefIsDetectedAndRepaired(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		s := newRepositorySites(t, dialect)
		id := s.CreateRepository(t, 2)
		s.Primary.VerifyAll(ctx)
		mustConsume(t, s.Secondary)
		s.Secondary.SyncAll(ctx)
		s.Secondary.VerifyAll(ctx)
		if !mirroredAndVerified(t, s, id) {
			t.Fatalf("before corruption: %+v, want mirrored and verified", registryOf(t, s.Sites, id))
		}

		// main on the secondary moves to a commit the primary never had.
		mirror := s.SecondaryPath(t, id)
		stray, err := gitrepo.Commit(ctx, mirror, "stray", map[string][]byte{"stray.txt": []byte("not on the primary")}, "stray")
		if err != nil {
			t.Fatal(err)
		}
		if err := gitrepo.SetRef(ctx, mirror, "refs/heads/main", stray); err != nil {
			t.Fatal(err)
		}
		// The primary re-verifies after the interval and announces its
		// checksum; the secondary verifies again and finds the mismatch.
		s.Env.Clock.Advance(100 * 24 * time.Hour)
		if _, err := s.Primary.Maintain(ctx); err != nil {
			t.Fatal(err)
		}
		s.Primary.VerifyAll(ctx)
		mustConsume(t, s.Secondary)
		s.Secondary.VerifyAll(ctx)
		rec := registryOf(t, s.Sites, id)
		if rec.State != state.Failed || rec.VerificationState != state.VerificationFailed || !rec.ChecksumMismatch {
			t.Fatalf("after verifying a corrupted mirror: state %v, verification %v, mismatch %v; want failed, failed, true",
				rec.State, rec.VerificationState, rec.ChecksumMismatch)
		}

		// The failed sync is retried when due: the forced, pruning fetch
		// puts main back and drops the stray branch.
		s.Env.Clock.Advance(2 * time.Hour)
		if n := s.Secondary.SyncAll(ctx); n != 1 {
			t.Fatalf("resyncs = %d, want 1", n)
		}
		s.Secondary.VerifyAll(ctx)
		if !mirroredAndVerified(t, s, id) {
			rec := registryOf(t, s.Sites, id)
			t.Errorf("after the resync: state %v, verification %v, mismatch %v; want synced, succeeded, false, equal checksums",
				rec.State, rec.VerificationState, rec.ChecksumMismatch)
		}
	})
}

func TestRepositoryTokenIsScopedToOneRepository(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		s := newRepositorySites(t, dialect)
		id, other := s.CreateRepository(t, 1), s.CreateRepository(t, 1)
		name := s.Env.Config.Descriptor.Name
		auth, err := s.Signer.Sign(gitrepo.Scope(name, id))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name   string
			target int64
			header string
			want   int
		}{
			{"its own repository", id, auth, http.StatusOK},
			{"another repository", other, auth, http.StatusForbidden},
			{"no token", id, "", http.StatusUnauthorized},
		} {
			req, _ := http.NewRequest(http.MethodGet, gitrepo.URL(s.Server.URL, name, c.target)+"/info/refs?service=git-upload-pack", nil)
			if c.header != "" {
				req.Header.Set("Authorization", c.header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != c.want {
				t.Errorf("%s: status %d, want %d", c.name, resp.StatusCode, c.want)
			}
		}

		// git itself, with the token of one repository, cannot clone the
		// other, and leaves nothing behind.
		dest := filepath.Join(t.TempDir(), "other.git")
		err = (&gitrepo.Mirror{}).Sync(ctx, gitrepo.URL(s.Server.URL, name, other), auth, dest)
		if err == nil || !strings.Contains(err.Error(), "403") {
			t.Errorf("clone of another repository with a scoped token: %v, want a 403 refusal", err)
		}
		if _, err := os.Stat(dest); !os.IsNotExist(err) {
			t.Errorf("a refused clone left %s (%v)", dest, err)
		}

		// A token for the blob of the same id is not a repository token.
		blobAuth, err := s.Signer.Sign(geoauth.BlobScope(name, id))
		if err != nil {
			t.Fatal(err)
		}
		if err := (&gitrepo.Mirror{}).Sync(ctx, gitrepo.URL(s.Server.URL, name, id), blobAuth, dest); err == nil {
			t.Error("a blob token was accepted for a repository")
		}
	})
}

func TestRepositoryRefusedWhileReplicationIsOff(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		s := newRepositorySites(t, dialect)
		id := s.CreateRepository(t, 1)
		mustConsume(t, s.Secondary)
		d := s.Env.Config.Descriptor
		// The primary's flag is off, the secondary still syncs: a refusal
		// that is not "missing on the primary".
		sec := s.NewSecondary(t, nil)
		s.Flags.Set(d.ReplicationFlag, false)
		rec, err := s.Registry().Start(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		r, _ := sec.Replicator(d.Name)
		if err := r.SyncStarted(ctx, rec); err == nil {
			t.Fatal("a sync succeeded while the primary does not serve the type")
		}
		if rec := registryOf(t, s.Sites, id); rec.State != state.Failed || rec.MissingOnPrimary {
			t.Errorf("registry = %v, missing_on_primary %v; want failed, not missing", rec.State, rec.MissingOnPrimary)
		}
	})
}
