package txn

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/geogen/geogen/generator/internal/rawfile"
)

// Change is one file a transaction writes or deletes.
type Change struct {
	Path    string // slash-separated, relative to the root
	Content []byte // the new content; ignored when Delete
	Delete  bool
	// Verify makes the transaction refuse to commit unless the file
	// still holds Expect (nil: does not exist): the bytes the caller
	// decided on. A file an editor or another program saved in the
	// meantime is then not overwritten.
	Verify bool
	Expect []byte
}

// Apply carries out changes under root as one transaction: afterwards,
// and after any interruption followed by Recover, the project holds
// either every change or none. The caller holds root's Lock and has run
// Recover. Changes are applied in order, so the caller puts last the file
// that says what the others are (geogen.yaml).
//
// An error means nothing was changed, unless it says that undoing failed
// too; then the journal stays, and the next Recover finishes the undo.
func Apply(root string, changes []Change) error {
	if _, err := stateDir(root); err != nil {
		return fmt.Errorf("create %s: %w", Dir, err)
	}
	t := &tx{root: root, dir: txDir(root)}
	if exists(t.dir) {
		return fmt.Errorf("%s holds an unfinished transaction; run any geogen command to recover it first", filepath.Join(Dir, "tx"))
	}
	if err := os.Mkdir(t.dir, 0o755); err != nil {
		return err
	}
	// The journal's sync makes the entries in the transaction's directory
	// durable, not the directory's own entry in .geogen: without this
	// sync, a crash after the commit point could lose the whole directory
	// (journal and moved-aside targets) on a file system that does not
	// order directory operations, as POSIX allows.
	if err := syncDir(filepath.Join(root, Dir)); err != nil {
		os.RemoveAll(t.dir)
		return err
	}
	j, err := t.prepare(changes)
	if err != nil {
		// Nothing in the project was touched.
		os.RemoveAll(t.dir)
		return err
	}
	if err := t.forward(j); err != nil {
		return t.abort(j, err)
	}
	t.finish(j)
	return nil
}

// tx is one transaction's working state.
type tx struct {
	root string
	dir  string // the transaction's directory
}

func (t *tx) abs(p string) string  { return filepath.Join(t.root, filepath.FromSlash(p)) }
func (t *tx) file(n string) string { return filepath.Join(t.dir, n) }

// stagingWriters bounds the directories synced at once. A sync waits for
// the disk, and several in flight share its writes and journal commits.
const stagingWriters = 16

// prepare stages every new content, decides each target's fate, and
// writes the journal: the commit point.
func (t *tx) prepare(changes []Change) (*journal, error) {
	j := &journal{State: stateCommit}
	var dirs []string
	var modes []fs.FileMode // each op's staging file's, as its target's if it exists
	made := map[string]bool{}
	for i, c := range changes {
		if err := checkPath(c.Path); err != nil {
			return nil, err
		}
		info, err := os.Lstat(t.abs(c.Path))
		existed := err == nil
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if existed && info.IsDir() {
			return nil, fmt.Errorf("%s is a directory, where geogen wants a file (move it away)", c.Path)
		}
		if existed && !c.Delete && info.Mode()&fs.ModeSymlink != 0 {
			// Replacing the link would leave its target behind, no longer
			// updated, and turn a link the user made into a plain file.
			return nil, fmt.Errorf("%s is a symbolic link; geogen writes its files whole and would replace the link with a plain file (replace the link with a copy of what it points to, then run the command again)", c.Path)
		}
		if c.Delete && !existed {
			continue
		}
		o := op{Path: c.Path}
		mode := fs.FileMode(0o644)
		if existed {
			o.Backup = strconv.Itoa(i) + ".old"
			mode = info.Mode().Perm() // not a link, so its own
		}
		if !c.Delete {
			o.Stage = strconv.Itoa(i) + ".new"
			missing, err := t.missingDirs(c.Path, made)
			if err != nil {
				return nil, err
			}
			dirs = append(dirs, missing...)
		}
		j.Ops = append(j.Ops, o)
		modes = append(modes, mode)
	}
	j.Dirs = dirs
	if err := t.stageAll(j, changes, modes); err != nil {
		return nil, err
	}
	if err := t.verify(changes); err != nil {
		return nil, err
	}
	if err := step("journal"); err != nil {
		return nil, err
	}
	if err := j.write(t.dir); err != nil {
		return nil, fmt.Errorf("write the transaction's journal: %w", err)
	}
	return j, nil
}

// verify checks, just before the commit point, that every target the
// caller asked about still holds what the caller read: the command read
// the project, rendered and staged since, and a save in that time must
// not be lost.
func (t *tx) verify(changes []Change) error {
	for _, c := range changes {
		if !c.Verify {
			continue
		}
		same, err := sameContent(t.abs(c.Path), c.Expect)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if c.Expect == nil {
				continue
			}
		case err != nil:
			return err
		case c.Expect != nil && same:
			continue
		}
		return fmt.Errorf("%s changed on disk while geogen was working (an editor or another program wrote it); run the command again", c.Path)
	}
	return nil
}

// missingDirs lists the directories above p that do not exist yet,
// parents first, skipping those already listed.
func (t *tx) missingDirs(p string, listed map[string]bool) ([]string, error) {
	var out []string
	for d := pathDir(p); d != "."; d = pathDir(d) {
		if listed[d] {
			break
		}
		info, err := os.Stat(t.abs(d))
		if err == nil {
			if !info.IsDir() {
				return nil, fmt.Errorf("%s is a file, where geogen wants a directory (move it away)", d)
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		listed[d] = true
		out = append(out, d)
	}
	slices.Reverse(out)
	return out, nil
}

func pathDir(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return "."
	}
	return p[:i]
}

// sameContent reports whether name holds exactly want; a missing file
// is (false, an error satisfying fs.ErrNotExist).
func sameContent(name string, want []byte) (bool, error) {
	same := false
	err := rawfile.ReadPooled(name, func(have []byte) { same = bytes.Equal(have, want) })
	return same, err
}

// stageAll writes the new contents into the transaction's directory,
// each with its target's permissions if it exists, then syncs them.
//
// Every file is written, and its writeback started, before any is
// synced; the syncs are then in flight together. A sync waits for the
// disk, and syncs issued at once share its writes, cache flushes and
// (on a journaling file system) journal commits: with every file written
// first, the first sync's commit carries all of them, and the inode
// table and directory blocks the files share go out once rather than
// again for each file synced while the next ones were being created.
// The files are created one after another: creations in one directory
// take its lock in turn anyway, so goroutines would only contend.
func (t *tx) stageAll(j *journal, changes []Change, modes []fs.FileMode) error {
	content := make(map[string][]byte, len(changes))
	for _, c := range changes {
		content[c.Path] = c.Content
	}
	var open []int // indexes in j.Ops of the files written and not yet synced
	handles := make([]handle, len(j.Ops))
	defer func() {
		// After a failure, or a fault hook's panic: no file is left open.
		for _, i := range open {
			handles[i].close()
		}
	}()
	for i, o := range j.Ops {
		if o.Stage == "" {
			continue
		}
		if err := step("stage " + o.Path); err != nil {
			return err
		}
		h, err := createFile(t.file(o.Stage), os.O_WRONLY|os.O_CREATE|os.O_EXCL, content[o.Path], modes[i])
		if err != nil {
			return fmt.Errorf("stage %s: %w", o.Path, err)
		}
		startWriteback(h)
		handles[i] = h
		open = append(open, i)
	}
	// Without a sync, a crash right after the rename can leave an empty
	// file on some file systems.
	errs := make([]error, len(j.Ops))
	var wg sync.WaitGroup
	for _, i := range open {
		wg.Go(func() {
			if err := handles[i].syncClose(); err != nil {
				errs[i] = fmt.Errorf("stage %s: %w", j.Ops[i].Path, err)
			}
		})
	}
	open = nil // each sync closes its file
	wg.Wait()
	// The staged files' directory entries become durable with the
	// journal's, by the one sync of the directory that writing it ends
	// with.
	return errors.Join(errs...)
}

// forward carries the journal out. It is idempotent: recovery runs it
// again on a project a crash left anywhere in between, and each op works
// out from what is on disk how far it got.
func (t *tx) forward(j *journal) error {
	for _, d := range j.Dirs {
		if err := step("mkdir " + d); err != nil {
			return err
		}
		if err := os.Mkdir(t.abs(d), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("create directory %s: %w", d, err)
		}
	}
	for _, o := range j.Ops {
		target := t.abs(o.Path)
		pending := o.Stage == "" || exists(t.file(o.Stage)) // the new content is not in place yet
		if o.Backup != "" && pending && !exists(t.file(o.Backup)) && exists(target) {
			if err := step("aside " + o.Path); err != nil {
				return err
			}
			if err := os.Rename(target, t.file(o.Backup)); err != nil {
				return fmt.Errorf("move %s aside: %w", o.Path, err)
			}
		}
		if o.Stage != "" && pending {
			if err := step("place " + o.Path); err != nil {
				return err
			}
			if err := os.Rename(t.file(o.Stage), target); err != nil {
				return fmt.Errorf("write %s: %w", o.Path, err)
			}
		}
	}
	for _, o := range j.Ops {
		if o.Stage == "" {
			t.removeEmptyParents(pathDir(o.Path))
		}
	}
	return t.syncTargets(j)
}

// syncTargets makes every rename durable before the journal goes: the
// directory of each target (its entry changed) and the parent of each
// directory made (its entry is new), in parallel, since syncs in flight
// share the file system's journal commits.
func (t *tx) syncTargets(j *journal) error {
	if err := step("sync"); err != nil {
		return err
	}
	seen := map[string]bool{}
	var dirs []string
	add := func(d string) {
		if !seen[d] {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	for _, o := range j.Ops {
		add(pathDir(o.Path))
	}
	for _, d := range j.Dirs {
		add(pathDir(d))
	}
	errs := make([]error, len(dirs))
	var wg sync.WaitGroup
	slots := make(chan struct{}, stagingWriters)
	for i, d := range dirs {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			err := syncDir(t.abs(d))
			if err != nil && !errors.Is(err, fs.ErrNotExist) { // a deleted type's directory is gone
				errs[i] = fmt.Errorf("sync %s: %w", d, err)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// removeEmptyParents removes dir and its parents while they are empty,
// stopping at the root: removing a type leaves no empty package directory.
func (t *tx) removeEmptyParents(dir string) {
	for d := dir; d != "."; d = pathDir(d) {
		if os.Remove(t.abs(d)) != nil { // fails unless empty
			return
		}
	}
}

// abort undoes a transaction whose forward run failed with cause.
func (t *tx) abort(j *journal, cause error) error {
	j.State = stateAbort
	err := step("abort")
	if err == nil {
		err = j.write(t.dir)
	}
	if err == nil {
		err = t.backward(j)
	}
	if err != nil {
		return fmt.Errorf("%w; undoing it also failed (%v): the next geogen command finishes the undo", cause, err)
	}
	t.finish(j)
	return cause
}

// backward undoes the journal, idempotently like forward.
func (t *tx) backward(j *journal) error {
	var errs []error
	for i := len(j.Ops) - 1; i >= 0; i-- {
		o := j.Ops[i]
		target := t.abs(o.Path)
		switch {
		case o.Backup != "" && exists(t.file(o.Backup)):
			if err := step("restore " + o.Path); err != nil {
				return err
			}
			os.MkdirAll(filepath.Dir(target), 0o755) // a delete may have removed its directory
			if err := os.Rename(t.file(o.Backup), target); err != nil {
				errs = append(errs, fmt.Errorf("restore %s: %w", o.Path, err))
			}
		case o.Backup == "" && o.Stage != "" && !exists(t.file(o.Stage)):
			// Created by the transaction.
			if err := step("unplace " + o.Path); err != nil {
				return err
			}
			if err := os.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, fmt.Errorf("remove %s: %w", o.Path, err))
			}
		}
	}
	for i := len(j.Dirs) - 1; i >= 0; i-- {
		os.Remove(t.abs(j.Dirs[i])) // only if empty
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return t.syncTargets(j)
}

// finish ends a transaction carried out or undone: the journal goes
// first (from then on the project is final), then the staging files.
// Failures here cannot make the project inconsistent; what is left is
// removed by the next Recover.
func (t *tx) finish(*journal) {
	if step("commit") != nil {
		return
	}
	// No sync: if the removal is lost, the next Recover replays the
	// journal again, which changes nothing.
	if os.Remove(t.file(journalName)) != nil {
		return
	}
	if step("clean") != nil {
		return
	}
	os.RemoveAll(t.dir)
}

// checkPath refuses a path that is not clean and inside the root.
func checkPath(p string) error {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, `\`) || p == ".." || strings.HasPrefix(p, "../") ||
		filepath.ToSlash(filepath.Clean(filepath.FromSlash(p))) != p || strings.HasPrefix(p, Dir+"/") || p == Dir {
		return fmt.Errorf("%q is not a clean path inside the project", p)
	}
	return nil
}
