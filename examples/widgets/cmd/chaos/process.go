package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"github.com/geogen/geogen/runtime/site"
)

// siteEnv, when set in a process's environment, makes the harness's binary
// run one site (the JSON siteConfig it holds) instead of the rounds.
const siteEnv = "GEOGEN_CHAOS_SITE"

// siteConfig is everything a site process needs.
type siteConfig struct {
	Role         string // "primary" or "secondary"
	MainURL      string // the primary's main database (the secondary opens it read-only)
	TrackingURL  string // secondary: its tracking database
	Blobs        string // the site's blob directory
	Repositories string // the site's repository directory
	Listen       string // primary: the address of its transfer and git endpoints
	PrimaryURL   string // secondary: where the primary listens
	AccessKey    string
	Secret       string
	Options      site.Options
	Verbose      bool
}

// siteProcess is one site running as a process of its own. start, stop
// and kill are all the rounds use, so running the sites another way (the
// project's site binary, say) changes only command.
type siteProcess struct {
	name string
	cfg  siteConfig
	log  string // the file the process writes its output to

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{}
	err    error // how the last run ended
}

// command is how a site process is started: the harness's own binary,
// told by siteEnv to run the site of cfg.
func command(cfg siteConfig) (*exec.Cmd, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), siteEnv+"="+string(b))
	return cmd, nil
}

// start runs the site; its output is appended to p.log.
func (p *siteProcess) start() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd != nil {
		return fmt.Errorf("%s is already running", p.name)
	}
	cmd, err := command(p.cfg)
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
