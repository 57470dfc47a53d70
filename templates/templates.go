// Package templates holds the text templates geogen renders for files that
// are not Go: SQL migrations. Go code is built with jennifer instead, so
// that its imports are always exact.
//
// The templates are embedded, so the generator binary carries them and
// output never depends on files lying around the user's machine.
package templates

import (
	"bytes"
	"embed"
	"fmt"
	"sync"
	"text/template"
)

//go:embed sql/*.tmpl
var files embed.FS

// parsed parses the templates on first use rather than at start-up: a
// check or generate answered from the render cache never needs them.
var parsed = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("").Option("missingkey=error").ParseFS(files, "sql/*.tmpl"))
})

// Dialects lists the database engines every migration is rendered for.
var Dialects = []string{"postgres", "sqlite"}

// Migration is what the migration templates need to know about one type.
// Every identifier must already be valid and at most 63 bytes: the
// templates do not shorten anything.
type Migration struct {
	Type     string // the model name as the user gave it, e.g. "CoolWidget"
	Strategy string // "blob" or "repository"

	// Revision is the schema revision a create migration is written at
	// (see manifest.SchemaRevision); an upgrade migration ignores it.
	Revision int

	ModelTable  string
	ModelKey    string
	ModelPkey   string
	ModelIDSeq  string
	ModelSearch string // text column the scaffolded model is searched by

	// ModelSecondKey is a column the scaffolded model table adds for the
	// registry's second key to be copied from; empty when there is none
	// or it is the model key.
	ModelSecondKey string

	RegistryTable                    string
	ForeignKey                       string
	RegistryPkey                     string
	RegistryIDSeq                    string
	RegistryFKIndex                  string
	RegistryRetryAtIndex             string
	RegistryStateIndex               string
	RegistryLastSyncedAtIndex        string
	RegistryVerifiedAtIndex          string
	RegistryChecksumMismatchIndex    string
	RegistryFailedVerification       string
	RegistryNeedsVerification        string
	RegistryPendingVerification      string
	RegistryPendingSync              string
	RegistryNeedsSyncAgain           string
	RegistryLastSyncFailureCheck     string
	RegistryVerificationFailureCheck string

	// SecondKey is a second key column of the registry, filled from the
	// model table's SecondKeySource, indexed by RegistrySecondKeyIndex
	// (unique when SecondKeyUnique); empty when the type has none.
	SecondKey              string
	SecondKeySource        string
	SecondKeyUnique        bool
	RegistrySecondKeyIndex string

	// A registry profile (manifest.RegistryProfile) replaces the table's
	// columns with RegistryLayoutPostgres and RegistryLayoutSQLite, the
	// lines of its definition, constraints last; RegistryIDSequence gives id a sequence default rather than
	// an identity (PostgreSQL). RegistryWithout holds the index_names
	// keys of the indexes left out; RegistryVerificationAnyState writes
	// the verification indexes over every row, not the synced ones only.
	RegistryLayoutPostgres       []string
	RegistryLayoutSQLite         []string
	RegistryIDSequence           bool
	RegistryWithout              map[string]bool
	RegistryVerificationAnyState bool
	RegistryExtraIndexes         []Index

	StateTable                    string
	StateKey                      string // the state table's column holding the model key
	StatePkey                     string
	StateFKConstraint             string
	StateVerificationState        string
	StatePendingVerification      string
	StateFailedVerification       string
	StateNeedsVerification        string
	StateVerificationFailureCheck string

	// VerificationOnModel says the state table is the model table: the
	// Verification migration adds the verification columns to it, unless
	// AdoptModelTable says the table exists already, with them on SQLite
	// (which cannot add a column only if it is missing).
	VerificationOnModel bool
	AdoptModelTable     bool
}

// Index is an index beyond geogen's own: its name, its columns as the
// key list ("a, b") and whether it is unique.
type Index struct {
	Name, Columns string
	Unique        bool
}

// Kinds of migration, one file each per dialect.
const (
	ModelTable    = "model"    // the scaffolded model table (main database)
	StateTable    = "states"   // verification state table (main database)
	RegistryTable = "registry" // registry table (tracking database)

	// Verification adds the verification columns and indexes to a table
	// that exists already (main database), instead of StateTable: an
	// adopted state table, or the model table itself.
	Verification = "verification"
)

// Upgrade is the kind of the migration that brings a table of the given
// kind to a schema revision: "registry.upgrade2".
func Upgrade(kind string, revision int) string { return fmt.Sprintf("%s.upgrade%d", kind, revision) }

// Render renders the migration of the given kind for a dialect.
func Render(kind, dialect string, m Migration) ([]byte, error) {
	name := kind + "." + dialect + ".sql.tmpl"
	t := parsed().Lookup(name)
	if t == nil {
		return nil, fmt.Errorf("no migration template %q", name)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, m); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}
