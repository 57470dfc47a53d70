package emit

import (
	"fmt"
	"path"

	"github.com/geogen/geogen/templates"
)

// MigrationSpec is one migration file of a type: which set, which table,
// which dialect, and its version offset from the type's first version.
type MigrationSpec struct {
	Set     string // "main" or "tracking"
	Kind    string // templates.ModelTable, StateTable or RegistryTable
	Dialect string
	Offset  int64
}

// MigrationSpecs lists a type's migrations: the model table (v) and its
// verification state table (v+1) in the main set, the registry (v) in the
// tracking set, each for every dialect.
var MigrationSpecs = func() []MigrationSpec {
	var specs []MigrationSpec
	for _, p := range []MigrationSpec{
		{Set: "main", Kind: templates.ModelTable, Offset: 0},
		{Set: "main", Kind: templates.StateTable, Offset: 1},
		{Set: "tracking", Kind: templates.RegistryTable, Offset: 0},
	} {
		for _, d := range templates.Dialects {
			p.Dialect = d
			specs = append(specs, p)
		}
	}
	return specs
}()

// Applies reports whether the type has this migration: a model table
// that exists already (AdoptModelTable) has none creating it.
func (s MigrationSpec) Applies(t Type) bool {
	return !(s.Kind == templates.ModelTable && t.AdoptModelTable)
}

// Name identifies the spec: "main-states-postgres".
func (s MigrationSpec) Name() string { return s.Set + "-" + s.Kind + "-" + s.Dialect }

// Path is the file's path inside the migrations directory:
// "main/postgres/20261122000000_create_cool_widgets.sql".
//
// A type whose state table exists already, or whose verification columns
// are on the model table, gets the state table's migration as
// "..._add_verification_to_<table>.sql" instead.
func (s MigrationSpec) Path(t Type) string {
	verb := "create"
	if s.template(t) == templates.Verification {
		verb = "add_verification_to"
	}
	return path.Join(s.Set, s.Dialect, fmt.Sprintf("%d_%s_%s.sql", t.MigrationVersion+s.Offset, verb, s.table(t)))
}

// Render renders the file.
func (s MigrationSpec) Render(t Type) ([]byte, error) {
	return templates.Render(s.template(t), s.Dialect, MigrationData(t))
}

// template is the template kind of the file: the state table's is
// Verification when the table is not geogen's to create.
func (s MigrationSpec) template(t Type) string {
	if s.Kind == templates.StateTable && (t.AdoptStateTable || t.VerificationOnModel) {
		return templates.Verification
	}
	return s.Kind
}

func (s MigrationSpec) table(t Type) string {
	switch s.Kind {
	case templates.ModelTable:
		return t.Names.ModelTable
	case templates.StateTable:
		return t.Names.StateTable
	}
	return t.Names.RegistryTable
}

// modelSecondKey is the column the scaffolded model table adds for the
// registry's second key: its source, unless that is the model key.
func modelSecondKey(source, modelKey string) string {
	if source == modelKey {
		return ""
	}
	return source
}

// MigrationData maps a type's names onto the migration templates' data.
func MigrationData(t Type) templates.Migration {
	n := t.Names
	ix := n.Index
	m := templates.Migration{
		Type:                             n.Input,
		Strategy:                         t.Strategy,
		Revision:                         max(t.SchemaRevision, 1),
		ModelTable:                       n.ModelTable,
		ModelKey:                         n.ModelKey,
		ModelPkey:                        ix.ModelPkey,
		ModelIDSeq:                       ix.ModelIDSeq,
		ModelSearch:                      "name",
		RegistryTable:                    n.RegistryTable,
		ForeignKey:                       n.ForeignKey,
		RegistryPkey:                     ix.RegistryPkey,
		RegistryIDSeq:                    ix.RegistryIDSeq,
		RegistryFKIndex:                  ix.RegistryFK,
		RegistryRetryAtIndex:             ix.RegistryRetryAt,
		RegistryStateIndex:               ix.RegistryState,
		RegistryLastSyncedAtIndex:        ix.RegistryLastSyncedAt,
		RegistryVerifiedAtIndex:          ix.RegistryVerifiedAt,
		RegistryChecksumMismatchIndex:    ix.RegistryChecksumMismatch,
		RegistryFailedVerification:       ix.RegistryFailedVerification,
		RegistryNeedsVerification:        ix.RegistryNeedsVerification,
		RegistryPendingVerification:      ix.RegistryPendingVerification,
		RegistryPendingSync:              ix.RegistryPendingSync,
		RegistryNeedsSyncAgain:           ix.RegistryNeedsSyncAgain,
		RegistryLastSyncFailureCheck:     ix.RegistryLastSyncFailureCheck,
		RegistryVerificationFailureCheck: ix.RegistryVerificationFailureCheck,
		SecondKey:                        n.SecondKey,
		SecondKeySource:                  n.SecondKeySource,
		SecondKeyUnique:                  t.SecondKeyUnique,
		RegistrySecondKeyIndex:           ix.RegistrySecondKey,
		ModelSecondKey:                   modelSecondKey(n.SecondKeySource, n.ModelKey),
		StateTable:                       n.StateTable,
		StateKey:                         n.StateKey,
		StatePkey:                        ix.StatePkey,
		StateFKConstraint:                ix.StateFKConstraint,
		StateVerificationState:           ix.StateVerificationState,
		StatePendingVerification:         ix.StatePendingVerification,
		StateFailedVerification:          ix.StateFailedVerification,
		StateNeedsVerification:           ix.StateNeedsVerification,
		StateVerificationFailureCheck:    ix.StateVerificationFailureCheck,
		VerificationOnModel:              t.VerificationOnModel,
		AdoptModelTable:                  t.AdoptModelTable,
	}
	profileData(t, &m)
	return m
}
