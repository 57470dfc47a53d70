package gitrepo_test

import (
	"crypto/rand"
	"fmt"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/gitrepo"
)

// BenchmarkChecksum100kRefs checksums a repository with 100,000 branches
// (packed, as a repository that size keeps them); the goal is under 1 s.
func BenchmarkChecksum100kRefs(b *testing.B) {
	repo := filepath.Join(b.TempDir(), "refs.git")
	if err := gitrepo.Init(ctx, repo); err != nil {
		b.Fatal(err)
	}
	id, err := gitrepo.Commit(ctx, repo, "main", map[string][]byte{"a": []byte("a")}, "one")
	if err != nil {
		b.Fatal(err)
	}
	var stdin strings.Builder
	for i := range 100_000 {
		fmt.Fprintf(&stdin, "create refs/heads/branch-%06d %s\n", i, id)
	}
	run(b, repo, stdin.String(), "update-ref", "--stdin")
	run(b, repo, "", "pack-refs", "--all")
	b.ResetTimer()
	for b.Loop() {
		if _, err := gitrepo.Checksum(ctx, repo); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMirror clones a repository through the authenticated Server and,
// side by side, with a plain `git clone --mirror` from an unauthenticated
// `git http-backend`; the goal is within 1.5× of the plain clone. The
// repository is 20 MB of incompressible history, or 100 MB with
// GEOGEN_BENCH_LARGE=1.
func BenchmarkMirror(b *testing.B) {
	size := 20 << 20
	if os.Getenv("GEOGEN_BENCH_LARGE") == "1" {
		size = 100 << 20
	}
	p := newPrimary(b)
	src := p.repo(1)
	if err := gitrepo.Init(ctx, src); err != nil {
		b.Fatal(err)
	}
	const commits = 50
	for i := range commits {
		blob := make([]byte, size/commits)
		rand.Read(blob)
		if _, err := gitrepo.Commit(ctx, src, "main", map[string][]byte{fmt.Sprintf("f%03d", i): blob}, fmt.Sprint("c", i)); err != nil {
			b.Fatal(err)
		}
	}
	run(b, src, "", "repack", "-a", "-d", "-q")
	plain := httptest.NewServer(&cgi.Handler{Path: gitPath(b), Args: []string{"http-backend"},
		Env: []string{"GIT_PROJECT_ROOT=" + p.root, "GIT_HTTP_EXPORT_ALL=1"}})
	b.Cleanup(plain.Close)
	b.Run("plain-http-backend", func(b *testing.B) {
		for b.Loop() {
			dest := filepath.Join(b.TempDir(), "m.git")
			run(b, "", "", "clone", "--mirror", "--quiet", plain.URL+"/gizmos/1.git", dest)
		}
		b.SetBytes(int64(size))
	})
	b.Run("gitrepo-server", func(b *testing.B) {
		m := &gitrepo.Mirror{}
		for b.Loop() {
			dest := filepath.Join(b.TempDir(), "m.git")
			if err := m.Sync(ctx, gitrepo.URL(p.url, "gizmo", 1), p.token(b, 1), dest); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(size))
	})
}

func run(tb testing.TB, dir, stdin string, args ...string) {
	tb.Helper()
	if dir != "" {
		args = append([]string{"-C", dir}, args...)
	}
	cmd := exec.Command("git", args...)
	cmd.Stdin = strings.NewReader(stdin)
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func gitPath(tb testing.TB) string {
	p, err := exec.LookPath("git")
	if err != nil {
		tb.Fatal(err)
	}
	return p
}
