package generator

import "github.com/geogen/geogen/generator/manifest"

// Kind says who owns a generated file; it is recorded in the lock.
type Kind = manifest.Kind

// The kinds of file.
const (
	// Owned files are rewritten whole by every generate, carry the
	// generated-code header and are checked byte for byte.
	Owned = manifest.Owned
	// ScaffoldOnce files are written once, by `geogen new` (or by generate
	// for a type that has never had them), and then belong to the user.
	ScaffoldOnce = manifest.Scaffold
)

// Scope says how many files a row produces.
type Scope int

// The scopes.
const (
	// PerType rows produce one file for every replicable type (for which
	// When holds).
	PerType Scope = iota + 1
	// Aggregate rows produce one file listing every replicable type; the
	// file exists even when there are none.
	Aggregate
)

// Artifact is one row of the table of outputs. For an Aggregate row the
// *Type passed to When, Path and Render is nil.
type Artifact struct {
	// Name identifies the row in errors and tests: "descriptor",
	// "flag-replication".
	Name  string
	Kind  Kind
	Scope Scope

	// Retain marks files that `geogen remove` keeps unless --all, even
	// when the user never edited them. Migrations: once applied anywhere,
	// deleting one breaks that database's migration history.
	Retain bool

	// When reports whether a PerType row applies to a type, e.g. only to
	// repository types. Nil means always.
	When func(t *Type) bool

	// Path returns the file's slash-separated path relative to the project
	// root. It must be a function of the layout and the type's names only,
	// so that the lock can find the file again.
	Path func(p *Project, t *Type) string

	// Render returns the file's content. Go files are passed through
	// go/format afterwards, so a renderer need not format its output.
	Render func(p *Project, t *Type) ([]byte, error)

	// Formatted says Render already returns gofmt'ed Go (jennifer formats
	// what it renders), so the engine only regroups imports, which keeps
	// the formatting, and skips the second go/format pass: formatting is
	// most of what a generate costs.
	Formatted bool
}

// appliesTo reports whether a PerType row produces a file for t.
func (a *Artifact) appliesTo(t *Type) bool { return a.When == nil || a.When(t) }
