package gitrepo_test

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/geogen/geogen/runtime/gitrepo"
)

// BenchmarkChecksum100kRefs checksums a repository with 100,000 branches
// and tags, packed as a repository that size keeps them. Goal: under 1 s
// per checksum.
func BenchmarkChecksum100kRefs(b *testing.B) {
	repo := filepath.Join(b.TempDir(), "refs.git")
	initRepo(b, repo)
	ids := []string{commit(b, repo, "main", "one"), commit(b, repo, "main", "two")}
	var stdin strings.Builder
	for i := range 100_000 {
		kind := "heads"
		if i%4 == 0 {
			kind = "tags"
		}
		fmt.Fprintf(&stdin, "create refs/%s/ref-%06d %s\n", kind, i, ids[i%2])
	}
	git(b, repo, stdin.String(), "update-ref", "--stdin") // one process for all refs
	git(b, repo, "", "pack-refs", "--all")
	for b.Loop() {
		if _, err := gitrepo.Checksum(ctx, repo); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMirror clones a repository of random, incompressible blobs
// through the authenticated Server (with Mirror.Sync) and, side by side,
// with a plain `git clone --mirror` from an unauthenticated
// `git http-backend` behind the same CGI bridge. Goal: the Server within
// 1.5x of the plain clone.
//
// The 5 MB size always runs. The 100 MB size runs only when the
// environment has GEOGEN_BENCH_LARGE=1, so that `make bench` stays quick:
//
//	GEOGEN_BENCH_LARGE=1 go test -run '^$' -bench Mirror ./runtime/gitrepo
func BenchmarkMirror(b *testing.B) {
	for _, size := range []int{5 << 20, 100 << 20} {
		b.Run(fmt.Sprintf("%dMB", size>>20), func(b *testing.B) {
			if size > 5<<20 && os.Getenv("GEOGEN_BENCH_LARGE") != "1" {
				b.Skip("set GEOGEN_BENCH_LARGE=1 to mirror a 100 MB repository")
			}
			root := randomRepository(b, size)
			p := newPrimaryAt(b, root)
			gitBinary, err := exec.LookPath("git")
			if err != nil {
				b.Fatal(err)
			}
			plain := httptest.NewServer(&cgi.Handler{Path: gitBinary, Args: []string{"http-backend"},
				Env: []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"}})
			b.Cleanup(plain.Close)

			b.Run("plain-http-backend", func(b *testing.B) {
				b.SetBytes(int64(size))
				for b.Loop() {
					git(b, "", "", "clone", "--mirror", "--quiet", plain.URL+"/gizmos/1.git", filepath.Join(b.TempDir(), "m.git"))
				}
			})
			b.Run("gitrepo-server", func(b *testing.B) {
				b.SetBytes(int64(size))
				m := &gitrepo.Mirror{}
				for b.Loop() {
					dest := filepath.Join(b.TempDir(), "m.git")
					if err := m.Sync(ctx, gitrepo.URL(p.url, "gizmo", 1), p.token(b, 1), dest); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// randomRepositories holds, per size, a primary root whose gizmos/1.git
// has that many bytes of random blobs; each is built once per process.
var randomRepositories = struct {
	sync.Mutex
	roots map[int]string
}{roots: map[int]string{}}

// randomRepository returns the root of a primary holding gizmos/1.git:
// 20 commits on main, each adding one random blob, size bytes in all,
// written by one git fast-import and packed.
func randomRepository(b *testing.B, size int) string {
	randomRepositories.Lock()
	defer randomRepositories.Unlock()
	if root, ok := randomRepositories.roots[size]; ok {
		return root
	}
	root, err := os.MkdirTemp("", "gitrepo-bench-")
	if err != nil {
		b.Fatal(err)
	}
	repo := filepath.Join(root, "gizmos", "1.git")
	initRepo(b, repo)

	cmd := exec.Command("git", "--git-dir="+repo, "fast-import", "--quiet")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	const commits = 20
	w := bufio.NewWriterSize(stdin, 1<<20)
	random := rand.NewChaCha8([32]byte{1}) // incompressible, and the same every run
	for i := range commits {
		fmt.Fprintf(w, "commit refs/heads/main\ncommitter bench <bench@example.com> %d +0000\ndata 9\ncommit %02d\n", 1767225600+i, i)
		fmt.Fprintf(w, "M 100644 inline blob-%02d\ndata %d\n", i, size/commits)
		if _, err := io.CopyN(w, random, int64(size/commits)); err != nil {
			b.Fatal(err)
		}
		w.WriteString("\n\n")
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		b.Fatalf("fast-import: %v", err)
	}
	git(b, repo, "", "repack", "-a", "-d", "-q")
	randomRepositories.roots[size] = root
	return root
}

// removeRandomRepositories deletes what randomRepository built.
func removeRandomRepositories() {
	randomRepositories.Lock()
	defer randomRepositories.Unlock()
	for _, root := range randomRepositories.roots {
		os.RemoveAll(root)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	removeRandomRepositories()
	os.Exit(code)
}
