package generator

import (
	"crypto/sha256"
	"slices"

	"github.com/geogen/geogen/generator/internal/rawfile"
	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/generator/txn"
)

// CleanRecord is what a plan with nothing to do rested on: the bytes of
// every file it compared, and the migration files it found. A later
// command with the same geogen.yaml, run by the same program, that finds
// the disk as recorded would make the same plan again, with nothing to
// do; VerifyClean finds that out by reading those files and walking the
// layout, without parsing geogen.yaml or rendering anything.
//
// Everything else a plan reads can only make it unclean (staging files,
// an interrupted command's journal, a file carrying geogen's header
// that the lock does not list), so VerifyClean looks for those afresh
// rather than recording them.
type CleanRecord struct {
	Layout manifest.Layout // the directories the plan walked
	Files  []RecordedFile  // every path the plan compared, sorted
	// Migrations are the .sql files under the migrations directory, as
	// migrationFiles listed them for the clash and plural checks.
	Migrations []string
	// Checked is how many paths check reports up to date; Locked, how
	// many files the lock lists (generate's count).
	Checked, Locked int
}

// RecordedFile is one compared file and the SHA-256 of its bytes.
type RecordedFile struct {
	Path string
	Sum  [sha256.Size]byte
}

// cleanRecord returns the plan's record when it has nothing to do and
// nothing to report: every path unchanged and up to date, no clash,
// plural change or name to record, and a lock to go by (a manifest
// without one is checked against the packages on disk; see lostTypes).
func (p *Plan) cleanRecord() (*CleanRecord, bool) {
	if len(p.Clashes) > 0 || len(p.PluralChanges) > 0 || len(p.Recorded) > 0 || len(p.Manifest.Generated) == 0 {
		return nil, false
	}
	r := &CleanRecord{Layout: p.Manifest.Layout, Migrations: slices.Clone(p.migrations), Checked: len(p.Changes), Locked: len(p.Manifest.Generated)}
	var judged [][]byte // the bytes of r.Files[i]
	for i := range p.Changes {
		c := &p.Changes[i]
		if c.Status != OK || c.Action != Unchanged || c.Have == nil {
			return nil, false
		}
		if c.Path == manifest.FileName {
			continue
		}
		if _, locked := p.Manifest.Generated[c.Path]; !locked {
			return nil, false
		}
		r.Files = append(r.Files, RecordedFile{Path: c.Path})
		judged = append(judged, c.Have)
	}
	if len(r.Files) != len(p.Manifest.Generated) {
		return nil, false
	}
	// The bytes the plan judged, not the disk read again: a file edited
	// since cannot slip into the record as up to date. Hashed on every
	// processor, as a project's files are some megabytes.
	parallel(len(judged), func(i int) { r.Files[i].Sum = sha256.Sum256(judged[i]) })
	return r, true // Changes are sorted by path, and so are Files
}

// VerifyClean reports whether the project at root is as r recorded it,
// so that a plan of the manifest r was made for would again have nothing
// to do. Any difference, and any failure to read, is a no: the caller
// then plans as usual, which reports the difference or the failure.
func VerifyClean(root string, r *CleanRecord) bool {
	d := &disk{root: root}
	same := make([]bool, len(r.Files))
	parallel(len(r.Files), func(i int) {
		f := &r.Files[i]
		err := rawfile.ReadPooled(d.abs(f.Path), func(b []byte) { same[i] = sha256.Sum256(b) == f.Sum })
		if err != nil {
			same[i] = false
		}
	})
	if slices.Contains(same, false) {
		return false
	}
	sqlFiles, err := migrationFiles(root, r.Layout.Migrations)
	if err != nil || !slices.Equal(sqlFiles, r.Migrations) {
		return false
	}
	known := make(map[string]bool, len(r.Files))
	for _, f := range r.Files {
		known[f.Path] = true
	}
	untracked, err := d.untrackedGenerated(r.Layout, func(p string) bool { return known[p] })
	if err != nil || len(untracked) > 0 {
		return false
	}
	staging, err := d.legacyStaging()
	if err != nil || len(staging) > 0 {
		return false
	}
	pending, err := txn.Pending(root)
	return err == nil && len(pending) == 0
}
