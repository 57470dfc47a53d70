package sitecmd

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/geogen/geogen/runtime/siteconfig"
	"github.com/geogen/geogen/runtime/sqldb"
)

func (a *app) roleCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "role",
		Short: "Print this site's role and name",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s %s\n", cfg.Role, cfg.SiteName)
			return nil
		},
	}
}

func (a *app) configCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Check and print the configuration, or list its keys",
		Long: `config checks the configuration (every problem at once) and prints it as the site
would run with it, database passwords and secrets redacted.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			for _, kv := range describe(cfg) {
				fmt.Fprintf(tw, "%s\t%s\n", kv[0], kv[1])
			}
			return tw.Flush()
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "keys",
		Short: "List every configuration key, its environment variable and default",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "KEY\tENVIRONMENT\tDEFAULT\tMEANING")
			for _, f := range siteconfig.Fields() {
				def := f.Default
				if def == "" {
					def = "-"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", f.Key, f.Env(), def, f.Doc)
				if f.Key == "storage.repositories" {
					fmt.Fprintf(tw, "%s.TYPE\tGEO_STORAGE_TYPES_TYPE\t-\t%s\n", siteconfig.TypeStorageKey, siteconfig.TypeStorageDoc)
				}
			}
			return tw.Flush()
		},
	})
	return cmd
}

// describe is the configuration as key/value pairs to print.
func describe(c siteconfig.Config) [][2]string {
	secret := func(s siteconfig.Secret) string {
		switch {
		case s.File != "":
			return "[redacted] from file " + s.File
		case s.Env != "":
			return "[redacted] from $" + s.Env
		}
		return "[redacted] from the environment"
	}
	orDash := func(s string) string {
		if strings.TrimSpace(s) == "" {
			return "-"
		}
		return s
	}
	out := [][2]string{
		{"role", c.Role}, {"site.name", c.SiteName}, {"site.url", c.SiteURL}, {"primary.url", orDash(c.PrimaryURL)},
		{"listen.site", c.ListenSite}, {"listen.admin", c.ListenAdmin}, {"graphql.global_id_app", c.GlobalIDApp},
		{"databases.main", sqldb.Redact(c.MainDatabase)}, {"databases.main_replica", orDash(sqldb.Redact(c.MainReplicaDatabase))},
		{"databases.tracking", orDash(sqldb.Redact(c.TrackingDatabase))},
		{"databases.max_connections", fmt.Sprint(c.MaxConnections)}, {"databases.connection_idle_time", c.ConnectionIdleTime.String()},
		{"storage.blobs", orDash(c.BlobStorage)}, {"storage.repositories", orDash(c.RepositoryStorage)},
		{"secrets.site_secret", secret(c.SiteSecret)}, {"secrets.admin_token", secret(c.AdminToken)},
		{"capacities.sync", fmt.Sprint(c.SyncCapacity)}, {"capacities.verification", fmt.Sprint(c.VerificationCapacity)},
		{"timeouts.lease", c.Lease.String()}, {"timeouts.verification", c.VerificationTimeout.String()},
		{"timeouts.stale_temp", c.StaleTempAge.String()}, {"timeouts.retry_jitter", fmt.Sprint(c.RetryJitterMax)},
		{"intervals.poll", c.PollInterval.String()}, {"intervals.maintenance", c.MaintenanceInterval.String()},
		{"intervals.consistency", c.ConsistencyInterval.String()}, {"intervals.reverify", c.ReverifyInterval.String()},
		{"intervals.status", c.StatusInterval.String()}, {"intervals.self_verify", c.SelfVerifyInterval.String()},
		{"intervals.existence_check", c.ExistenceCheckInterval.String()}, {"intervals.temp_sweep", c.TempSweepInterval.String()}, {"intervals.flags_refresh", c.FlagsRefreshInterval.String()},
		{"feature_flags.definitions", orDash(c.FlagDefinitions)},
		{"health.max_replication_lag", c.MaxReplicationLag.String()}, {"health.silent_after", c.SilentAfter.String()},
		{"health.failing_workers_window", fmt.Sprint(c.FailingWorkersWindow)}, {"health.failing_workers_percent", fmt.Sprint(c.FailingWorkersPercent)},
		{"events.prune", fmt.Sprint(c.PruneEvents)}, {"events.prune_batch", fmt.Sprint(c.PruneBatch)},
		{"shutdown_timeout", c.ShutdownTimeout.String()}, {"log.level", c.LogLevel},
	}
	// storage.types follows the other storage keys.
	var types [][2]string
	for _, name := range slices.Sorted(maps.Keys(c.TypeStorage)) {
		types = append(types, [2]string{siteconfig.TypeStorageKey + "." + name, c.TypeStorage[name]})
	}
	i := slices.IndexFunc(out, func(kv [2]string) bool { return kv[0] == "storage.repositories" })
	return slices.Insert(out, i+1, types...)
}
