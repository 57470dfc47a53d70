package generator

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/generator/txn"
)

// Action is what a plan does to one path.
type Action string

// The actions.
const (
	Create    Action = "create"
	Update    Action = "update"
	Delete    Action = "delete"
	Unchanged Action = "unchanged"
	// Skip: the file should change, but the user edited it, so it is left
	// as it is and reported.
	Skip Action = "skip"
	// Keep: a file geogen no longer produces, or one it must not rewrite,
	// is left in place and reported (the user's, or a migration).
	Keep Action = "keep"
)

// Change is the plan for one path.
type Change struct {
	Path       string
	Action     Action
	Status     Status // what check reports for it
	Kind       Kind   // "" for geogen.yaml and untracked files
	Replicable string
	Reason     string // why a file is skipped, kept, or overwritten
	Forced     bool   // an update or delete that discards a hand edit
	// PluralChange: the clash or divergence comes from a plural rule
	// that changed since the migration was written (Plan.PluralChanges).
	PluralChange bool
	Want         []byte // what geogen would write; nil when the file should not exist
	Have         []byte // what is on disk; nil when missing
}

// Writes reports whether the change touches the disk.
func (c *Change) Writes() bool {
	return c.Action == Create || c.Action == Update || c.Action == Delete
}

// Options are what a command may allow a plan to do beyond `generate`.
type Options struct {
	// Rewrite selects scaffold-once files that may be rewritten when the
	// user has not edited them (`new --force`). Nil selects none.
	Rewrite func(f *File) bool

	// OverwriteEdited lets the plan overwrite or delete files the user
	// edited (`--overwrite-edited`, `remove --all`). Each such change is
	// marked Forced so the command can say so.
	OverwriteEdited bool

	// Removing holds the files of the types being removed, as Generate
	// rendered them before the removal (`geogen remove`). Their unedited
	// scaffold-once files are deleted too, except Retain ones (migrations)
	// unless RemoveRetained. Scaffold-once files of types that simply
	// vanished from the manifest are kept: geogen cannot tell whether a
	// hand edit of the manifest meant to throw the user's code away.
	Removing       []File
	RemoveRetained bool
}

// Plan is what a sink needs: every change, the lock that results, and
// the manifest bytes to write.
type Plan struct {
	Root     string
	Changes  []Change // sorted by path; geogen.yaml among them
	Manifest *manifest.Manifest
	// Clashes are the migrations that would share a version or a table
	// (see findClashes); the creates among them are skipped.
	Clashes []MigrationClash
	// PluralChanges are the types whose clashes or divergences come from
	// a derived plural that changed since their migrations were written.
	PluralChanges []PluralChange
	// Recorded are the types whose derived names the plan writes into
	// geogen.yaml (see recordDerivedNames).
	Recorded []string

	migrations []string // the .sql files the plan found (see migrationFiles)
}

// Refusal is the error that stops generate from writing anything, or
// nil: migrations that clash or no longer match geogen.yaml. Writing the
// rest would leave Go code that expects tables the migrations do not
// create.
func (p *Plan) Refusal(what string) error {
	var b strings.Builder
	n := 0
	for _, c := range p.Changes {
		if c.Status == Clash || c.Status == Diverged {
			n++
			fmt.Fprintf(&b, "\n  %s: %s", c.Path, c.Reason)
		}
	}
	if n == 0 {
		return nil
	}
	if len(p.PluralChanges) > 0 {
		var problems, fixes []string
		for _, pc := range p.PluralChanges {
			problems = append(problems, pc.Problem())
			fixes = append(fixes, pc.Fix())
		}
		return refuse(fmt.Sprintf("%s: %s, so nothing was written", what, strings.Join(problems, "; ")), strings.Join(fixes, "; "))
	}
	return refuse(fmt.Sprintf("%s: %d migration(s) disagree with %s, so nothing was written:%s", what, n, manifest.FileName, b.String()),
		"README's \"Renaming a table\" shows the ways through")
}

// NewPlan compares files (from Generate over m) with the disk under root
// and with m's lock. m is the manifest as the command wants it written
// (new and remove edit its replicables first); its Generated field is the
// lock as it was, and the plan's Manifest carries the lock as it will be.
// NewPlan reads but never writes.
func NewPlan(root string, m *manifest.Manifest, files []File, opts Options) (*Plan, error) {
	d := &disk{root: root}
	wanted := make(map[string]bool, len(files))
	contents := make(map[string][]byte, len(files))
	for i := range files {
		wanted[files[i].Path] = true
		contents[files[i].Path] = files[i].Content
	}
	haves, err := d.readAll(lockedOrWanted(m.Generated, files), contents)
	if err != nil {
		return nil, err
	}
	removing := make(map[string]*File, len(opts.Removing))
	for i := range opts.Removing {
		removing[opts.Removing[i].Path] = &opts.Removing[i]
	}
	next := m.Clone()
	next.Generated = make(map[string]manifest.Entry, len(files))
	var changes []Change
	for i := range files {
		f := &files[i]
		have := haves[f.Path]
		entry, locked := m.Generated[f.Path]
		c, newEntry := planWanted(f, have, entry, locked, opts)
		if newEntry.SHA256 != "" {
			next.Generated[f.Path] = newEntry
		}
		changes = append(changes, c)
	}
	for p, entry := range m.Generated {
		if wanted[p] {
			continue
		}
		c, keepEntry := planOrphan(p, haves[p], entry, removing[p], opts)
		if keepEntry {
			next.Generated[p] = entry
		}
		if c.Action != "" {
			changes = append(changes, c)
		}
	}
	keepScaffoldOfKept(changes)
	sqlFiles, err := migrationFiles(root, m.Layout.Migrations)
	if err != nil {
		return nil, err
	}
	clashes, err := findClashes(m.Layout.Migrations, sqlFiles, changes)
	if err != nil {
		return nil, err
	}
	changes = markClashes(changes, clashes, m.Generated, next.Generated)
	plurals, err := pluralChanges(sqlFiles, m)
	if err != nil {
		return nil, err
	}
	plurals = explainPluralChanges(changes, plurals, m)
	untracked, err := d.untrackedGenerated(m.Layout, func(p string) bool { return wanted[p] || hasKey(m.Generated, p) })
	if err != nil {
		return nil, err
	}
	for p, have := range untracked {
		changes = append(changes, Change{
			Path: p, Action: Keep, Status: Extra, Have: have,
			Reason: "carries geogen's header but " + manifest.FileName + " does not list it; delete it if nothing uses it",
		})
	}
	staging, err := d.legacyStaging()
	if err != nil {
		return nil, err
	}
	pending, err := txn.Pending(root)
	if err != nil {
		return nil, err
	}
	for _, p := range staging {
		c := Change{Path: p, Action: Delete, Status: Staging,
			Reason: "a staging file an interrupted geogen left; generate deletes it"}
		if strings.HasSuffix(p, legacyAsideSuffix) {
			c.Action = Keep
			c.Reason = "the previous content of a file in this directory, moved aside by an interrupted geogen: compare it with that file, keep what you need, then delete it"
		}
		changes = append(changes, c)
	}
	for _, p := range pending {
		changes = append(changes, Change{Path: p, Action: Keep, Status: Staging,
			Reason: "an interrupted geogen command's staging; any geogen command that writes (geogen generate) recovers the project and removes it"})
	}
	recorded, err := recordDerivedNames(next, changes, plurals)
	if err != nil {
		return nil, err
	}
	mc, err := planManifest(d, next)
	if err != nil {
		return nil, err
	}
	if mc.Status == Stale && len(recorded) > 0 {
		mc.Reason = recordedReason(recorded)
	}
	changes = append(changes, mc)
	slices.SortFunc(changes, func(a, b Change) int { return strings.Compare(a.Path, b.Path) })
	return &Plan{Root: root, Changes: changes, Manifest: next, Clashes: clashes, PluralChanges: plurals, Recorded: recorded, migrations: sqlFiles}, nil
}

// markClashes turns each create that would clash into a skip, so that no
// command writes a migration set a migration tool refuses, and marks the
// files on disk it clashes with; lock loses the entries of what is not
// created, and keeps those of the files on disk that were in was, the
// lock before.
func markClashes(changes []Change, clashes []MigrationClash, was, lock map[string]manifest.Entry) []Change {
	if len(clashes) == 0 {
		return changes
	}
	byPath := map[string]int{}
	for i := range changes {
		byPath[changes[i].Path] = i
	}
	for _, cl := range clashes {
		if i, ok := byPath[cl.Wanted]; ok && cl.created {
			c := &changes[i]
			c.Action, c.Status = Skip, Clash
			c.Reason = "not created: it would clash with " + cl.Path + ", which " + cl.describe() + "; " + renameFix
			delete(lock, c.Path)
		}
		reason := cl.describe() + "; " + renameFix
		i, ok := byPath[cl.Path]
		if !ok {
			changes = append(changes, Change{Path: cl.Path})
			i = len(changes) - 1
			byPath[cl.Path] = i
		}
		changes[i].Action, changes[i].Status, changes[i].Reason = Keep, Clash, reason
		// A migration geogen wrote stays in the lock while it clashes,
		// even when no type renders it any more: the lock is how new
		// --force finds it again to rename it (lockedMigrationsOf), and a
		// command for another type must not make it look like the user's.
		if e, ok := was[cl.Path]; ok {
			lock[cl.Path] = e
		}
	}
	return changes
}

// planWanted decides the fate of a file Generate produced. It returns the
// change and the lock entry to record (zero to record none).
func planWanted(f *File, have []byte, entry manifest.Entry, locked bool, opts Options) (Change, manifest.Entry) {
	c := Change{Path: f.Path, Kind: f.Kind, Replicable: f.Replicable, Want: f.Content, Have: have}
	fresh := manifest.Entry{Kind: f.Kind, SHA256: f.sum()}
	exists := have != nil
	switch {
	case exists && bytes.Equal(have, f.Content):
		c.Action, c.Status = Unchanged, OK
		return c, fresh
	case !exists:
		// Scaffold-once files too: a deleted selection.go or migration
		// breaks the build or the schema, so it is written again from
		// the current render, and is the user's again afterwards.
		c.Action, c.Status = Create, Missing
		if f.Kind == ScaffoldOnce && locked {
			c.Reason = "a scaffold-once file geogen wrote was deleted, and the type needs it; generate writes it again from the current templates"
			if strings.HasPrefix(f.Artifact, "migration-main-model-") {
				// The migration's own comment says to delete it when the
				// model table exists already: this is the way to say so.
				c.Reason += "; if " + f.Replicable + "'s model table exists already, set adopt_model_table: true on " + f.Replicable + " in " + manifest.FileName + " instead, and no migration creates it"
			}
		}
		return c, fresh
	case f.Kind == ScaffoldOnce && (opts.Rewrite == nil || !opts.Rewrite(f)):
		// The user's file: never rewritten, and compared only when it is
		// a migration nobody edited, which must still create what the
		// type's code expects.
		c.Action, c.Status, c.Want = Unchanged, OK, nil
		if f.Retain && locked && manifest.Hash(have) == entry.SHA256 {
			c.Action, c.Status, c.Want = Skip, Diverged, f.Content
			c.Reason = "geogen wrote this migration, but geogen.yaml now renders it differently (a table, column or index name changed); " + renameFix
		}
		if locked {
			return c, entry
		}
		return c, manifest.Entry{}
	}
	// A file with no lock entry whose bytes differ counts as the user's,
	// header or not: a lock lost in a merge must not turn hand edits
	// into stale files that generate overwrites.
	edited := !locked || manifest.Hash(have) != entry.SHA256
	switch {
	case !edited:
		c.Action, c.Status = Update, Stale
		return c, fresh
	case opts.OverwriteEdited:
		c.Action, c.Status, c.Forced = Update, HandEdited, true
		c.Reason = "overwrote your edits, as asked"
		return c, fresh
	case f.Kind == Owned && conflictMarker(have) > 0:
		c.Action, c.Status = Skip, Conflicted
		c.Reason = fmt.Sprintf("merge conflict markers at line %d; geogen writes this file whole from %s, so resolve %s first, then run: rm %s && geogen generate",
			conflictMarker(have), manifest.FileName, manifest.FileName, f.Path)
		if locked {
			return c, entry
		}
		return c, manifest.Entry{}
	default:
		c.Action, c.Status = Skip, HandEdited
		c.Reason = editedReason(f.Kind, locked, claimsGenerated(have))
		if locked {
			return c, entry
		}
		return c, manifest.Entry{}
	}
}

// renameFix is how to get out of a migration that no longer matches
// geogen.yaml; README's "Renaming a table" says more.
const renameFix = "undo the edit in " + manifest.FileName + "; or, to rename, run geogen new NAME --force (it rewrites the type's unedited migrations under the names " + manifest.FileName + " gives now, or the flags give, and keeps its other overrides) and, for databases that applied the old migrations, add a migration of your own that renames the tables there"

func editedReason(k Kind, locked, header bool) string {
	switch {
	case !locked && header:
		return "carries geogen's header but " + manifest.FileName + "'s lock does not list it, and it differs from what geogen would write, so geogen cannot tell it from your edit; geogen generate --overwrite-edited replaces it"
	case !locked:
		return "a file geogen did not write is in the way; move it, or replace it with geogen generate --overwrite-edited"
	case k == ScaffoldOnce:
		return "edited by you, so not rewritten; geogen generate --overwrite-edited replaces it"
	}
	return "hand-edited, but geogen owns it; move your change into a file of your own, or discard it with geogen generate --overwrite-edited"
}

// planOrphan decides the fate of a file in the lock that Generate no
// longer produces: its type was removed, or renamed by an override.
// removing is the file as its removed type rendered it, nil when the type
// was not removed by `geogen remove`. It reports whether the lock keeps
// the entry; an empty Action means the path needs no change line (it is
// already gone).
func planOrphan(p string, have []byte, entry manifest.Entry, removing *File, opts Options) (Change, bool) {
	if have == nil {
		return Change{}, false
	}
	c := Change{Path: p, Kind: entry.Kind, Have: have}
	if removing != nil {
		c.Replicable = removing.Replicable
	}
	edited := manifest.Hash(have) != entry.SHA256
	retained := removing != nil && removing.Retain && !opts.RemoveRetained
	deletable := entry.Kind == Owned || removing != nil && !retained
	switch {
	case deletable && !edited:
		c.Action, c.Status = Delete, Extra
		return c, false
	case deletable && opts.OverwriteEdited:
		c.Action, c.Status, c.Forced = Delete, Extra, true
		c.Reason = "deleted despite your edits, as asked"
		return c, false
	case entry.Kind == Owned:
		// Kept in the lock so that check keeps reporting it until the
		// user deletes it or moves their change out.
		c.Action, c.Status = Keep, Extra
		c.Reason = "no longer generated, but hand-edited; delete it once your change is moved out"
		return c, true
	}
	// A scaffold-once file that stays: the user's from now on, so the
	// lock forgets it.
	c.Action, c.Status = Keep, OK
	switch {
	case retained:
		c.Reason = "may have been applied somewhere, and an applied migration must stay; --all deletes it"
	case removing != nil:
		c.Reason = "edited by you, so kept; --all deletes it"
	default:
		c.Reason = "no longer generated; geogen wrote it once and leaves it to you"
	}
	return c, false
}

// planManifest compares the manifest to write with geogen.yaml on disk.
func planManifest(d *disk, m *manifest.Manifest) (Change, error) {
	want, err := m.Marshal()
	if err != nil {
		return Change{}, err
	}
	have, err := d.read(manifest.FileName)
	if err != nil {
		return Change{}, err
	}
	c := Change{Path: manifest.FileName, Want: want, Have: have}
	switch {
	case have == nil:
		c.Action, c.Status = Create, Missing
	case bytes.Equal(have, want):
		c.Action, c.Status = Unchanged, OK
	default:
		c.Action, c.Status = Update, Stale
		c.Reason = "its lock or its form differs from what geogen writes"
	}
	return c, nil
}

func lockedOrWanted(lock map[string]manifest.Entry, files []File) []string {
	paths := make([]string, 0, len(lock)+len(files))
	for p := range lock {
		paths = append(paths, p)
	}
	for i := range files {
		if _, ok := lock[files[i].Path]; !ok {
			paths = append(paths, files[i].Path)
		}
	}
	return paths
}

func hasKey(m map[string]manifest.Entry, k string) bool { _, ok := m[k]; return ok }

// keepScaffoldOfKept keeps the scaffold-once files of a removed type
// whose hand-edited owned file stays: that file is compiled with them
// (its package's selection.go, say), and deleting them alone would break
// the build.
func keepScaffoldOfKept(changes []Change) {
	kept := map[string]string{}
	for _, c := range changes {
		if c.Action == Keep && c.Kind == Owned && c.Replicable != "" {
			kept[c.Replicable] = c.Path
		}
	}
	for i := range changes {
		c := &changes[i]
		if owned, ok := kept[c.Replicable]; ok && c.Action == Delete && c.Kind == ScaffoldOnce {
			c.Action, c.Status = Keep, OK
			c.Reason = "kept with " + owned + ", your edited file, which may need it; delete them together"
		}
	}
}
