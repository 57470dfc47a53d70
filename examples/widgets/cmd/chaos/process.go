package main

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// siteConfig is what the harness writes into a site's configuration
// file for the project's site binary (cmd/geo).
type siteConfig struct {
	Role         string // "primary" or "secondary"; also the site's name
	MainURL      string // the primary's main database (the secondary reads it read-only)
	TrackingURL  string // secondary: its tracking database
	Blobs        string // the site's blob directory
	Repositories string // the site's repository directory
	Listen       string // the site's transfer (and git) endpoint
	AdminListen  string // its admin API
	PrimaryURL   string // secondary: where the primary listens
	SecretFile   string // the secret both sites share, and the admin token
	Verbose      bool
}

// file is the configuration of run gen of the site: the tuning of
// siteTuning, and database URLs whose application_name names the run (see
// connSampler).
func (c siteConfig) file(gen int) (string, error) {
	named := func(dsn string) (string, error) {
		if dsn == "" {
			return "", nil
		}
		u, err := url.Parse(dsn)
		if err != nil {
			return "", err
		}
		q := u.Query()
		q.Set("application_name", fmt.Sprintf("%s-%d", q.Get("application_name"), gen))
		u.RawQuery = q.Encode()
		return u.String(), nil
	}
	main, err := named(c.MainURL)
	if err != nil {
		return "", err
	}
	tracking, err := named(c.TrackingURL)
	if err != nil {
		return "", err
	}
	level := "info"
	if c.Verbose {
		level = "debug"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "role: %s\nsite: {name: %s, url: %q}\nlisten: {site: %q, admin: %q}\n", c.Role, c.Role, "http://"+c.Listen, c.Listen, c.AdminListen)
	if c.PrimaryURL != "" {
		fmt.Fprintf(&b, "primary: {url: %q}\n", c.PrimaryURL)
	}
	fmt.Fprintf(&b, "databases: {main: %q", main)
	if tracking != "" {
		fmt.Fprintf(&b, ", tracking: %q", tracking)
	}
	fmt.Fprintf(&b, "}\nstorage: {blobs: %q, repositories: %q}\n", c.Blobs, c.Repositories)
	fmt.Fprintf(&b, "secrets: {site_secret: {file: %q}, admin_token: {file: %q}}\n", c.SecretFile, c.SecretFile)
	fmt.Fprintf(&b, "feature_flags: {definitions: \"\"}\nlog: {level: %s}\n%s", level, siteTuning)
	return b.String(), nil
}

// siteProcess is one site running as a process of its own: the project's
// site binary, geo primary or geo secondary. start, stop and kill are all
// the rounds use.
type siteProcess struct {
	name string
	geo  string // the site binary
	cfg  siteConfig
	log  string // the file the process writes its output to
	gen  int    // how many times it was started

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{}
	err    error // how the last run ended
}

// command is how a site process is started: the site binary with a
// configuration file written for this run.
func (p *siteProcess) command() (*exec.Cmd, error) {
	p.gen++
	body, err := p.cfg.file(p.gen)
	if err != nil {
		return nil, err
	}
	file := filepath.Join(filepath.Dir(p.log), p.name+".yml")
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		return nil, err
	}
	return exec.Command(p.geo, "-c", file, p.cfg.Role), nil
}

// start runs the site; its output is appended to p.log.
func (p *siteProcess) start() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd != nil {
		return fmt.Errorf("%s is already running", p.name)
	}
	cmd, err := p.command()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(p.log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "--- %s started at %s\n", p.name, time.Now().UTC().Format(time.RFC3339Nano))
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = siteAttr()
	if err := cmd.Start(); err != nil {
		out.Close()
		return fmt.Errorf("start %s: %w", p.name, err)
	}
	exited := make(chan struct{})
	p.cmd, p.exited = cmd, exited
	go func() {
		err := cmd.Wait()
		out.Close()
		p.mu.Lock()
		p.err = err
		p.mu.Unlock()
		close(exited)
	}()
	return nil
}

// running reports whether the process is up; when it has exited by
// itself, the error says how.
func (p *siteProcess) running() (bool, error) {
	p.mu.Lock()
	cmd, exited := p.cmd, p.exited
	p.mu.Unlock()
	if cmd == nil {
		return false, nil
	}
	select {
	case <-exited:
		p.mu.Lock()
		defer p.mu.Unlock()
		return false, fmt.Errorf("%s exited by itself (%v); see %s", p.name, p.err, p.log)
	default:
		return true, nil
	}
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *siteProcess) kill() error { return p.signal(syscall.SIGKILL, 10*time.Second) }

// stop asks the process to shut down (SIGTERM) and waits for it.
func (p *siteProcess) stop() error { return p.signal(syscall.SIGTERM, 30*time.Second) }

func (p *siteProcess) signal(sig syscall.Signal, wait time.Duration) error {
	p.mu.Lock()
	cmd, exited := p.cmd, p.exited
	p.mu.Unlock()
	if cmd == nil {
		return nil
	}
	if err := cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("signal %s: %w", p.name, err)
	}
	select {
	case <-exited:
	case <-time.After(wait):
		cmd.Process.Kill()
		<-exited
		return fmt.Errorf("%s did not exit within %s of %s; killed", p.name, wait, sig)
	}
	p.mu.Lock()
	p.cmd = nil
	p.mu.Unlock()
	return nil
}
