package gitrepo_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/geoauth"
	"github.com/geogen/geogen/runtime/gitrepo"
)

var ctx = context.Background()

func initRepo(t *testing.T, path string) {
	t.Helper()
	if err := gitrepo.Init(ctx, path); err != nil {
		t.Fatal(err)
	}
}

func commit(t *testing.T, path, branch, content string) string {
	t.Helper()
	id, err := gitrepo.Commit(ctx, path, branch, map[string][]byte{"README": []byte(content)}, "commit "+content)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func checksum(t *testing.T, path string) []byte {
	t.Helper()
	sum, err := gitrepo.Checksum(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func TestChecksum(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.git"), filepath.Join(dir, "b.git")
	initRepo(t, a)
	initRepo(t, b)
	if sum := checksum(t, a); sum != nil {
		t.Errorf("empty repository checksum = %x, want nil", sum)
	}
	one := commit(t, a, "main", "one")
	commit(t, b, "main", "one")
	if !bytes.Equal(checksum(t, a), checksum(t, b)) {
		t.Error("same refs, different checksums")
	}
	if len(checksum(t, a)) != 32 {
		t.Errorf("checksum is %d bytes, want a SHA-256", len(checksum(t, a)))
	}
	before := checksum(t, a)
	for _, change := range []struct {
		name string
		do   func()
	}{
		{"new branch", func() { commit(t, a, "feature", "two") }},
		{"new tag", func() {
			if err := gitrepo.SetRef(ctx, a, "refs/tags/v1", one); err != nil {
				t.Fatal(err)
			}
		}},
		{"keep-around ref", func() {
			if err := gitrepo.SetRef(ctx, a, "refs/keep-around/"+one, one); err != nil {
				t.Fatal(err)
			}
		}},
		{"moved branch", func() { commit(t, a, "main", "three") }},
		{"deleted branch", func() {
			if err := gitrepo.DeleteRef(ctx, a, "refs/heads/feature"); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		change.do()
		after := checksum(t, a)
		if bytes.Equal(before, after) {
			t.Errorf("%s: checksum unchanged", change.name)
		}
		before = after
	}
	// Refs outside the checksummed namespaces do not count.
	if err := gitrepo.SetRef(ctx, a, "refs/merge-requests/1/head", one); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, checksum(t, a)) {
		t.Error("a merge request ref changed the checksum")
	}
}

// primary is a primary's repository root served by NewServer.
type primary struct {
	root   string
	url    string
	signer *geoauth.Signer
	logs   *bytes.Buffer
}

func newPrimary(t testing.TB) *primary {
	t.Helper()
	p := &primary{root: t.TempDir(), logs: &bytes.Buffer{}}
	secret := []byte("a secret of thirty-two bytes ...")
	verifier := &geoauth.Verifier{Keys: geoauth.StaticKeys{"sec": {Secret: secret, Site: "secondary"}}, Audience: "primary"}
	p.signer = &geoauth.Signer{AccessKey: "sec", Secret: secret, Issuer: "secondary", Audience: "primary"}
	locate := func(_ context.Context, name string, id int64) (string, error) {
		if name != "gizmo" {
			return "", gitrepo.ErrRepositoryNotFound
		}
		return "gizmos/" + strconv.FormatInt(id, 10) + ".git", nil
	}
	srv := gitrepo.NewServer(p.root, verifier, locate, slog.New(slog.NewTextHandler(p.logs, nil)))
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	p.url = ts.URL
	return p
}

func (p *primary) repo(id int64) string {
	return filepath.Join(p.root, "gizmos", strconv.FormatInt(id, 10)+".git")
}

func (p *primary) token(t testing.TB, id int64) string {
	t.Helper()
	h, err := p.signer.Sign(gitrepo.Scope("gizmo", id))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestMirrorFollowsThePrimary(t *testing.T) {
	p := newPrimary(t)
	src := p.repo(1)
	initRepo(t, src)
	commit(t, src, "main", "one")
	commit(t, src, "feature", "f")
	dest := filepath.Join(t.TempDir(), "gizmos", "1.git")
	m := &gitrepo.Mirror{}
	sync := func(step string) {
		t.Helper()
		if err := m.Sync(ctx, gitrepo.URL(p.url, "gizmo", 1), p.token(t, 1), dest); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if !bytes.Equal(checksum(t, src), checksum(t, dest)) {
			t.Errorf("%s: mirror checksum differs from the primary's", step)
		}
	}
	sync("clone")
	commit(t, src, "main", "two")
	sync("fetch new commits")

	// Force-push: main rewritten to an unrelated commit.
	other := filepath.Join(t.TempDir(), "other.git")
	initRepo(t, other)
	rewritten := commit(t, other, "main", "rewritten")
	if _, err := gitrepo.Checksum(ctx, other); err != nil {
		t.Fatal(err)
	}
	fetchInto(t, src, other)
	if err := gitrepo.SetRef(ctx, src, "refs/heads/main", rewritten); err != nil {
		t.Fatal(err)
	}
	sync("force-push")

	if err := gitrepo.DeleteRef(ctx, src, "refs/heads/feature"); err != nil {
		t.Fatal(err)
	}
	sync("deleted branch")

	// HEAD follows the primary's.
	commit(t, src, "trunk", "t")
	git(t, src, "symbolic-ref", "HEAD", "refs/heads/trunk")
	sync("HEAD moved")
	if got := strings.TrimSpace(git(t, dest, "symbolic-ref", "HEAD")); got != "refs/heads/trunk" {
		t.Errorf("mirror HEAD = %s, want refs/heads/trunk", got)
	}
	assertNoTemp(t, filepath.Dir(dest))
}

func TestMirrorOfAMissingRepository(t *testing.T) {
	p := newPrimary(t)
	dest := filepath.Join(t.TempDir(), "2.git")
	err := (&gitrepo.Mirror{}).Sync(ctx, gitrepo.URL(p.url, "gizmo", 2), p.token(t, 2), dest)
	if !errors.Is(err, gitrepo.ErrMissingOnPrimary) {
		t.Fatalf("sync of a repository the primary lacks: %v, want ErrMissingOnPrimary", err)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Errorf("a failed clone left %s behind", dest)
	}
	assertNoTemp(t, filepath.Dir(dest))
}

func TestServerRefuses(t *testing.T) {
	p := newPrimary(t)
	initRepo(t, p.repo(1))
	commit(t, p.repo(1), "main", "one")
	initRepo(t, p.repo(2))
	refs := "/info/refs?service=git-upload-pack"
	for _, tc := range []struct {
		name   string
		path   string
		header string
		want   int
	}{
		{"no token", "/api/v4/geo/repositories/gizmo/1.git" + refs, "", http.StatusUnauthorized},
		{"forged token", "/api/v4/geo/repositories/gizmo/1.git" + refs, "GL-Geo sec:not.a.jwt", http.StatusUnauthorized},
		{"token for another repository", "/api/v4/geo/repositories/gizmo/1.git" + refs, p.token(t, 2), http.StatusForbidden},
		{"push", "/api/v4/geo/repositories/gizmo/1.git/info/refs?service=git-receive-pack", p.token(t, 1), http.StatusForbidden},
		{"unknown replicable", "/api/v4/geo/repositories/widget/1.git" + refs, "", http.StatusUnauthorized},
		{"allowed", "/api/v4/geo/repositories/gizmo/1.git" + refs, p.token(t, 1), http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, p.url+tc.path, nil)
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, tc.want, body)
			}
		})
	}
	if !strings.Contains(p.logs.String(), "request refused") {
		t.Errorf("refusals were not logged:\n%s", p.logs)
	}
}

func TestCancelledCloneLeavesNothing(t *testing.T) {
	p := newPrimary(t)
	initRepo(t, p.repo(1))
	commit(t, p.repo(1), "main", "one")
	dest := filepath.Join(t.TempDir(), "1.git")
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := (&gitrepo.Mirror{}).Sync(cctx, gitrepo.URL(p.url, "gizmo", 1), p.token(t, 1), dest); err == nil {
		t.Fatal("a cancelled sync succeeded")
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Errorf("a cancelled clone left %s", dest)
	}
	assertNoTemp(t, filepath.Dir(dest))
}

func TestRemoveStaleTemp(t *testing.T) {
	root := t.TempDir()
	stale := filepath.Join(root, "gizmos", ".tmp-clone-3.git-abc")
	kept := filepath.Join(root, "gizmos", "4.git")
	for _, d := range []string{stale, kept} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := gitrepo.RemoveStaleTemp(root); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("stale clone not removed")
	}
	if _, err := os.Stat(kept); err != nil {
		t.Error("a repository was removed")
	}
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			t.Errorf("temporary clone %s left behind", e.Name())
		}
	}
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func fetchInto(t *testing.T, dst, src string) {
	t.Helper()
	git(t, dst, "fetch", "--quiet", src, "+refs/heads/*:refs/imported/*")
}
