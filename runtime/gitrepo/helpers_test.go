package gitrepo_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geoauth"
	"github.com/geogen/geogen/runtime/gitrepo"
)

var ctx = context.Background()

var testSecret = []byte("a secret of thirty-two bytes ...")

// primary is a primary site's repository root served by NewServer.
type primary struct {
	root   string
	url    string
	signer *geoauth.Signer
	logs   *syncBuffer
	// before, when set, runs before the server handles each request.
	before atomic.Pointer[func(*http.Request)]
}

func newPrimary(t testing.TB) *primary {
	t.Helper()
	return newPrimaryAt(t, t.TempDir())
}

// newPrimaryAt serves the repositories under root.
func newPrimaryAt(t testing.TB, root string) *primary {
	t.Helper()
	p := &primary{root: root, logs: &syncBuffer{}}
	verifier := &geoauth.Verifier{Keys: geoauth.StaticKeys{"sec": {Secret: testSecret, Site: "secondary"}}, Audience: "primary"}
	p.signer = &geoauth.Signer{AccessKey: "sec", Secret: testSecret, Issuer: "secondary", Audience: "primary"}
	locate := func(_ context.Context, name string, id int64) (string, error) {
		switch {
		case name != "gizmo":
			return "", gitrepo.ErrRepositoryNotFound
		case id == 666:
			return "../outside.git", nil
		}
		return "gizmos/" + strconv.FormatInt(id, 10) + ".git", nil
	}
	srv := gitrepo.NewServer(p.root, verifier, locate, slog.New(slog.NewTextHandler(p.logs, nil)))
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if before := p.before.Load(); before != nil {
			(*before)(r)
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	p.url = ts.URL
	return p
}

// repo is the path of gizmo id's repository on the primary.
func (p *primary) repo(id int64) string {
	return filepath.Join(p.root, "gizmos", strconv.FormatInt(id, 10)+".git")
}

// token is an Authorization header for gizmo id's repository.
func (p *primary) token(t testing.TB, id int64) string {
	t.Helper()
	h, err := p.signer.Sign(gitrepo.Scope("gizmo", id))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// expiredToken is a header for gizmo id signed an hour ago.
func (p *primary) expiredToken(t testing.TB, id int64) string {
	t.Helper()
	s := *p.signer
	s.Clock = fixedClock(time.Now().Add(-time.Hour))
	h, err := s.Sign(gitrepo.Scope("gizmo", id))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func initRepo(t testing.TB, path string) {
	t.Helper()
	if err := gitrepo.Init(ctx, path); err != nil {
		t.Fatal(err)
	}
}

func commit(t testing.TB, path, branch, content string) string {
	t.Helper()
	id, err := gitrepo.Commit(ctx, path, branch, map[string][]byte{"README": []byte(content)}, "commit "+content)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func setRef(t testing.TB, path, ref, id string) {
	t.Helper()
	if err := gitrepo.SetRef(ctx, path, ref, id); err != nil {
		t.Fatal(err)
	}
}

func checksum(t testing.TB, path string) []byte {
	t.Helper()
	sum, err := gitrepo.Checksum(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func assertNoTemp(t testing.TB, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			t.Errorf("temporary clone %s left behind", e.Name())
		}
	}
}

func assertAbsent(t testing.TB, path string) {
	t.Helper()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("%s exists (stat: %v), want nothing there", path, err)
	}
}

// git runs git in dir (empty: the current directory) with stdin and
// returns its output.
func git(tb testing.TB, dir, stdin string, args ...string) string {
	tb.Helper()
	if dir != "" {
		args = append([]string{"-C", dir}, args...)
	}
	cmd := exec.Command("git", args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		tb.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}
