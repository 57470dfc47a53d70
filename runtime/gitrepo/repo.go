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

// authorEnv makes commits reproducible: the same files and message give
// the same commit id.
var authorEnv = []string{
	"GIT_AUTHOR_NAME=geogen", "GIT_AUTHOR_EMAIL=geogen@example.com", "GIT_AUTHOR_DATE=2026-01-01T00:00:00Z",
	"GIT_COMMITTER_NAME=geogen", "GIT_COMMITTER_EMAIL=geogen@example.com", "GIT_COMMITTER_DATE=2026-01-01T00:00:00Z",
}

// Commit adds a commit on branch of the bare repository at path whose tree
// holds files (flat names only), with the branch's tip as its parent, and
// returns its id. No work tree is needed: the objects are written with
// one git fast-import.
func Commit(ctx context.Context, path, branch string, files map[string][]byte, message string) (string, error) {
	r := runner{env: authorEnv}
	var script strings.Builder
	names := make([]string, 0, len(files))
	for name := range files {
		if strings.ContainsAny(name, "/\n\"") || name == "" {
			return "", fmt.Errorf("commit: file name %q must be a plain name", name)
		}
		names = append(names, name)
	}
	sort.Strings(names)
	ref := "refs/heads/" + branch
	fmt.Fprintf(&script, "commit %s\nmark :1\ncommitter geogen <geogen@example.com> 1767225600 +0000\ndata %d\n%s\n", ref, len(message), message)
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
