package gitrepo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrMissingOnPrimary is returned by Sync when the primary answers 404
// for the repository: the record exists but its repository does not (the
// registry's missing_on_primary).
var ErrMissingOnPrimary = errors.New("gitrepo: repository not found on the primary")

// tempPrefix starts the names of clones in progress.
const tempPrefix = ".tmp-clone-"

// Mirror keeps bare mirrors of the primary's repositories.
type Mirror struct {
	// Git is the git binary; empty means "git" from PATH.
	Git string
	// Env is extra environment for every git command.
	Env []string
}

// Sync brings the mirror at dest up to date with the repository at url,
// authenticating with authHeader (the Authorization header's value).
//
// A missing mirror is cloned into a temporary directory beside dest and
// renamed into place when complete; an existing one is fetched with
// --prune and --force, so deleted and rewritten branches follow the
// primary. The fetch names url rather than the clone's "origin" remote, so
// a primary whose address changed is followed without rewriting the
// mirror's configuration. HEAD then points where the primary's does.
//
// The header goes to git through its environment (GIT_CONFIG_COUNT and
// http.extraHeader), never its arguments, so it shows neither in process
// listings nor in errors. Errors wrap a *GitError (with git's trimmed
// stderr); a 404 from the primary matches ErrMissingOnPrimary, and a 401
// or 403 says that the primary refused the token. A cancelled ctx kills git and its helpers
// and, for a clone, removes the temporary directory.
//
// A fetch that fails because the mirror is damaged (a ref naming a missing
// object, an unreadable pack) matches ErrCorrupt: Reclone repairs it.
//
// Sync does not lock dest: callers run one Sync per repository at a time
// (the registry's claim does that).
func (m *Mirror) Sync(ctx context.Context, url, authHeader, dest string) error {
	r := runner{git: m.Git, env: append(append([]string{}, m.Env...),
		"GIT_CONFIG_COUNT=2",
		"GIT_CONFIG_KEY_0=http.extraHeader", "GIT_CONFIG_VALUE_0=Authorization: "+authHeader,
		// No credential helper: a refused token is an error, not a
		// password to ask for or to store.
		"GIT_CONFIG_KEY_1=credential.helper", "GIT_CONFIG_VALUE_1=")}
	if _, err := os.Stat(dest); errors.Is(err, fs.ErrNotExist) {
		return classify(r.clone(ctx, url, dest))
	} else if err != nil {
		return err
	}
	if _, err := r.run(ctx, dest, nil, "fetch", "--quiet", "--prune", "--force", url, "+refs/*:refs/*"); err != nil {
		return corrupt(classify(err))
	}
	return classify(r.followHead(ctx, url, dest))
}

func (r runner) clone(ctx context.Context, url, dest string) error {
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return err
	}
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	tmp := filepath.Join(filepath.Dir(dest), tempPrefix+filepath.Base(dest)+"-"+hex.EncodeToString(suffix))
	if _, err := r.run(ctx, "", nil, "clone", "--mirror", "--quiet", url, tmp); err != nil {
		if rmErr := os.RemoveAll(tmp); rmErr != nil {
			return errors.Join(err, fmt.Errorf("remove the unfinished clone %s: %w", tmp, rmErr))
		}
		return err
	}
	if err := os.Rename(tmp, dest); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("move the new mirror into place: %w", err)
	}
	return nil
}

// followHead points HEAD of dest at the branch the primary's HEAD names.
func (r runner) followHead(ctx context.Context, url, dest string) error {
	out, err := r.run(ctx, "", nil, "ls-remote", "--symref", url, "HEAD")
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(out), "\n") {
		if target, ok := strings.CutPrefix(line, "ref: "); ok {
			target, _, _ = strings.Cut(target, "\t")
			_, err := r.run(ctx, dest, nil, "symbolic-ref", "HEAD", target)
			return err
		}
	}
	return nil // an empty repository: HEAD names nothing yet
}

// classify turns git's report of an HTTP refusal into an error that says
// what happened: ErrMissingOnPrimary for a 404, an explanation for a 401
// (which git reports as a failed attempt to prompt for a password).
func classify(err error) error {
	var ge *GitError
	if !errors.As(err, &ge) {
		return err
	}
	switch {
	case strings.Contains(ge.Stderr, "not found") || strings.Contains(ge.Stderr, "returned error: 404"):
		return fmt.Errorf("%w: %w", ErrMissingOnPrimary, err)
	case strings.Contains(ge.Stderr, "could not read Username") || strings.Contains(ge.Stderr, "Authentication failed") ||
		strings.Contains(ge.Stderr, "returned error: 401"):
		return fmt.Errorf("gitrepo: the primary refused the token (401 Unauthorized): check this site's access key and secret, and both sites' clocks: %w", err)
	case strings.Contains(ge.Stderr, "returned error: 403"):
		return fmt.Errorf("gitrepo: the primary refused the token (403 Forbidden): it is not scoped to this repository: %w", err)
	}
	return err
}

// RemoveStaleTemp deletes clones left half-done under root by a process
// that died mid-clone (a live clone cleans up after itself, even when its
// context is cancelled). Run it when no sync is running under root, such
// as at start-up. It does not descend into repositories.
func RemoveStaleTemp(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if strings.HasPrefix(d.Name(), tempPrefix) {
			if err := os.RemoveAll(p); err != nil {
				return fmt.Errorf("remove stale clone: %w", err)
			}
			return filepath.SkipDir
		}
		if p != root && isBareRepository(p) {
			return filepath.SkipDir // nothing of ours inside
		}
		return nil
	})
}

// isBareRepository reports whether dir looks like a bare repository: it
// has a HEAD file and an objects directory.
func isBareRepository(dir string) bool {
	head, err := os.Stat(filepath.Join(dir, "HEAD"))
	if err != nil || head.IsDir() {
		return false
	}
	objects, err := os.Stat(filepath.Join(dir, "objects"))
	return err == nil && objects.IsDir()
}

// Housekeep lets git pack and prune the mirror at path when it decides
// it is worth it.
func (m *Mirror) Housekeep(ctx context.Context, path string) error {
	_, err := runner{git: m.Git, env: m.Env}.run(ctx, path, nil, "gc", "--auto", "--quiet")
	return err
}
