package gitrepo_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/gitrepo"
)

// TestMirrorFollowsThePrimary syncs one mirror through a series of changes
// on the primary; after each the mirror's checksum must equal the
// primary's.
func TestMirrorFollowsThePrimary(t *testing.T) {
	p := newPrimary(t)
	src := p.repo(1)
	initRepo(t, src)
	dest := filepath.Join(t.TempDir(), "gizmos", "1.git")
	m := &gitrepo.Mirror{}
	var rewritten string

	for _, step := range []struct {
		name     string
		change   func()
		wantHead string
	}{
		{"clone of an empty repository", func() {}, ""},
		{"first commits", func() {
			commit(t, src, "main", "one")
			commit(t, src, "feature", "f")
			setRef(t, src, "refs/tags/v1", commit(t, src, "main", "two"))
		}, "refs/heads/main"},
		{"more commits", func() { commit(t, src, "main", "three") }, "refs/heads/main"},
		{"force-push rewrites main", func() {
			rewritten = commit(t, src, "scratch", "unrelated history")
			setRef(t, src, "refs/heads/main", rewritten)
			if err := gitrepo.DeleteRef(ctx, src, "refs/heads/scratch"); err != nil {
				t.Fatal(err)
			}
		}, "refs/heads/main"},
		{"deleted branch and tag", func() {
			for _, ref := range []string{"refs/heads/feature", "refs/tags/v1"} {
				if err := gitrepo.DeleteRef(ctx, src, ref); err != nil {
					t.Fatal(err)
				}
			}
		}, "refs/heads/main"},
		{"HEAD moves to another branch", func() {
			commit(t, src, "trunk", "t")
			git(t, src, "", "symbolic-ref", "HEAD", "refs/heads/trunk")
		}, "refs/heads/trunk"},
	} {
		step.change()
		if err := m.Sync(ctx, gitrepo.URL(p.url, "gizmo", 1), p.token(t, 1), dest); err != nil {
			t.Fatalf("%s: sync: %v", step.name, err)
		}
		want, got := checksum(t, src), checksum(t, dest)
		if !bytes.Equal(want, got) {
			t.Errorf("%s: mirror checksum %x, primary's %x\nprimary refs:\n%s\nmirror refs:\n%s", step.name, got, want,
				git(t, src, "", "for-each-ref"), git(t, dest, "", "for-each-ref"))
		}
		if step.wantHead != "" {
			if head := strings.TrimSpace(git(t, dest, "", "symbolic-ref", "HEAD")); head != step.wantHead {
				t.Errorf("%s: mirror HEAD %s, want %s", step.name, head, step.wantHead)
			}
		}
		assertNoTemp(t, filepath.Dir(dest))
	}
	if main := strings.TrimSpace(git(t, dest, "", "rev-parse", "refs/heads/main")); main != rewritten {
		t.Errorf("after the force-push the mirror's main is %s, want %s", main, rewritten)
	}
	if err := m.Housekeep(ctx, dest); err != nil {
		t.Errorf("housekeep: %v", err)
	}
}

// TestMirrorFailures checks clones the primary refuses: nothing is left
// behind, and only a repository the primary lacks is ErrMissingOnPrimary.
func TestMirrorFailures(t *testing.T) {
	p := newPrimary(t)
	initRepo(t, p.repo(1))
	commit(t, p.repo(1), "main", "one")
	initRepo(t, p.repo(2))
	commit(t, p.repo(2), "main", "two")
	for _, tc := range []struct {
		name        string
		id          int64
		header      string
		wantMissing bool
		wantInError string
	}{
		{"missing on primary", 3, p.token(t, 3), true, "not found"},
		{"token for another repository", 1, p.token(t, 2), false, "403"},
		{"no token", 1, "", false, "401"},
		{"expired token", 1, p.expiredToken(t, 1), false, "401"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "mirror.git")
			err := (&gitrepo.Mirror{}).Sync(ctx, gitrepo.URL(p.url, "gizmo", tc.id), tc.header, dest)
			if err == nil {
				t.Fatal("sync succeeded")
			}
			if got := errors.Is(err, gitrepo.ErrMissingOnPrimary); got != tc.wantMissing {
				t.Errorf("errors.Is(%v, ErrMissingOnPrimary) = %v, want %v", err, got, tc.wantMissing)
			}
			if !strings.Contains(err.Error(), tc.wantInError) {
				t.Errorf("error %q does not mention %q", err, tc.wantInError)
			}
			if _, jwt, ok := strings.Cut(tc.header, ":"); ok && strings.Contains(err.Error(), jwt) {
				t.Errorf("error reveals the token: %v", err)
			}
			assertAbsent(t, dest)
			assertNoTemp(t, filepath.Dir(dest))
		})
	}
}

// TestMirrorFetchOfARepositoryGoneFromThePrimary: an existing mirror whose
// primary repository disappeared reports ErrMissingOnPrimary and keeps its
// refs.
func TestMirrorFetchOfARepositoryGoneFromThePrimary(t *testing.T) {
	p := newPrimary(t)
	initRepo(t, p.repo(1))
	commit(t, p.repo(1), "main", "one")
	dest := filepath.Join(t.TempDir(), "1.git")
	m := &gitrepo.Mirror{}
	if err := m.Sync(ctx, gitrepo.URL(p.url, "gizmo", 1), p.token(t, 1), dest); err != nil {
		t.Fatal(err)
	}
	before := checksum(t, dest)
	if err := os.RemoveAll(p.repo(1)); err != nil {
		t.Fatal(err)
	}
	err := m.Sync(ctx, gitrepo.URL(p.url, "gizmo", 1), p.token(t, 1), dest)
	if !errors.Is(err, gitrepo.ErrMissingOnPrimary) {
		t.Fatalf("fetch of a removed repository: %v, want ErrMissingOnPrimary", err)
	}
	if !bytes.Equal(before, checksum(t, dest)) {
		t.Error("a failed fetch changed the mirror")
	}
}

// TestCancelledCloneLeavesNothing cancels a clone while git is talking to
// the primary, and before it starts.
func TestCancelledCloneLeavesNothing(t *testing.T) {
	p := newPrimary(t)
	initRepo(t, p.repo(1))
	commit(t, p.repo(1), "main", "one")
	for _, tc := range []struct {
		name    string
		midway  bool
		request string // the request during which the context is cancelled
	}{
		{"before it starts", false, ""},
		{"during ref discovery", true, "/info/refs"},
		{"during the pack transfer", true, "/git-upload-pack"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "1.git")
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			before := func(r *http.Request) {
				if tc.midway && strings.HasSuffix(r.URL.Path, tc.request) {
					cancel()
					time.Sleep(100 * time.Millisecond) // git is killed while waiting
				}
			}
			p.before.Store(&before)
			defer p.before.Store(nil)
			if !tc.midway {
				cancel()
			}
			err := (&gitrepo.Mirror{}).Sync(cctx, gitrepo.URL(p.url, "gizmo", 1), p.token(t, 1), dest)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled sync: %v, want context.Canceled", err)
			}
			assertAbsent(t, dest)
			assertNoTemp(t, filepath.Dir(dest))
		})
	}
}

func TestRemoveStaleTemp(t *testing.T) {
	root := t.TempDir()
	stale := filepath.Join(root, "gizmos", ".tmp-clone-3.git-abc")
	nestedStale := filepath.Join(root, "a", "b", ".tmp-clone-x-123")
	kept := filepath.Join(root, "gizmos", "4.git")
	initRepo(t, kept)
	// A directory of that name inside a repository is git's business.
	insideRepo := filepath.Join(kept, "objects", ".tmp-clone-not-ours")
	for _, d := range []string{stale, nestedStale, insideRepo} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := gitrepo.RemoveStaleTemp(root); err != nil {
		t.Fatal(err)
	}
	assertAbsent(t, stale)
	assertAbsent(t, nestedStale)
	for _, d := range []string{kept, insideRepo} {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("%s was removed", d)
		}
	}
	if err := gitrepo.RemoveStaleTemp(filepath.Join(root, "no-such-dir")); err != nil {
		t.Errorf("missing root: %v, want nil", err)
	}
}
