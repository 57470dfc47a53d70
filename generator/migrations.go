package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/geogen/geogen/generator/manifest"
)

// MigrationClash is a migration on disk that does what one of a new
// type's migrations would do under another version, or that has its
// version.
type MigrationClash struct {
	Path        string // the file on disk
	Version     int64  // its version
	Wanted      string // the new migration it clashes with
	SameVersion bool   // the clash is the version, not the work
}

// migrationClashes finds migrations on disk that do what a new type's
// migrations would do under another version: typically those geogen
// remove kept when a type of the same name was removed. Both would create
// the same table, and the second would fail on every database that ran
// the first. It also finds migrations with a new migration's version,
// which a migration tool refuses.
func migrationClashes(root string, plan *Plan, name string, retained map[string]bool) ([]MigrationClash, error) {
	var out []MigrationClash
	for _, c := range plan.Changes {
		if c.Action != Create || c.Replicable != name || !retained[c.Path] {
			continue
		}
		dir, base := path.Split(c.Path)
		version, what, ok := splitVersion(base)
		if !ok {
			continue
		}
		entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			v, w, ok := splitVersion(e.Name())
			if ok && e.Name() != base && (w == what || v == version) {
				out = append(out, MigrationClash{Path: dir + e.Name(), Version: v, Wanted: c.Path, SameVersion: v == version})
			}
		}
	}
	return out, nil
}

// clashError explains clashes and the two ways out.
func clashError(what string, entry manifest.Replicable, clashes []MigrationClash) error {
	var oldest int64
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d migration(s) on disk clash with the new ones, so nothing was written:", what, len(clashes))
	for _, c := range clashes {
		how := "does what " + path.Base(c.Wanted) + " would do"
		if c.SameVersion {
			how = "has the version of " + path.Base(c.Wanted)
		} else if oldest == 0 || c.Version < oldest {
			oldest = c.Version
		}
		fmt.Fprintf(&b, "\n  %s %s", c.Path, how)
	}
	fix := "if no database ever applied them, delete them and rerun"
	if oldest != 0 {
		fix += fmt.Sprintf("; otherwise they are probably what an earlier geogen remove kept: add %s back to %s by hand with migration_version: %d and the overrides it had, then run geogen generate",
			entry.Name, manifest.FileName, oldest)
	}
	return refuse(b.String(), fix)
}

// splitVersion splits "20261122010203_create_cool_widgets.sql" into its
// version and the rest.
func splitVersion(file string) (int64, string, bool) {
	digits, rest, ok := strings.Cut(file, "_")
	if !ok || digits == "" || rest == "" {
		return 0, "", false
	}
	v, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return 0, "", false
	}
	return v, rest, true
}

// diskMigrationVersions collects the versions of the migration files
// under dir (the layout's migrations directory), so that a new type's
// versions avoid the project's own migrations as well as other types'.
func diskMigrationVersions(root, dir string) (map[int64]bool, error) {
	used := map[int64]bool{}
	err := filepath.WalkDir(filepath.Join(root, filepath.FromSlash(dir)), func(p string, e fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if v, _, ok := splitVersion(e.Name()); ok && !e.IsDir() && path.Ext(e.Name()) == ".sql" {
			used[v] = true
		}
		return nil
	})
	return used, err
}
