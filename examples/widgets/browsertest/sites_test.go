package browsertest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// sites are a primary and a secondary of the example's site binary, run
// as processes on loopback with SQLite databases in one directory.
type sites struct {
	t                    *testing.T
	geo                  string // the built binary
	dir                  string
	token                string // the admin token of both sites
	primaryConfig        string
	secondaryConfig      string
	primaryAdmin         string // base URL of the primary's admin API (and console)
	secondaryAdmin       string
	mainURL, trackingURL string
	primaryBlobs         string
	secondaryBlobs       string
	procs                []*exec.Cmd
}

// The sites' names: neither is its role's word, so a page header that
// names the site is told apart from one that names only the role.
const (
	primaryName   = "lisbon"
	secondaryName = "osaka"
)

// buildGeo builds cmd/geo into dir.
func buildGeo(t *testing.T, dir string) string {
	t.Helper()
	geo := filepath.Join(dir, "geo")
	cmd := exec.Command("go", "build", "-o", geo, "./cmd/geo")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/geo: %v\n%s", err, out)
	}
	return geo
}

// newSites writes both sites' configuration, migrates their databases and
// turns replication of both types on; the processes start with start.
func newSites(t *testing.T, geo, dir string) *sites {
	t.Helper()
	ports := freePorts(t, 4)
	flagDefinitions, err := filepath.Abs(filepath.Join("..", "config", "feature_flags"))
	if err != nil {
		t.Fatal(err)
	}
	secrets := filepath.Join(dir, "secrets")
	if err := os.MkdirAll(secrets, 0o700); err != nil {
		t.Fatal(err)
	}
	s := &sites{
		t: t, geo: geo, dir: dir, token: "console-" + randomHex(12),
		primaryConfig:   filepath.Join(dir, "primary.yml"),
		secondaryConfig: filepath.Join(dir, "secondary.yml"),
		primaryAdmin:    fmt.Sprintf("http://127.0.0.1:%d", ports[1]),
		secondaryAdmin:  fmt.Sprintf("http://127.0.0.1:%d", ports[3]),
		mainURL:         "sqlite:" + filepath.Join(dir, "main.db"),
		trackingURL:     "sqlite:" + filepath.Join(dir, "tracking.db"),
		primaryBlobs:    filepath.Join(dir, "primary", "blobs"),
		secondaryBlobs:  filepath.Join(dir, "secondary", "blobs"),
	}
	for name, value := range map[string]string{"site_secret": randomHex(32), "admin_token": s.token} {
		if err := os.WriteFile(filepath.Join(secrets, name), []byte(value+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	common := fmt.Sprintf(`secrets:
  site_secret: {file: %[1]s/site_secret}
  admin_token: {file: %[1]s/admin_token}
intervals: {poll: 50ms, maintenance: 500ms, consistency: 1s, status: 1s, flags_refresh: 1s}
feature_flags: {definitions: %[2]s}
log: {level: info}
`, secrets, flagDefinitions)
	primary := fmt.Sprintf(`role: primary
site: {name: %s, url: "http://127.0.0.1:%d"}
listen: {site: "127.0.0.1:%d", admin: "127.0.0.1:%d"}
databases: {main: %q}
storage: {blobs: %q, repositories: %q}
`, primaryName, ports[0], ports[0], ports[1], s.mainURL, s.primaryBlobs, filepath.Join(dir, "primary", "repositories")) + common
	secondary := fmt.Sprintf(`role: secondary
site: {name: %s, url: "http://127.0.0.1:%d"}
primary: {url: "http://127.0.0.1:%d"}
listen: {site: "127.0.0.1:%d", admin: "127.0.0.1:%d"}
databases: {main: %q, tracking: %q}
storage: {blobs: %q, repositories: %q}
`, secondaryName, ports[2], ports[0], ports[2], ports[3], s.mainURL, s.trackingURL, s.secondaryBlobs, filepath.Join(dir, "secondary", "repositories")) + common
	for path, content := range map[string]string{s.primaryConfig: primary, s.secondaryConfig: secondary} {
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s.run(s.primaryConfig, "migrate")
	s.run(s.secondaryConfig, "migrate")
	s.run(s.primaryConfig, "flags", "enable", "geo_cool_widget_replication", "geo_gizmo_replication", "--actor", "browsertest")
	t.Cleanup(s.stop)
	return s
}

// run runs an operator command that must succeed.
func (s *sites) run(config string, args ...string) {
	s.t.Helper()
	cmd := exec.Command(s.geo, append([]string{"-c", config}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		s.t.Fatalf("geo %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// start starts a site process (role primary or secondary) with its log
// in dir, and waits until its admin API answers.
func (s *sites) start(role string) {
	s.t.Helper()
	config, admin := s.primaryConfig, s.primaryAdmin
	if role == "secondary" {
		config, admin = s.secondaryConfig, s.secondaryAdmin
	}
	log, err := os.Create(filepath.Join(s.dir, role+".log"))
	if err != nil {
		s.t.Fatal(err)
	}
	defer log.Close()
	cmd := exec.Command(s.geo, "-c", config, role)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.procs = append(s.procs, cmd)
	if err := waitForAdmin(admin, s.token); err != nil {
		s.t.Fatalf("geo %s: %v\n%s", role, err, s.log(role))
	}
}

// log returns a site's log so far.
func (s *sites) log(role string) string {
	b, _ := os.ReadFile(filepath.Join(s.dir, role+".log"))
	return string(b)
}

// waitForAdmin waits until the admin API's status answers the token.
func waitForAdmin(base, token string) error {
	deadline := time.Now().Add(60 * time.Second)
	for {
		req, _ := http.NewRequest(http.MethodGet, base+"/api/v4/geo_sites/current/status", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("status %s", resp.Status)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("admin API at %s did not answer within a minute: %w", base, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stop sends SIGTERM to the sites and reports one that does not shut
// down cleanly.
func (s *sites) stop() {
	for _, p := range s.procs {
		_ = p.Process.Signal(syscall.SIGTERM)
	}
	for _, p := range s.procs {
		done := make(chan error, 1)
		go func() { done <- p.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				s.t.Errorf("geo %s did not shut down cleanly: %v", p.Args[len(p.Args)-1], err)
			}
		case <-time.After(30 * time.Second):
			_ = p.Process.Kill()
			s.t.Errorf("geo %s did not stop within 30s of SIGTERM", p.Args[len(p.Args)-1])
		}
	}
	s.procs = nil
	if s.t.Failed() {
		for _, role := range []string{"primary", "secondary"} {
			s.t.Logf("%s log (last 4000 bytes):\n%s", role, tail(s.log(role), 4000))
		}
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

var errTimeout = errors.New("timed out")

// poll calls check every 100ms until it returns true, an error, or ctx
// ends.
func poll(ctx context.Context, check func() (bool, error)) error {
	for {
		ok, err := check()
		if err != nil || ok {
			return err
		}
		select {
		case <-ctx.Done():
			return errTimeout
		case <-time.After(100 * time.Millisecond):
		}
	}
}
