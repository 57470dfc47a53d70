package replicable

import (
	"context"
	"fmt"
	"time"
)

// Strategy is how a type's data is replicated.
type Strategy string

// The strategies.
const (
	Blob       Strategy = "blob"       // one file per record, downloaded and checksummed with SHA-256
	Repository Strategy = "repository" // one git repository per record, mirrored and checksummed over refs
)

// Default sync timeouts: a sync still "started" after this long is taken to
// have crashed and is failed so it can be retried.
const (
	DefaultBlobSyncTimeout       = 8 * time.Hour
	DefaultRepositorySyncTimeout = 3 * time.Hour
)

// Descriptor names everything about one replicable type.
type Descriptor struct {
	Name        string   // replicable name, snake case: "cool_widget"
	Plural      string   // plural of Name: "cool_widgets" (status fields, metrics)
	Title       string   // "Cool Widget"
	TitlePlural string   // "Cool Widgets"
	Strategy    Strategy // Blob or Repository

	ModelTable     string   // the model's table in the main database: "cool_widgets"
	ModelKey       string   // its primary key column: "id"
	ModelUpdatedAt string   // a timestamp column: the oldest unsynced record is reported by it
	SearchColumns  []string // text columns the keyword filter searches; none: keyword filtering is refused
	// ModelSize is a column of the model table holding each blob's size
	// in bytes, as many applications record (blob strategy). A secondary's
	// frequent existence check then also compares its copy's size with
	// it, so a truncated or overwritten file is synced again long before
	// the next full verification reads it. Empty: sizes are not compared.
	ModelSize string

	// Scope is a SQL condition over the model table's columns (unqualified)
	// selecting the records secondaries replicate. Empty means every record.
	Scope string

	RegistryTable string // tracking database: "cool_widget_registry"
	ForeignKey    string // registry column holding the model key, and the state table's key: "cool_widget_id"
	StateTable    string // main database verification state table: "cool_widget_states"

	// StateKey is the state table's column holding the model key when it
	// is not named ForeignKey: a state table that existed before the
	// registry did (GitLab's upload_states.upload_id beside
	// file_registry.file_id). Empty means ForeignKey.
	StateKey string

	// VerificationOnModel says the primary's verification columns are on
	// the model table itself (StateTable is ModelTable, StateKey
	// ModelKey), as some of GitLab's older types keep them: every record
	// has its verification state from the moment it exists, so no state
	// row is created or backfilled, and records out of Scope are left out
	// of verification by the condition instead of by having no row.
	VerificationOnModel bool

	// SecondKey is a second column of the registry holding another key
	// of the record, which a secondary copies from the model table's
	// column SecondKeySource when it creates the registry row: GitLab's
	// project_repository_registry.project_repository_id beside
	// project_id. The row keeps NULL when the model row has none. Empty
	// means the registry has no such column.
	SecondKey       string
	SecondKeySource string

	// WithoutMissingOnPrimary says the registry table has no
	// missing_on_primary column, as a registry created before geogen may
	// not (GitLab's blob registries): the runtime then neither records
	// that the primary lacks a record's data nor filters by it, and
	// reads the flag as false. The retry backoff of such a failure is
	// the same either way.
	WithoutMissingOnPrimary bool

	ReplicationFlag  string // "geo_cool_widget_replication"
	VerificationFlag string // "geo_cool_widget_verification": checksum on the primary even while replication is off

	GraphQLType    string // "CoolWidgetRegistry"
	GraphQLField   string // "coolWidgetRegistries"
	GraphQLFKField string // "coolWidgetId"

	// Experiment marks a type not released yet: its GraphQL field says,
	// in its description, that it may change (as GitLab's experiment:
	// field option does). geogen sets it until `geogen release`.
	Experiment bool

	// SyncTimeout overrides the strategy's default sync timeout.
	SyncTimeout time.Duration

	// Locate returns where a record's data lives: a blob key in the blob
	// store, or a repository path relative to the repository root. Nil means
	// "<plural>/<id>" for blobs and "<plural>/<id>.git" for repositories.
	Locate func(ctx context.Context, id int64) (string, error)

	// HousekeepingDisabled turns off git housekeeping after a repository sync.
	HousekeepingDisabled bool
}

// StateKeyColumn is the state table's column holding the model key.
func (d *Descriptor) StateKeyColumn() string {
	if d.StateKey != "" {
		return d.StateKey
	}
	return d.ForeignKey
}

// Mutable reports whether a record's data can change after it is created:
// blobs never change, repositories take pushes.
func (d *Descriptor) Mutable() bool { return d.Strategy == Repository }

// EffectiveSyncTimeout is SyncTimeout or the strategy's default.
func (d *Descriptor) EffectiveSyncTimeout() time.Duration {
	if d.SyncTimeout > 0 {
		return d.SyncTimeout
	}
	if d.Strategy == Repository {
		return DefaultRepositorySyncTimeout
	}
	return DefaultBlobSyncTimeout
}

// Searchable reports whether the keyword filter is supported.
func (d *Descriptor) Searchable() bool { return len(d.SearchColumns) > 0 }

// Location returns where record id's data lives (see Locate).
func (d *Descriptor) Location(ctx context.Context, id int64) (string, error) {
	if d.Locate != nil {
		return d.Locate(ctx, id)
	}
	if d.Strategy == Repository {
		return fmt.Sprintf("%s/%d.git", d.Plural, id), nil
	}
	return fmt.Sprintf("%s/%d", d.Plural, id), nil
}

// StatusField is the name of a status field of this type: StatusField("synced_count")
// is "cool_widgets_synced_count".
func (d *Descriptor) StatusField(suffix string) string { return d.Plural + "_" + suffix }

// MetricName is the name of a Prometheus gauge of this type: MetricName("synced")
// is "geo_cool_widgets_synced"; MetricName("") is "geo_cool_widgets".
func (d *Descriptor) MetricName(suffix string) string {
	if suffix == "" {
		return "geo_" + d.Plural
	}
	return "geo_" + d.Plural + "_" + suffix
}
