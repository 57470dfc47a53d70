package naming

// Options are the overrides a user may give for a type, on the command
// line or in the manifest. Empty fields take the derived default.
type Options struct {
	Plural        string   // snake_case plural: "people" for Person
	ModelTable    string   // the model table; default the plural
	Title         string   // "LFS Object"
	TitlePlural   string   // "LFS Objects"
	RegistryTable string   // default <snake>_registry
	StateTable    string   // default <snake>_states
	ForeignKey    string   // default <snake>_id
	ModelKey      string   // the model table's primary key column; default id
	StateKey      string   // the state table's column holding the model key; default ForeignKey
	Initialisms   []string // extra Go initialisms, such as "GPG"

	// SecondKey is a registry column holding another key of the record,
	// copied from the model table's column SecondKeySource; none when
	// empty.
	SecondKey       string
	SecondKeySource string

	// VerificationOnModel keeps the verification columns on the model
	// table: the state table is the model table, keyed by the model key,
	// and its indexes are named after it.
	VerificationOnModel bool

	// Names a project keeps when they cannot follow the model name: a
	// flag or GraphQL field that was named before, or is shorter.
	ReplicationFlag  string // default geo_<snake>_replication
	VerificationFlag string // default geo_<snake>_verification
	GraphQLType      string // default <Camel>Registry
	GraphQLField     string // default <lowerCamel>Registries

	// IndexNames are names given to indexes, constraints and sequences
	// instead of the derived ones, by IndexKeys key: registry_fk.
	IndexNames map[string]string
}

// Names are every name of one replicable type. The comments show the
// names of CoolWidget.
type Names struct {
	Input string // the model name as given: "CoolWidget"

	Snake, SnakePlural           string // cool_widget, cool_widgets
	Camel, CamelPlural           string // CoolWidget, CoolWidgets: no initialisms
	LowerCamel, LowerCamelPlural string // coolWidget, coolWidgets: no initialisms

	GoName, GoNamePlural string // CoolWidget, CoolWidgets; LFSObject, LFSObjects
	GoLowerName          string // coolWidget; lfsObject; never a keyword or predeclared name
	Package              string // Go package name: coolwidget

	Title, TitlePlural string // Cool Widget, Cool Widgets

	ModelTable    string // cool_widgets
	RegistryTable string // cool_widget_registry
	StateTable    string // cool_widget_states
	ForeignKey    string // cool_widget_id
	ModelKey      string // id: the model table's primary key column
	StateKey      string // cool_widget_id: the state table's key, ForeignKey unless given

	SecondKey       string // a second registry key column, or empty: project_repository_id
	SecondKeySource string // the model table's column it is copied from: id

	ReplicationFlag  string // geo_cool_widget_replication
	VerificationFlag string // geo_cool_widget_verification

	GraphQLType    string // CoolWidgetRegistry
	GraphQLField   string // coolWidgetRegistries
	GraphQLFKField string // coolWidgetId: the foreign key in camel case

	MetricPrefix string // geo_cool_widgets
	StatusPrefix string // cool_widgets
	EnumKey      string // COOL_WIDGET

	Index Indexes
}

// Indexes are the names of the indexes, constraints and sequences of the
// registry and state tables, each at most MaxIdentifier bytes.
type Indexes struct {
	ModelPkey  string // cool_widgets_pkey: the scaffolded model table's primary key
	ModelIDSeq string // cool_widgets_id_seq: its id sequence

	RegistryPkey                     string // cool_widget_registry_pkey
	RegistryIDSeq                    string // cool_widget_registry_id_seq
	RegistryFK                       string // index_cool_widget_registry_on_cool_widget_id
	RegistryRetryAt                  string // index_cool_widget_registry_on_retry_at
	RegistryState                    string // index_cool_widget_registry_on_state
	RegistryLastSyncedAt             string // index_cool_widget_registry_on_last_synced_at
	RegistryVerifiedAt               string // index_cool_widget_registry_on_verified_at
	RegistryChecksumMismatch         string // index_cool_widget_registry_checksum_mismatch (repository types)
	RegistryFailedVerification       string // cool_widget_registry_failed_verification
	RegistryNeedsVerification        string // cool_widget_registry_needs_verification
	RegistryPendingVerification      string // cool_widget_registry_pending_verification
	RegistryPendingSync              string // cool_widget_registry_pending_sync
	RegistryNeedsSyncAgain           string // cool_widget_registry_needs_sync_again
	RegistryLastSyncFailureCheck     string // check_cool_widget_registry_last_sync_failure
	RegistryVerificationFailureCheck string // check_cool_widget_registry_verification_failure
	RegistrySecondKey                string // index_cool_widget_registry_on_<second key>, or empty without one

	StatePkey                     string // cool_widget_states_pkey; empty with verification on the model table
	StateFKConstraint             string // fk_cool_widget_states_cool_widget_id; empty with verification on the model table
	StateVerificationState        string // index_cool_widget_states_on_verification_state
	StatePendingVerification      string // index_cool_widget_states_pending_verification
	StateFailedVerification       string // index_cool_widget_states_failed_verification
	StateNeedsVerification        string // index_cool_widget_states_needs_verification
	StateVerificationFailureCheck string // check_cool_widget_states_verification_failure
}
