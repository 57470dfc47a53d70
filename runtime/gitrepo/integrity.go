package gitrepo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrCorrupt means git found the repository damaged: objects missing or
// unreadable, a ref naming an object that is not there, a pack that does
// not match its index. A mirror in that state does not heal by fetching
// (git trusts the objects it has), so it is cloned again (Reclone).
var ErrCorrupt = errors.New("gitrepo: repository is corrupt")

// corruptionSigns are what git writes to stderr when it reads a damaged
// repository.
var corruptionSigns = []string{
	"bad object", "missing blob", "missing tree", "missing commit", "missing tag",
	"is corrupt", "corrupt loose object", "corrupt packed object", "packfile",
	"did not send all necessary objects", "unable to read", "invalid sha1 pointer",
	"broken link", "not a git repository", "bad sha1 file", "index file",
	"inflate:", "unknown object type", "dangling ref", "bad ref", "badRefName",
}

// corrupt wraps a git error that shows a damaged repository in
// ErrCorrupt, and returns other errors as they are.
func corrupt(err error) error {
	var ge *GitError
	if !errors.As(err, &ge) {
		return err
	}
	for _, sign := range corruptionSigns {
		if strings.Contains(ge.Stderr, sign) {
			return fmt.Errorf("%w: %w", ErrCorrupt, err)
		}
	}
	return err
}

// Check reports whether the repository at path is whole: every object
// reachable from its refs is present and every object reads and hashes to
// its name (git fsck). The connectivity-only walk would cost about half as
// much, but it never inflates file contents, so a damaged blob inside a
// pack (which breaks every clone) would still verify. A damaged
// repository gives an error wrapping ErrCorrupt.
func (m *Mirror) Check(ctx context.Context, path string) error {
	r := runner{git: m.Git, env: m.Env}
	_, err := r.run(ctx, path, nil, "fsck", "--no-dangling", "--no-progress")
	if err == nil {
		return nil
	}
	var ge *GitError
	if errors.As(err, &ge) && ge.Code != 0 {
		// fsck exits non-zero only for what it found wrong.
		return fmt.Errorf("%w: %s: %w", ErrCorrupt, path, err)
	}
	return fmt.Errorf("gitrepo: check %s: %w", path, err)
}

// Reclone replaces the mirror at dest with a fresh clone of url: the old
// one is moved aside first (under a temporary name that RemoveStaleTemp
// removes, should the process die before the end), then cloned as Sync
// does, then the old one is deleted. If the clone fails the mirror is
// gone; the next Sync clones it.
func (m *Mirror) Reclone(ctx context.Context, url, authHeader, dest string) error {
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	aside := filepath.Join(filepath.Dir(dest), tempPrefix+filepath.Base(dest)+"-damaged-"+hex.EncodeToString(suffix))
	if err := os.Rename(dest, aside); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("gitrepo: move the damaged mirror %s aside: %w", dest, err)
	}
	err := m.Sync(ctx, url, authHeader, dest)
	if rmErr := os.RemoveAll(aside); rmErr != nil {
		err = errors.Join(err, fmt.Errorf("gitrepo: remove the damaged mirror %s: %w", aside, rmErr))
	}
	return err
}
