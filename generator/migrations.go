package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
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
	created     bool   // Wanted is a file the plan would create
}

// describe says what is wrong with the pair, from Path's side.
func (c MigrationClash) describe() string {
	if c.SameVersion {
		return fmt.Sprintf("shares version %d with %s", c.Version, path.Base(c.Wanted))
	}
	if _, _, _, ok := upgradeOf(c.Path); ok {
		return "does what " + path.Base(c.Wanted) + " does too (the same schema upgrade a second time)"
	}
	return "creates what " + path.Base(c.Wanted) + " creates too (a second CREATE TABLE)"
}

// createdOf reads a create migration's file name: its version and the
// table it creates ("20261122010203_create_cool_widgets.sql").
func createdOf(p string) (version int64, table string, ok bool) {
	version, rest, ok := splitVersion(path.Base(p))
	table, created := strings.CutPrefix(strings.TrimSuffix(rest, ".sql"), "create_")
	return version, table, ok && created && table != ""
}

// upgradeOf reads an upgrade migration's file name: its version, the
// table it upgrades and the schema revision it upgrades it to
// ("…_upgrade_cool_widget_registry_to_revision_2.sql": cool_widget_registry, 2).
func upgradeOf(p string) (version int64, table string, revision int, ok bool) {
	version, rest, ok := splitVersion(path.Base(p))
	rest, upgrade := strings.CutPrefix(strings.TrimSuffix(rest, ".sql"), "upgrade_")
	i := strings.LastIndex(rest, "_to_revision_")
	if !ok || !upgrade || i < 0 {
		return 0, "", 0, false
	}
	n, err := strconv.Atoi(rest[i+len("_to_revision_"):])
	return version, rest[:i], n, err == nil && n > 0
}

// findClashes finds, in every directory under the layout's migrations
// directory, the .sql files that would share a version or do the same
// work (the same name after the version) once the plan's creates and
// deletes are done: a migration tool refuses two migrations of one
// version, and the second of two CREATE TABLEs fails on every database
// that ran the first. Each clash pairs a file the plan would create with
// the one already on disk; clashes among files already on disk pair two
// of them (Wanted is then a file on disk too).
func findClashes(migrations string, files []string, changes []Change) ([]MigrationClash, error) {
	type migration struct {
		name    string
		version int64
		what    string
		created bool
	}
	dirs := map[string][]migration{}
	for _, f := range files {
		dir, name := path.Split(f)
		if v, w, ok := splitVersion(name); ok {
			dir = strings.TrimSuffix(dir, "/")
			dirs[dir] = append(dirs[dir], migration{name: name, version: v, what: w})
		}
	}
	for _, c := range changes {
		if path.Ext(c.Path) != ".sql" || !strings.HasPrefix(c.Path, migrations+"/") {
			continue
		}
		dir, base := path.Split(c.Path)
		dir = strings.TrimSuffix(dir, "/")
		v, w, ok := splitVersion(base)
		switch {
		case !ok:
		case c.Action == Create:
			dirs[dir] = append(dirs[dir], migration{name: base, version: v, what: w, created: true})
		case c.Action == Delete:
			dirs[dir] = slices.DeleteFunc(dirs[dir], func(m migration) bool { return m.name == base })
		}
	}
	var out []MigrationClash
	for dir, ms := range dirs {
		slices.SortFunc(ms, func(a, b migration) int { return strings.Compare(a.name, b.name) })
		for i, a := range ms {
			for _, b := range ms[i+1:] {
				if a.version != b.version && a.what != b.what {
					continue
				}
				// The file on disk is the clash; the created one (or the
				// later of two on disk) is what it clashes with.
				onDisk, wanted := a, b
				if a.created && !b.created {
					onDisk, wanted = b, a
				}
				if onDisk.created {
					continue // two new files clash only through a naming collision, refused earlier
				}
				out = append(out, MigrationClash{
					Path: dir + "/" + onDisk.name, Version: onDisk.version,
					Wanted: dir + "/" + wanted.name, SameVersion: a.version == b.version,
					created: wanted.created,
				})
			}
		}
	}
	slices.SortFunc(out, func(a, b MigrationClash) int { return strings.Compare(a.Path+a.Wanted, b.Path+b.Wanted) })
	return out, nil
}

// migrationFiles lists the .sql files under the layout's migrations
// directory, at every depth (hidden directories too: a migration tool
// pointed there reads them), as slash paths relative to root in lexical
// order; a missing directory has none. The plan's clash and plural
// checks both read this one listing, so a plan's verdict rests on one
// view of the directory, which is what a CleanRecord records.
func migrationFiles(root, migrations string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(filepath.Join(root, filepath.FromSlash(migrations)), func(p string, e fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || e.IsDir() || path.Ext(e.Name()) != ".sql" {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	return out, err
}

// clashError explains clashes and the two ways out.
func clashError(what string, entry manifest.Replicable, clashes []MigrationClash, migrations []string) error {
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
		fix += fmt.Sprintf("; otherwise they are probably what an earlier geogen remove kept: add %s back to %s by hand with migration_version: %d%s and the overrides it had, then run geogen generate",
			entry.Name, manifest.FileName, oldest, keptUpgrades(clashes, migrations))
	}
	return refuse(b.String(), fix)
}

// rescaffoldClashError is new --force's refusal when migrations on disk
// that the plan cannot remove (not in the lock, or not the type's own)
// share a version with, or do the work of, the type's migrations.
func rescaffoldClashError(what string, clashes []MigrationClash) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d migration(s) on disk clash with the type's, so nothing was written:", what, len(clashes))
	for _, c := range clashes {
		fmt.Fprintf(&b, "\n  %s %s", c.Path, c.describe())
	}
	return refuse(b.String(), "if no database applied them, delete them and rerun; otherwise keep the names they use in "+manifest.FileName+" (README's \"Renaming a table\")")
}

// keptUpgrades is the schema_upgrades an entry added back needs for the
// kept upgrade migrations (in migrations, the .sql files on disk) of the
// tables the clashing migrations create: ", schema_upgrades: [{revision:
// 2, migration_version: V}]", or "" when there are none.
func keptUpgrades(clashes []MigrationClash, migrations []string) string {
	tables := map[string]bool{}
	for _, c := range clashes {
		if _, table, ok := createdOf(c.Path); ok {
			tables[table] = true
		}
	}
	versions := map[int]int64{}
	for _, f := range migrations {
		if v, table, rev, ok := upgradeOf(f); ok && tables[table] {
			versions[rev] = v
		}
	}
	if len(versions) == 0 {
		return ""
	}
	var parts []string
	for _, rev := range slices.Sorted(maps.Keys(versions)) {
		parts = append(parts, fmt.Sprintf("{revision: %d, migration_version: %d}", rev, versions[rev]))
	}
	return ", schema_upgrades: [" + strings.Join(parts, ", ") + "]"
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
