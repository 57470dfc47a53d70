package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// sites are the two configurations and the processes of the site
// binary running them.
type sites struct {
	geo       string // the built binary
	dir       string
	primary   string // primary.yml
	secondary string // secondary.yml
	procs     []*exec.Cmd
	verbose   bool
}

// configure writes both sites' configuration files and secrets into dir.
func configure(dir, geo string, dbs *databases, verbose bool) (*sites, error) {
	ports, err := freePorts(4)
	if err != nil {
		return nil, err
	}
	secrets := filepath.Join(dir, "secrets")
	if err := os.MkdirAll(secrets, 0o700); err != nil {
		return nil, err
	}
	for name, value := range map[string]string{"site_secret": randomHex(32), "admin_token": "demo-" + randomHex(10)} {
		if err := os.WriteFile(filepath.Join(secrets, name), []byte(value+"\n"), 0o600); err != nil {
			return nil, err
		}
	}
	common := fmt.Sprintf(`secrets:
  site_secret: {file: %[1]s/site_secret}
  admin_token: {file: %[1]s/admin_token}
intervals: {poll: 50ms, maintenance: 500ms, consistency: 1s, status: 1s, flags_refresh: 1s}
feature_flags: {definitions: config/feature_flags}
log: {level: %[2]s}
`, secrets, map[bool]string{true: "debug", false: "warn"}[verbose])
	primary := fmt.Sprintf(`role: primary
site: {name: primary, url: "http://127.0.0.1:%d"}
listen: {site: "127.0.0.1:%d", admin: "127.0.0.1:%d"}
databases: {main: %q}
storage: {blobs: %q, repositories: %q}
`, ports[0], ports[0], ports[1], dbs.main, filepath.Join(dir, "primary", "blobs"), filepath.Join(dir, "primary", "repositories")) + common
	secondary := fmt.Sprintf(`role: secondary
site: {name: secondary, url: "http://127.0.0.1:%d"}
primary: {url: "http://127.0.0.1:%d"}
listen: {site: "127.0.0.1:%d", admin: "127.0.0.1:%d"}
databases: {main: %q, tracking: %q}
storage: {blobs: %q, repositories: %q}
`, ports[2], ports[0], ports[2], ports[3], dbs.main, dbs.tracking, filepath.Join(dir, "secondary", "blobs"), filepath.Join(dir, "secondary", "repositories")) + common
	s := &sites{geo: geo, dir: dir, primary: filepath.Join(dir, "primary.yml"), secondary: filepath.Join(dir, "secondary.yml"), verbose: verbose}
	if err := os.WriteFile(s.primary, []byte(primary), 0o600); err != nil {
		return nil, err
	}
	return s, os.WriteFile(s.secondary, []byte(secondary), 0o600)
}

// run runs one operator command, printing it and its output; it returns
// the exit code (an error only when the command could not run).
func (s *sites) run(ctx context.Context, config string, args ...string) (int, error) {
	args = append([]string{"-c", config}, args...)
	fmt.Printf("\n$ geo %s\n", strings.Join(args, " "))
	cmd := exec.CommandContext(ctx, s.geo, args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stdout
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), nil
	}
	return 0, err
}

// mustRun runs an operator command that must succeed.
func (s *sites) mustRun(ctx context.Context, config string, args ...string) error {
	code, err := s.run(ctx, config, args...)
	if err == nil && code != 0 {
		err = fmt.Errorf("geo %s exited %d", strings.Join(args, " "), code)
	}
	return err
}

// start starts a site process; its log goes to a file in dir (or to
// stderr with -v).
func (s *sites) start(role, config string) error {
	cmd := exec.Command(s.geo, "-c", config, role)
	if s.verbose {
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	} else {
		f, err := os.Create(filepath.Join(s.dir, role+".log"))
		if err != nil {
			return err
		}
		cmd.Stdout, cmd.Stderr = f, f
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	s.procs = append(s.procs, cmd)
	fmt.Printf("started geo %s (pid %d)\n", role, cmd.Process.Pid)
	return nil
}

// waitForPrimary waits until the primary answers a secondary's signed
// request (the doctor's check, run quietly).
func (s *sites) waitForPrimary(ctx context.Context) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		var out bytes.Buffer
		cmd := exec.CommandContext(ctx, s.geo, "-c", s.secondary, "doctor")
		cmd.Stdout, cmd.Stderr = &out, &out
		if cmd.Run() == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the sites did not come up; geo doctor says:\n%s", out.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// stop sends SIGTERM to both sites and checks they shut down cleanly.
func (s *sites) stop() error {
	var errs []error
	for _, p := range s.procs {
		_ = p.Process.Signal(syscall.SIGTERM)
	}
	for _, p := range s.procs {
		if err := p.Wait(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w (log in %s)", strings.Join(p.Args[1:], " "), err, s.dir))
		}
	}
	s.procs = nil
	return errors.Join(errs...)
}

func freePorts(n int) ([]int, error) {
	var ports []int
	var lns []io.Closer
	defer func() {
		for _, l := range lns {
			l.Close()
		}
	}()
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
