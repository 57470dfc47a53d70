package generator

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/generator/txn"
)

// Session is a project opened by one command: its root, its manifest as
// loaded, and, for a command that writes, the project's lock, held until
// Close. Opening recovers a transaction an earlier command left
// interrupted, so every command starts from a project that is either
// fully before or fully after it.
type Session struct {
	Root     string
	Manifest *manifest.Manifest
	// Recovered says what Open did about an interrupted command; empty
	// when there was none.
	Recovered txn.Outcome

	// Clean is set when Open found the project exactly as a plan with
	// nothing to do left it (see CleanRecord): Manifest is then nil, and
	// the command has nothing to do but say so.
	Clean *CleanRecord

	lock   *txn.Lock
	render func(*Project) ([]File, error)
	cached func(*Project) ([]File, bool)
	memo   CleanMemo
	// manifestBytes is geogen.yaml as Open read it, the key of the memo.
	manifestBytes []byte
}

// CleanMemo keeps CleanRecords by the bytes of geogen.yaml they were
// made for; the render cache is one, and shares its program identity.
type CleanMemo interface {
	Recall(manifest []byte) (*CleanRecord, bool)
	Remember(manifest []byte, r *CleanRecord)
}

// OpenOptions say how a command opens its project.
type OpenOptions struct {
	// Write takes the lock (creating the project's .geogen directory).
	// A command that only reads takes it only when the directory exists:
	// a CI checkout has none, and nothing can be pending there.
	Write bool
	// Wait is how long to wait for another command's lock.
	Wait time.Duration
	// Waiting is told once when the lock is busy.
	Waiting func(holder string)
	// Render renders a derived project: the production table through
	// the render cache, a test table in tests. Required for the plans.
	Render func(*Project) ([]File, error)
	// Cached, when set, answers a render from the render cache, or
	// reports a miss; see Session.Render.
	Cached func(*Project) ([]File, bool)
	// NoManifest leaves Manifest nil: geogen init, in a directory that
	// is not a project yet.
	NoManifest bool
	// Memo, when set, lets Open answer from a CleanRecord (see
	// Session.Clean), and PlanGenerate record a plan with nothing to do.
	// Only a command that plans generate as it is may set it (check, and
	// generate without options): a record says nothing of other plans.
	Memo CleanMemo
}

// DefaultLockWait is how long a command waits for another to finish.
const DefaultLockWait = 30 * time.Second

// ErrNoProject is returned by FindRoot when no directory up from the
// starting one is a project.
var ErrNoProject = errors.New("no " + manifest.FileName + " here or in any parent directory")

// FindRoot returns the project directory holding dir: dir or its nearest
// parent with a geogen.yaml, or with an interrupted transaction (which
// may have had geogen.yaml moved aside when it stopped).
func FindRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, manifest.FileName)); err == nil {
			return d, nil
		}
		if _, err := os.Stat(filepath.Join(d, txn.Dir, "tx")); err == nil {
			return d, nil
		}
		if d == filepath.Dir(d) {
			return "", ErrNoProject
		}
	}
}

// Open locks the project at root (see OpenOptions.Write), recovers an
// interrupted transaction, and loads the manifest.
func Open(root string, o OpenOptions) (*Session, error) {
	s := &Session{Root: root, render: o.Render, cached: o.Cached, memo: o.Memo}
	opened := false
	defer func() {
		if !opened { // an error, or a panic: the lock must not outlive the call
			s.Close()
		}
	}()
	if o.Write || exists(filepath.Join(root, txn.Dir)) {
		l, err := txn.Acquire(root, o.Wait, o.Waiting)
		if err != nil {
			return nil, err
		}
		s.lock = l
		if s.Recovered, err = txn.Recover(root); err != nil {
			return nil, err
		}
	}
	if !o.NoManifest {
		data, err := manifest.Read(root)
		if err != nil {
			return nil, err
		}
		if s.memo != nil {
			if r, ok := s.memo.Recall(data); ok && VerifyClean(root, r) {
				s.Clean = r
				opened = true
				return s, nil
			}
			s.manifestBytes = data
		}
		m, err := manifest.Parse(data)
		if err != nil {
			return nil, err
		}
		if err := lostTypes(root, m); err != nil {
			return nil, err
		}
		s.Manifest = m
	}
	opened = true
	return s, nil
}

// Close releases the lock. It is safe on a nil Session.
func (s *Session) Close() error {
	if s == nil {
		return nil
	}
	err := s.lock.Release()
	s.lock = nil
	return err
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// Render generates every file for m, a manifest of this project.
//
// A project the render cache answers for is not checked across its
// types again: the cache holds only what this very program (its build
// ID is in the key) rendered from a project NewProject accepted, and
// those checks (collisions, the runtime's names) read nothing but the
// derived project, which is the rest of the key. Each type's own names
// are still derived, and checked, every time.
func (s *Session) Render(m *manifest.Manifest) ([]File, error) {
	types, problems := deriveTypes(m)
	if len(problems) > 0 {
		_, err := NewProject(m) // every problem at once, across types too
		return nil, err
	}
	p := projectOf(m, types)
	if s.cached != nil {
		if files, ok := s.cached(p); ok {
			return files, nil
		}
	}
	// A miss: the checks across types run on the very project looked
	// up, which is then rendered, so the cache keys it once.
	if problems := crossProblems(types); len(problems) > 0 {
		return nil, &NamesError{Problems: problems}
	}
	return s.render(p)
}

// PlanGenerate plans writing the manifest as it is (geogen generate).
func (s *Session) PlanGenerate(opts Options) (*Plan, error) {
	files, err := s.Render(s.Manifest)
	if err != nil {
		return nil, err
	}
	p, err := NewPlan(s.Root, s.Manifest, files, opts)
	if err != nil {
		return nil, err
	}
	s.remember(p)
	return p, nil
}

// remember keeps the record of a plan with nothing to do, made from
// geogen.yaml as Open read it, for the next command to verify instead of
// planning. A type behind the current schema is news the record could
// not repeat, so such a plan is not kept.
func (s *Session) remember(p *Plan) {
	if s.memo == nil || s.manifestBytes == nil || len(SchemaBehind(s.Manifest)) > 0 {
		return
	}
	r, ok := p.cleanRecord()
	if !ok {
		return
	}
	// The plan compared the manifest it would write with geogen.yaml as
	// it read it then; both must be the bytes the record is kept under.
	i, found := slices.BinarySearchFunc(p.Changes, manifest.FileName, func(c Change, name string) int { return strings.Compare(c.Path, name) })
	if !found || !bytes.Equal(p.Changes[i].Have, s.manifestBytes) {
		return
	}
	s.memo.Remember(s.manifestBytes, r)
}

// Check is geogen check: the plan generate would carry out, as statuses.
func (s *Session) Check() (*Report, error) {
	plan, err := s.PlanGenerate(Options{})
	if err != nil {
		return nil, err
	}
	return plan.Report(), nil
}

// lostTypes refuses a manifest that lost types the project still has: a
// geogen.yaml with no lock (it comes last, so a truncated file loses it
// first) beside package directories holding files geogen wrote for types
// it does not list. Taken as it is, the next new or generate would drop
// those types from the shared lists for good. A type removed by hand
// from a whole geogen.yaml keeps its lock entries, and generate prunes
// its files as usual.
func lostTypes(root string, m *manifest.Manifest) error {
	if len(m.Generated) > 0 {
		return nil
	}
	entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(m.Layout.Packages)))
	if err != nil {
		return nil // no packages directory: nothing to lose
	}
	p, err := NewProject(m)
	if err != nil {
		return nil // reported when the project is rendered
	}
	listed := map[string]bool{}
	for i := range p.Types {
		listed[p.PackageDir(&p.Types[i])] = true
	}
	var lost []string
	for _, e := range entries {
		dir := path.Join(m.Layout.Packages, e.Name())
		if e.IsDir() && !listed[dir] && holdsGenerated(filepath.Join(root, filepath.FromSlash(dir))) {
			lost = append(lost, dir)
		}
	}
	if len(lost) == 0 {
		return nil
	}
	data, _ := os.ReadFile(filepath.Join(root, manifest.FileName))
	return &manifest.Error{
		Line:  bytes.Count(data, []byte("\n")) + 1,
		Field: "generated",
		Problem: fmt.Sprintf("the lock is missing, yet %s hold files geogen wrote for types this file does not list: the file looks truncated here",
			strings.Join(lost, ", ")),
		Fix: "restore it (git checkout -- " + manifest.FileName + ", or a backup); if you removed those types on purpose, delete their directories",
	}
}

// holdsGenerated reports whether dir has a file carrying geogen's header.
func holdsGenerated(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			if head, err := readHead(filepath.Join(dir, e.Name())); err == nil && claimsGenerated(head) {
				return true
			}
		}
	}
	return false
}
