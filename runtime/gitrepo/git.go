package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// GitError is a failed git command: its arguments, exit code and what it
// wrote to stderr.
type GitError struct {
	Args   []string
	Code   int
	Stderr string
	Err    error
}

func (e *GitError) Error() string {
	msg := strings.TrimSpace(e.Stderr)
	if len(msg) > 500 {
		msg = msg[:500] + "…"
	}
	if msg == "" {
		msg = e.Err.Error()
	}
	return fmt.Sprintf("git %s: exit %d: %s", strings.Join(e.Args, " "), e.Code, msg)
}

func (e *GitError) Unwrap() error { return e.Err }

// runner runs git with a fixed binary and extra environment.
type runner struct {
	git string
	env []string
}

func (r runner) binary() string {
	if r.git == "" {
		return "git"
	}
	return r.git
}

// run runs git on the repository gitDir (empty: none) and returns its
// stdout. The repository is named with --git-dir rather than found from a
// working directory, so a path that is not a repository is an error
// instead of a silent look at some enclosing repository.
func (r runner) run(ctx context.Context, gitDir string, stdin []byte, args ...string) ([]byte, error) {
	if gitDir != "" {
		args = append([]string{"--git-dir=" + gitDir}, args...)
	}
	cmd := exec.CommandContext(ctx, r.binary(), args...)
	killGroupOnCancel(cmd)
	cmd.WaitDelay = 5 * time.Second
	cmd.Env = append(cmd.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")
	cmd.Env = append(cmd.Env, r.env...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		code := -1
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		}
		if ctx.Err() != nil {
			err = errors.Join(ctx.Err(), err)
		}
		return nil, &GitError{Args: args, Code: code, Stderr: stderr.String(), Err: err}
	}
	return stdout.Bytes(), nil
}
