package siteconfig

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Field is one key of the configuration.
type Field struct {
	Key     string // dotted path in the file: databases.main
	Default string // as it would be written in the file; "" when none
	Doc     string // what it sets

	set func(c *Config, v string) error
}

// Env is the field's environment variable: GEO_DATABASES_MAIN.
func (f Field) Env() string {
	return "GEO_" + strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(f.Key))
}

func str(p func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error { *p(c) = v; return nil }
}

func integer(p func(*Config) *int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("%q is not a whole number", v)
		}
		*p(c) = n
		return nil
	}
}

func duration(p func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("%q is not a duration (write 1s, 5m, 1h30m)", v)
		}
		*p(c) = d
		return nil
	}
}

func boolean(p func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("%q is not true or false", v)
		}
		*p(c) = b
		return nil
	}
}

// secretFile and secretEnv set where a secret comes from; secretValue sets
// the secret itself (only from the environment or --set, never the file).
func secretFile(p func(*Config) *Secret) func(*Config, string) error {
	return func(c *Config, v string) error { p(c).File = v; return nil }
}

func secretEnv(p func(*Config) *Secret) func(*Config, string) error {
	return func(c *Config, v string) error { p(c).Env = v; return nil }
}

// Fields returns every key of the configuration, in the order of the
// example file: the schema.
func Fields() []Field {
	return []Field{
		{Key: "role", Doc: "primary or secondary", set: str(func(c *Config) *string { return &c.Role })},
		{Key: "site.name", Doc: "this site's name: its GeoNode name, access key and token issuer", set: str(func(c *Config) *string { return &c.SiteName })},
		{Key: "site.url", Doc: "the URL other sites reach this site's transfer API at (http:// or https://)", set: str(func(c *Config) *string { return &c.SiteURL })},
		{Key: "primary.url", Doc: "secondary: the primary's site.url", set: str(func(c *Config) *string { return &c.PrimaryURL })},
		{Key: "listen.site", Default: "127.0.0.1:8080", Doc: "address of the transfer API (and, on the primary, of the secondaries' status reports)", set: str(func(c *Config) *string { return &c.ListenSite })},
		{Key: "listen.admin", Default: "127.0.0.1:8081", Doc: "address of the admin API: GraphQL, status, Prometheus metrics", set: str(func(c *Config) *string { return &c.ListenAdmin })},
		{Key: "graphql.global_id_app", Default: "gitlab", Doc: "application name of the GlobalIDs the admin GraphQL API writes (gid://gitlab/…, the only ones GitLab's frontend reads); ids with any name are read", set: str(func(c *Config) *string { return &c.GlobalIDApp })},
		{Key: "databases.main", Doc: "the main database: postgres://… or sqlite:PATH", set: str(func(c *Config) *string { return &c.MainDatabase })},
		{Key: "databases.main_replica", Doc: "secondary: its read-only view of main, a PostgreSQL hot standby (default: databases.main, opened read-only)", set: str(func(c *Config) *string { return &c.MainReplicaDatabase })},
		{Key: "databases.tracking", Doc: "secondary: its tracking database (registries, event cursor)", set: str(func(c *Config) *string { return &c.TrackingDatabase })},
		{Key: "databases.max_connections", Default: "10", Doc: "open connections per database handle; workers beyond it wait", set: integer(func(c *Config) *int { return &c.MaxConnections })},
		{Key: "databases.connection_idle_time", Default: "1m", Doc: "close a connection unused for this long", set: duration(func(c *Config) *time.Duration { return &c.ConnectionIdleTime })},
		{Key: "storage.blobs", Doc: "blob types: a directory, or an object storage URL (s3://, gs://, azblob://)", set: str(func(c *Config) *string { return &c.BlobStorage })},
		{Key: "storage.repositories", Doc: "repository types: the directory of the git repositories", set: str(func(c *Config) *string { return &c.RepositoryStorage })},
		{Key: "secrets.site_secret.file", Doc: "file holding the secret every site shares to sign site-to-site tokens", set: secretFile(func(c *Config) *Secret { return &c.SiteSecret })},
		{Key: "secrets.site_secret.env", Doc: "or: the environment variable holding it (GEO_SECRETS_SITE_SECRET holds it directly)", set: secretEnv(func(c *Config) *Secret { return &c.SiteSecret })},
		{Key: "secrets.admin_token.file", Doc: "file holding the admin API's bearer token", set: secretFile(func(c *Config) *Secret { return &c.AdminToken })},
		{Key: "secrets.admin_token.env", Doc: "or: the environment variable holding it (GEO_SECRETS_ADMIN_TOKEN holds it directly)", set: secretEnv(func(c *Config) *Secret { return &c.AdminToken })},
		{Key: "capacities.sync", Default: "10", Doc: "secondary: downloads at once", set: integer(func(c *Config) *int { return &c.SyncCapacity })},
		{Key: "capacities.verification", Default: "10", Doc: "checksums at once", set: integer(func(c *Config) *int { return &c.VerificationCapacity })},
		{Key: "timeouts.lease", Default: "30s", Doc: "a sync or verification whose worker stops renewing its claim for this long goes back to pending", set: duration(func(c *Config) *time.Duration { return &c.Lease })},
		{Key: "timeouts.stale_temp", Default: "5m", Doc: "a temporary file unchanged this long was left by an interrupted write: the sweep removes it", set: duration(func(c *Config) *time.Duration { return &c.StaleTempAge })},
		{Key: "timeouts.retry_jitter", Default: "30", Doc: "bounds the random part of a failed sync's or verification's retry delay, in seconds per attempt (GitLab's 30; 1 makes the delays exact)", set: integer(func(c *Config) *int { return &c.RetryJitterMax })},
		{Key: "timeouts.verification", Default: "0s", Doc: "a verification running longer fails (0s: the default, 8 hours)", set: duration(func(c *Config) *time.Duration { return &c.VerificationTimeout })},
		{Key: "intervals.poll", Default: "1s", Doc: "how long an idle worker waits before looking for work again", set: duration(func(c *Config) *time.Duration { return &c.PollInterval })},
		{Key: "intervals.maintenance", Default: "1m", Doc: "timeouts recovered, state rows backfilled, re-verification scheduled", set: duration(func(c *Config) *time.Duration { return &c.MaintenanceInterval })},
		{Key: "intervals.consistency", Default: "1m", Doc: "secondary: registry consistency pass", set: duration(func(c *Config) *time.Duration { return &c.ConsistencyInterval })},
		{Key: "intervals.reverify", Default: "0s", Doc: "how old a checksum gets before it is verified again (0s: the default, 7 days)", set: duration(func(c *Config) *time.Duration { return &c.ReverifyInterval })},
		{Key: "intervals.status", Default: "1m", Doc: "status snapshots, and how often a secondary reports its status to the primary", set: duration(func(c *Config) *time.Duration { return &c.StatusInterval })},
		{Key: "intervals.self_verify", Default: "168h", Doc: "secondary: how old its own verification of a copy gets before it checksums the copy again", set: duration(func(c *Config) *time.Duration { return &c.SelfVerifyInterval })},
		{Key: "intervals.existence_check", Default: "1h", Doc: "secondary: how often it checks that what it synced is still on disk", set: duration(func(c *Config) *time.Duration { return &c.ExistenceCheckInterval })},
		{Key: "intervals.temp_sweep", Default: "10m", Doc: "how often temporary files of interrupted writes are removed", set: duration(func(c *Config) *time.Duration { return &c.TempSweepInterval })},
		{Key: "intervals.flags_refresh", Default: "5s", Doc: "how often the stored feature flags are read again", set: duration(func(c *Config) *time.Duration { return &c.FlagsRefreshInterval })},
		{Key: "feature_flags.definitions", Default: "config/feature_flags", Doc: "directory of the generated flag definitions (their defaults); missing: every flag off by default", set: str(func(c *Config) *string { return &c.FlagDefinitions })},
		{Key: "health.max_replication_lag", Default: "5m", Doc: "a secondary whose newest unprocessed event is older than this is unhealthy", set: duration(func(c *Config) *time.Duration { return &c.MaxReplicationLag })},
		{Key: "health.failing_workers_window", Default: "100", Doc: "how many of a type's most recent sync, verification or checksum attempts the failing-workers check looks at", set: integer(func(c *Config) *int { return &c.FailingWorkersWindow })},
		{Key: "health.failing_workers_percent", Default: "50", Doc: "the site is unhealthy (failing workers) when this percentage or more of those attempts failed", set: integer(func(c *Config) *int { return &c.FailingWorkersPercent })},
		{Key: "health.silent_after", Default: "5m", Doc: "primary: a secondary that has not reported for this long is silent (and stops event pruning)", set: duration(func(c *Config) *time.Duration { return &c.SilentAfter })},
		{Key: "events.prune", Default: "true", Doc: "primary: delete events every known secondary has processed", set: boolean(func(c *Config) *bool { return &c.PruneEvents })},
		{Key: "events.prune_batch", Default: "10000", Doc: "primary: events deleted per statement", set: integer(func(c *Config) *int { return &c.PruneBatch })},
		{Key: "shutdown_timeout", Default: "30s", Doc: "how long a stopping site waits for in-flight work; then it gives back the claims still held and exits 1", set: duration(func(c *Config) *time.Duration { return &c.ShutdownTimeout })},
		{Key: "log.level", Default: "info", Doc: "debug, info, warn or error", set: str(func(c *Config) *string { return &c.LogLevel })},
	}
}

// secretValues are the variables that hold a secret itself.
func secretValues() map[string]func(*Config) *Secret {
	return map[string]func(*Config) *Secret{
		"GEO_SECRETS_SITE_SECRET": func(c *Config) *Secret { return &c.SiteSecret },
		"GEO_SECRETS_ADMIN_TOKEN": func(c *Config) *Secret { return &c.AdminToken },
	}
}
