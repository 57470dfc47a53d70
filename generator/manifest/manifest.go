package manifest

import "maps"

// FileName is the manifest's name at the project root.
const FileName = "geogen.yaml"

// CurrentVersion is the only manifest format this geogen reads and writes.
const CurrentVersion = 1

// Manifest is the content of geogen.yaml.
type Manifest struct {
	Version     int          `yaml:"version"`
	Module      string       `yaml:"module"`
	Layout      Layout       `yaml:"layout"`
	Replicables []Replicable `yaml:"replicables"`

	// Generated is the lock: every file geogen wrote, by slash-separated
	// path relative to the project root.
	Generated map[string]Entry `yaml:"generated"`
}

// Layout says where generated files go, each a slash-separated directory
// relative to the project root.
type Layout struct {
	Packages   string `yaml:"packages"`   // one Go package per replicable type
	Migrations string `yaml:"migrations"` // SQL migrations and their embedding package
	Docs       string `yaml:"docs"`       // Markdown and JSON documentation
	Flags      string `yaml:"flags"`      // feature flag definitions
}

// DefaultLayout is the layout of a project whose manifest does not say.
var DefaultLayout = Layout{
	Packages:   "internal/geo",
	Migrations: "migrations",
	Docs:       "docs/geo",
	Flags:      "config/feature_flags",
}

// Strategy is how a type's data is replicated.
type Strategy string

// The strategies.
const (
	Blob       Strategy = "blob"
	Repository Strategy = "repository"
)

// Strategies lists the valid strategies, for messages and completion.
var Strategies = []Strategy{Blob, Repository}

// Replicable is one replicable type and its naming overrides. Empty
// overrides mean "derive it from the name".
type Replicable struct {
	Name     string   `yaml:"name"`
	Strategy Strategy `yaml:"strategy"`

	// MigrationVersion is the version of the type's first migration,
	// chosen once by `geogen new` from the clock (YYYYMMDDhhmmss) and
	// never changed, so that regenerating is reproducible. A type uses
	// VersionsPerType consecutive versions from it.
	MigrationVersion int64 `yaml:"migration_version"`

	Plural        string   `yaml:"plural,omitempty"`
	Table         string   `yaml:"table,omitempty"` // the model table
	Title         string   `yaml:"title,omitempty"`
	TitlePlural   string   `yaml:"title_plural,omitempty"`
	RegistryTable string   `yaml:"registry_table,omitempty"`
	StateTable    string   `yaml:"state_table,omitempty"`
	ForeignKey    string   `yaml:"foreign_key,omitempty"`
	ModelKey      string   `yaml:"model_key,omitempty"` // the model table's primary key column
	StateKey      string   `yaml:"state_key,omitempty"` // the state table's key column, when not foreign_key
	Initialisms   []string `yaml:"initialisms,omitempty,flow"`

	// SecondKey is a second column of the registry holding another key
	// of the record besides ForeignKey, copied from the model table's
	// column SecondKeySource when the registry row is created: GitLab's
	// project_repository_registry.project_repository_id beside
	// project_id. SecondKeyUnique makes its index unique.
	SecondKey       string `yaml:"second_key,omitempty"`
	SecondKeySource string `yaml:"second_key_source,omitempty"`
	SecondKeyUnique bool   `yaml:"second_key_unique,omitempty"`

	// AdoptStateTable says the state table exists already (GitLab's
	// merge_request_diff_details, made before its type was replicable):
	// geogen does not create it, and its migration only adds the
	// verification columns and indexes it lacks. VerificationOnModel
	// keeps the verification columns on the model table itself, keyed by
	// the model key, with no state table at all (GitLab's
	// ci_pipeline_artifacts).
	AdoptStateTable     bool `yaml:"adopt_state_table,omitempty"`
	VerificationOnModel bool `yaml:"verification_on_model,omitempty"`

	// AdoptModelTable says the model table exists already (every GitLab
	// type's does: the records came first): geogen writes no migration
	// creating it. The project's own migrations, or the database, must
	// hold it before the type's migrations run, and the fixture in
	// fixtures_test.go must insert a record of it.
	AdoptModelTable bool `yaml:"adopt_model_table,omitempty"`

	// IndexNames names indexes, constraints and sequences of the type's
	// tables by key (registry_fk, state_pkey, ...) where the derived
	// name will not do: tables that exist already, named by hand.
	IndexNames map[string]string `yaml:"index_names,omitempty"`

	// Feature flag and GraphQL names that do not follow the model name.
	ReplicationFlag  string `yaml:"replication_flag,omitempty"`
	VerificationFlag string `yaml:"verification_flag,omitempty"`
	GraphQLType      string `yaml:"graphql_type,omitempty"`
	GraphQLField     string `yaml:"graphql_field,omitempty"`

	// SchemaRevision is the revision of geogen's schema (see
	// SchemaRevision) the type's first migrations were written at;
	// absent means 1. SchemaUpgrades are the migrations that brought the
	// type to each later revision, one per revision, in order.
	SchemaRevision int             `yaml:"schema_revision,omitempty"`
	SchemaUpgrades []SchemaUpgrade `yaml:"schema_upgrades,omitempty"`

	// RegistryProfile describes a registry table that exists already
	// and differs from geogen's layout (see RegistryProfile).
	RegistryProfile RegistryProfile `yaml:"registry_profile,omitempty"`

	// Stage is experiment (or absent) until `geogen release`, then
	// released; ReleasedIn is the project version it was released in,
	// when given.
	Stage      string `yaml:"stage,omitempty"`
	ReleasedIn string `yaml:"released_in,omitempty"`
}

// VersionsPerType is how many consecutive migration versions a type
// reserves: the model table and its state table are two migrations in the
// main database set, and goose wants every version in a set unique.
const VersionsPerType = 2

// HoldsVersion reports whether v is one of the migration versions the
// type reserves: MigrationVersion and the VersionsPerType-1 after it.
func (r Replicable) HoldsVersion(v int64) bool {
	return v >= r.MigrationVersion && v < r.MigrationVersion+VersionsPerType
}

// Kind says who owns a generated file.
type Kind string

// The kinds of generated file.
const (
	// Owned files are rewritten whole by every generate and checked byte
	// for byte.
	Owned Kind = "owned"
	// Scaffold files are written once and then belong to the user.
	Scaffold Kind = "scaffold"
)

// Entry is the lock record of one generated file.
type Entry struct {
	Kind   Kind   `yaml:"kind"`
	SHA256 string `yaml:"sha256"` // hex SHA-256 of the bytes geogen last wrote
}

// New returns the manifest of a new project.
func New(module string) *Manifest {
	return &Manifest{
		Version:   CurrentVersion,
		Module:    module,
		Layout:    DefaultLayout,
		Generated: map[string]Entry{},
	}
}

// Find returns the index of the replicable with the given name, or -1.
func (m *Manifest) Find(name string) int {
	for i, r := range m.Replicables {
		if r.Name == name {
			return i
		}
	}
	return -1
}

// Clone returns a deep copy, so a command can build the manifest it wants
// to write without touching the one it loaded until the write succeeds.
func (m *Manifest) Clone() *Manifest {
	c := *m
	c.Replicables = make([]Replicable, len(m.Replicables))
	for i, r := range m.Replicables {
		r.Initialisms = append([]string(nil), r.Initialisms...)
		r.SchemaUpgrades = append([]SchemaUpgrade(nil), r.SchemaUpgrades...)
		r.IndexNames = maps.Clone(r.IndexNames)
		r.RegistryProfile = r.RegistryProfile.clone()
		c.Replicables[i] = r
	}
	c.Generated = make(map[string]Entry, len(m.Generated))
	for p, e := range m.Generated {
		c.Generated[p] = e
	}
	return &c
}
