package siteconfig

import "time"

// The roles a site runs as.
const (
	RolePrimary   = "primary"
	RoleSecondary = "secondary"
)

// Config is a site's whole configuration. Fields has the key, default and
// meaning of every field.
type Config struct {
	Role string

	SiteName string // the site's name: its GeoNode name, its access key and token issuer
	SiteURL  string // the URL other sites reach this site's transfer API at

	PrimaryURL string // a secondary's primary: its site URL

	ListenSite  string // the transfer API (and, on the primary, the status reports of secondaries)
	ListenAdmin string // GraphQL, status and Prometheus metrics

	// GlobalIDApp is the application name of the GlobalIDs the admin
	// GraphQL API writes: "gitlab", as GitLab's clients expect.
	GlobalIDApp string

	MainDatabase        string // the main database URL
	MainReplicaDatabase string // a secondary's read-only view of main (a PostgreSQL hot standby); default: main, opened read-only
	TrackingDatabase    string // a secondary's tracking database URL

	BlobStorage       string // the blob store: a directory, or an object storage URL (s3://, gs://, azblob://)
	RepositoryStorage string // the directory of git repositories
	// TypeStorage is storage.types: single types' storage by replicable
	// name, in place of BlobStorage or RepositoryStorage (BlobStorageOf,
	// RepositoryStorageOf).
	TypeStorage map[string]string

	SiteSecret Secret // shared by every site: signs and checks site-to-site tokens
	AdminToken Secret // the bearer token of the admin API and of geo flags over HTTP

	SyncCapacity         int
	VerificationCapacity int

	MaxConnections      int           // per database handle
	ConnectionIdleTime  time.Duration // idle connections closed after it
	Lease               time.Duration // how long a sync or verification keeps its row without renewing
	VerificationTimeout time.Duration // 0: the verification stores' default
	StaleTempAge        time.Duration // an interrupted write's temporary file is removed once unchanged this long
	RetryJitterMax      int           // the random part of retry delays, seconds per attempt

	PollInterval           time.Duration
	MaintenanceInterval    time.Duration
	ConsistencyInterval    time.Duration
	ReverifyInterval       time.Duration
	StatusInterval         time.Duration // status snapshots, and a secondary's reports to the primary
	SelfVerifyInterval     time.Duration // a secondary checksums its own copies again after this
	ExistenceCheckInterval time.Duration // a secondary checks its synced data is still on disk
	TempSweepInterval      time.Duration // interrupted writes' temporary files removed
	FlagsRefreshInterval   time.Duration

	FlagDefinitions string // directory of the feature flag definition files (*.yml)

	MaxReplicationLag time.Duration // health: replication lag above this is unhealthy
	SilentAfter       time.Duration // health: a secondary that has not reported for this long is silent
	// FailingWorkersWindow and FailingWorkersPercent: a type whose last
	// FailingWorkersWindow attempts failed FailingWorkersPercent percent
	// of the time or more makes the site unhealthy.
	FailingWorkersWindow  int
	FailingWorkersPercent int

	PruneEvents     bool // the primary prunes its event log below every secondary's cursor
	PruneBatch      int
	ShutdownTimeout time.Duration

	LogLevel string
}

// Defaults returns the configuration before any file, variable or
// setting: every default of Fields.
func Defaults() Config {
	var c Config
	for _, f := range Fields() {
		if f.Default != "" {
			_ = f.set(&c, f.Default)
		}
	}
	return c
}
