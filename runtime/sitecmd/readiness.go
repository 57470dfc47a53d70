package sitecmd

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/geogen/geogen/runtime/siteconfig"
	"github.com/geogen/geogen/runtime/sitestatus"
)

// secondaryReport opens a secondary's databases and returns a function
// that collects its status, and the clean-up.
func (a *app) secondaryReport(ctx context.Context, command string) (func(context.Context) sitestatus.Report, func(), error) {
	cfg, err := a.config()
	if err != nil {
		return nil, nil, err
	}
	if cfg.Role != siteconfig.RoleSecondary {
		return nil, nil, usage("geo %s checks a secondary: run it with a secondary's configuration", command)
	}
	dbs, err := openDatabases(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	fl, err := a.flagStore(ctx, cfg, dbs.Main)
	if err != nil {
		dbs.Close()
		return nil, nil, err
	}
	return func(ctx context.Context) sitestatus.Report {
		// The flags as they are now: a flag turned on while waiting
		// counts.
		_ = fl.Refresh(ctx)
		return a.collect(ctx, cfg, dbs, fl)
	}, dbs.Close, nil
}

func (a *app) checkReplicationCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "check-replication",
		Short: "Exit 0 only when every enabled type is fully synced and verified on this secondary",
		Long: `check-replication prints, per replicated type, the records synced and verified on
this secondary, then SUCCESS and exits 0 when every record of every enabled type is
synced and verified and every event of the primary's log is handled, or ERROR and
exits 1 otherwise (GitLab's geo:check_replication_verification_status).`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			collect, done, err := a.secondaryReport(c.Context(), "check-replication")
			if err != nil {
				return err
			}
			defer done()
			r := collect(c.Context())
			printReplication(a.stdout, r)
			if !r.Complete() {
				fmt.Fprintln(a.stdout, "ERROR - Replication is not up-to-date.")
				fmt.Fprintln(a.stdout, "  "+pending(r))
				fmt.Fprintln(a.stdout, "  Run geo wait to wait for it, or geo status for the details.")
				return errFailed
			}
			fmt.Fprintln(a.stdout, "SUCCESS - Replication is up-to-date.")
			return nil
		},
	}
}

// pending says what a secondary has left to do.
func pending(r sitestatus.Report) string {
	var parts []string
	if !r.CaughtUp() {
		parts = append(parts, fmt.Sprintf("events %d of %d handled", r.CursorEventID, r.LastEventID))
	}
	for _, t := range r.Types {
		if !t.Complete() {
			parts = append(parts, fmt.Sprintf("%s synced %d, verified %d of %d", t.TitlePlural, t.SyncedCount, t.VerifiedCount, t.Count))
		}
	}
	if len(r.Health) > 0 {
		parts = append(parts, "unhealthy: "+strings.Join(r.Health, "; "))
	}
	if len(parts) == 0 {
		return "up to date"
	}
	return strings.Join(parts, "; ")
}

func (a *app) waitCommand() *cobra.Command {
	var timeout, interval time.Duration
	cmd := &cobra.Command{
		Use:   "wait",
		Short: "Wait until this secondary has handled every event and is fully synced and verified",
		Long: `wait prints progress until the secondary has handled every event of the primary's
log and every record of every enabled type is synced and verified (GitLab's
geo:wait_until_replicated_and_verified), then exits 0; after --timeout it exits 1.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if timeout <= 0 || interval <= 0 {
				return usage("--timeout and --interval must be above zero")
			}
			collect, done, err := a.secondaryReport(c.Context(), "wait")
			if err != nil {
				return err
			}
			defer done()
			ctx, cancel := context.WithTimeout(c.Context(), timeout)
			defer cancel()
			start, last := time.Now(), ""
			for {
				r := collect(ctx)
				if r.Complete() {
					fmt.Fprintf(a.stdout, "SUCCESS - Replication is up-to-date (waited %s).\n", time.Since(start).Round(time.Second))
					return nil
				}
				if line := pending(r); line != last {
					fmt.Fprintf(a.stdout, "[%s] %s\n", time.Since(start).Round(time.Second), line)
					last = line
				}
				select {
				case <-ctx.Done():
					fmt.Fprintf(a.stdout, "ERROR - Replication is not up-to-date after %s: %s\n", timeout, last)
					return errFailed
				case <-time.After(interval):
				}
			}
		},
	}
	cmd.Flags().DurationVar(&timeout, "timeout", 30*time.Minute, "give up after `DURATION`")
	cmd.Flags().DurationVar(&interval, "interval", 2*time.Second, "check every `DURATION`")
	return cmd
}
