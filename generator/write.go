package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/geogen/geogen/generator/manifest"
)

// Apply writes the plan as one transaction. Every new content is first
// staged in a temporary file next to its target; only when all are staged
// are the targets swapped in by rename, with the previous files moved
// aside. If anything fails the swaps are undone and the staged files
// removed, so the project is as it was: never half a type, never a lock
// that disagrees with the files. geogen.yaml is swapped last, so it only
// records files that are really in place.
//
// Files whose bytes do not change are not touched, so their modification
// times, and the Go build cache keyed on them, survive.
func (p *Plan) Apply() error {
	return (&transaction{root: p.Root, rename: os.Rename}).run(p.Changes)
}

// staging file names: hidden, and recognisable so a crashed run's
// leftovers are never mistaken for outputs.
const (
	stagePrefix = ".geogen-"
	stageSuffix = ".tmp"
	asideSuffix = ".old"
)

func isStaging(name string) bool {
	return strings.HasPrefix(name, stagePrefix) && (strings.HasSuffix(name, stageSuffix) || strings.HasSuffix(name, asideSuffix))
}

type transaction struct {
	root   string
	rename func(from, to string) error // replaced in tests to inject failures

	madeDirs []string // directories created, deepest last
	staged   []string // temp files holding new content
	aside    []swap   // targets moved out of the way
	placed   []string // targets now holding new content
}

// swap records a target moved aside to a backup.
type swap struct{ target, backup string }

func (tx *transaction) abs(p string) string { return filepath.Join(tx.root, filepath.FromSlash(p)) }

func (tx *transaction) run(changes []Change) (err error) {
	var writes []*Change
	for i := range changes {
		if changes[i].Writes() {
			writes = append(writes, &changes[i])
		}
	}
	// The manifest goes last: if any other swap fails it still describes
	// the old files.
	slices.SortStableFunc(writes, func(a, b *Change) int {
		return boolCmp(a.Path == manifest.FileName, b.Path == manifest.FileName)
	})
	defer func() {
		if err != nil {
			if rerr := tx.rollback(); rerr != nil {
				err = fmt.Errorf("%w; rolling back also failed, so check these files by hand: %v", err, rerr)
			}
		}
	}()
	temps, err := tx.stageAll(writes)
	if err != nil {
		return err
	}
	for i, c := range writes {
		target := tx.abs(c.Path)
		if c.Action != Create {
			backup, err := tx.backupName(target)
			if err != nil {
				return fmt.Errorf("move %s aside: %w", c.Path, err)
			}
			if err := tx.rename(target, backup); err != nil {
				return fmt.Errorf("move %s aside: %w", c.Path, err)
			}
			tx.aside = append(tx.aside, swap{target, backup})
		}
		if c.Action == Delete {
			continue
		}
		if err := tx.rename(temps[i], target); err != nil {
			return fmt.Errorf("write %s: %w", c.Path, err)
		}
		tx.placed = append(tx.placed, target)
	}
	tx.commit(writes)
	return nil
}

// stagingWriters bounds the files written and synced at once. Staging is
// bound by fsync, not by the processor: a sync waits for the disk, and
// several in flight share its journal commits, so a new type's two dozen
// files cost about as much as a few.
const stagingWriters = 16

// stageAll writes the new content of every non-delete change to a
// temporary file in its target's directory (same file system, so the
// later rename is atomic), and returns the temporary names by change. The
// directories are made first, one at a time, so a rollback knows them;
// the files are written in parallel.
func (tx *transaction) stageAll(writes []*Change) ([]string, error) {
	for _, c := range writes {
		if c.Action == Delete {
			continue
		}
		if err := tx.mkdirAll(filepath.Dir(tx.abs(c.Path))); err != nil {
			return nil, fmt.Errorf("create directory for %s: %w", c.Path, err)
		}
	}
	temps := make([]string, len(writes))
	errs := make([]error, len(writes))
	var wg sync.WaitGroup
	slots := make(chan struct{}, stagingWriters)
	for i, c := range writes {
		if c.Action == Delete {
			continue
		}
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			temps[i], errs[i] = stage(tx.abs(c.Path), c.Want)
			if errs[i] != nil {
				errs[i] = fmt.Errorf("stage %s: %w", c.Path, errs[i])
			}
		})
	}
	wg.Wait()
	for _, t := range temps {
		if t != "" {
			tx.staged = append(tx.staged, t) // a rollback removes it
		}
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return temps, nil
}

// stage writes content to a new temporary file next to target, with
// target's permissions if it exists, and syncs it. It returns the
// temporary file's name whenever one was created, even with an error.
func stage(target string, content []byte) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(target), stagePrefix+"*"+stageSuffix)
	if err != nil {
		return "", err
	}
	mode := fs.FileMode(0o644)
	if info, err := os.Stat(target); err == nil {
		mode = info.Mode().Perm()
	}
	_, err = f.Write(content)
	if err == nil {
		err = f.Chmod(mode)
	}
	if err == nil {
		// Without a sync, a crash right after the rename can leave an
		// empty file on some file systems.
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return f.Name(), err
}

// backupName reserves a unique name next to target to move it aside to.
// A fixed name could overwrite the only copy a crashed earlier run left.
func (tx *transaction) backupName(target string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(target), stagePrefix+"*"+asideSuffix)
	if err != nil {
		return "", err
	}
	f.Close()
	// Listed as staged so a rollback removes the placeholder if the
	// rename never replaces it.
	tx.staged = append(tx.staged, f.Name())
	return f.Name(), nil
}

// mkdirAll creates dir and its missing parents, remembering which it
// created so a rollback can remove them.
func (tx *transaction) mkdirAll(dir string) error {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		missing = append(missing, d)
		if d == filepath.Dir(d) {
			break
		}
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o755); err != nil {
			return err
		}
		tx.madeDirs = append(tx.madeDirs, missing[i])
	}
	return nil
}

// commit removes the moved-aside files and the directories that deletes
// left empty. Nothing here can make the project inconsistent, so errors
// are ignored: at worst a hidden .old file remains.
func (tx *transaction) commit(writes []*Change) {
	for _, s := range tx.aside {
		os.Remove(s.backup)
	}
	for _, c := range writes {
		if c.Action == Delete {
			tx.removeEmptyParents(filepath.Dir(tx.abs(c.Path)))
		}
	}
}

// removeEmptyParents removes dir and its parents while they are empty,
// stopping at the project root: removing a type leaves no empty package
// directory behind.
func (tx *transaction) removeEmptyParents(dir string) {
	root := filepath.Clean(tx.root)
	for d := dir; d != root && strings.HasPrefix(d, root+string(filepath.Separator)); d = filepath.Dir(d) {
		if os.Remove(d) != nil { // fails unless empty
			return
		}
	}
}

// rollback undoes every swap in reverse order and removes what was
// staged and created.
func (tx *transaction) rollback() error {
	var errs []error
	movedAside := map[string]bool{}
	for _, s := range tx.aside {
		movedAside[s.target] = true
	}
	stranded := map[string]bool{} // backups that could not be put back: the only copy
	for i := len(tx.aside) - 1; i >= 0; i-- {
		s := tx.aside[i]
		if err := os.Rename(s.backup, s.target); err != nil {
			errs = append(errs, fmt.Errorf("restore %s from %s: %w", s.target, s.backup, err))
			stranded[s.backup] = true
		}
	}
	// Files that did not exist before the transaction go; a target whose
	// old content could not be restored keeps the new rather than nothing.
	for _, t := range tx.placed {
		if !movedAside[t] {
			if err := os.Remove(t); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, fmt.Errorf("remove %s: %w", t, err))
			}
		}
	}
	for _, s := range tx.staged {
		if stranded[s] {
			continue
		}
		if err := os.Remove(s); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("remove %s: %w", s, err))
		}
	}
	for i := len(tx.madeDirs) - 1; i >= 0; i-- {
		os.Remove(tx.madeDirs[i]) // only if empty; a failure leaves an empty directory
	}
	return errors.Join(errs...)
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
