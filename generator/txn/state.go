package txn

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Dir is the project's state directory, relative to its root.
const Dir = ".geogen"

// ignoreAll is Dir's .gitignore: git ignores the directory's every file,
// this one included, so `git add -A` never picks up a lock or a staging
// file, and the project's own .gitignore needs no line for it.
const ignoreAll = "# geogen's working state (lock, interrupted writes): never committed.\n*\n"

// stateDir makes root's state directory and its .gitignore if missing,
// and returns its path.
func stateDir(root string) (string, error) {
	dir := filepath.Join(root, Dir)
	switch err := os.Mkdir(dir, 0o755); {
	case err == nil:
		// Made now: its entry in the project must survive a crash, or a
		// transaction committed in it could vanish with it.
		if err := syncDir(root); err != nil {
			return "", err
		}
	case !errors.Is(err, fs.ErrExist):
		return "", err
	}
	if info, err := os.Stat(dir); err != nil {
		return "", err
	} else if !info.IsDir() {
		return "", ErrStateNotDir
	}
	ignore := filepath.Join(dir, ".gitignore")
	if _, err := os.Stat(ignore); errors.Is(err, fs.ErrNotExist) {
		if err := os.WriteFile(ignore, []byte(ignoreAll), 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// ErrStateNotDir is returned when something other than a directory holds
// the state directory's name.
var ErrStateNotDir = errors.New(Dir + " is not a directory, and geogen keeps its lock and the staging of interrupted commands there; move that file away or delete it, then rerun")

// txDir is where a transaction stages its files and keeps its journal.
func txDir(root string) string { return filepath.Join(root, Dir, "tx") }

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// RemoveIdle removes root's state directory when it holds nothing but
// what stateDir and the lock put there: what a command that created it
// leaves when it wrote nothing (an init that was refused), which must not
// be left behind. A directory with anything else in it (staging to
// recover) stays.
func RemoveIdle(root string) {
	dir := filepath.Join(root, Dir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Name() != "lock" && e.Name() != ".gitignore" {
			return
		}
	}
	for _, e := range entries {
		os.Remove(filepath.Join(dir, e.Name()))
	}
	os.Remove(dir)
}
