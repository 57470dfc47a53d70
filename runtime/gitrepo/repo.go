package gitrepo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Init creates an empty bare repository at path.
func Init(ctx context.Context, path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	_, err := runner{}.run(ctx, "", nil, "init", "--bare", "--quiet", "--initial-branch=main", path)
	return err
}

// fixedCommitter is the author and committer of every Commit, with a
// fixed date, so that the same files and message on the same parent give
// the same commit id.
const fixedCommitter = "geogen <geogen@example.com> 1767225600 +0000"

// Commit adds a commit on branch of the bare repository at path and
// returns its id. Its parent is the branch's tip, if any, and its tree is
// the parent's with files added or replaced (flat names only). No work
// tree is needed: the objects and the ref are written by one
// `git fast-import`. It is meant for tests and demonstrations.
func Commit(ctx context.Context, path, branch string, files map[string][]byte, message string) (string, error) {
	r := runner{}
	var script strings.Builder
	names := make([]string, 0, len(files))
	for name := range files {
		if strings.ContainsAny(name, "/\n\"") || name == "" {
			return "", fmt.Errorf("gitrepo: commit: file name %q must be a plain name (no slash, quote or newline)", name)
		}
		names = append(names, name)
	}
	sort.Strings(names)
	ref := "refs/heads/" + branch
	fmt.Fprintf(&script, "commit %s\nauthor %s\ncommitter %s\ndata %d\n%s\n", ref, fixedCommitter, fixedCommitter, len(message), message)
	if parent, err := r.run(ctx, path, nil, "rev-parse", "--verify", "--quiet", ref); err == nil {
		fmt.Fprintf(&script, "from %s\n", strings.TrimSpace(string(parent)))
	}
	for _, name := range names {
		fmt.Fprintf(&script, "M 100644 inline %s\ndata %d\n%s\n", name, len(files[name]), files[name])
	}
	script.WriteString("\n")
	if _, err := r.run(ctx, path, []byte(script.String()), "fast-import", "--quiet"); err != nil {
		return "", err
	}
	out, err := r.run(ctx, path, nil, "rev-parse", ref)
	return strings.TrimSpace(string(out)), err
}

// SetRef points ref at object id in the repository at path.
func SetRef(ctx context.Context, path, ref, id string) error {
	_, err := runner{}.run(ctx, path, nil, "update-ref", ref, id)
	return err
}

// DeleteRef deletes ref from the repository at path.
func DeleteRef(ctx context.Context, path, ref string) error {
	_, err := runner{}.run(ctx, path, nil, "update-ref", "-d", ref)
	return err
}
