package sitecmd

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/geogen/geogen/runtime/siteconfig"
	"github.com/geogen/geogen/runtime/sitestatus"
)

// columnWidth is the width of the right-aligned labels, as in GitLab's
// geo:status.
const columnWidth = 35

func (a *app) statusCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Print this site's status (and, on the primary, every known site's)",
		Long: `status prints the layout of GitLab's geo:status: the site, its role and health,
per type the records synced and verified (a primary: checksummed) with percentages,
the database replication lag, and the event log position. On the primary it then
prints the last status every secondary reported. --json prints the same as JSON.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			ctx := c.Context()
			dbs, err := openDatabases(ctx, cfg)
			if err != nil {
				return err
			}
			defer dbs.Close()
			fl, err := a.flagStore(ctx, cfg, dbs.Main)
			if err != nil {
				return err
			}
			r := a.collect(ctx, cfg, dbs, fl)
			var others []sitestatus.Report
			if cfg.Role == siteconfig.RolePrimary {
				known, err := sitestatus.List(ctx, dbs.Main)
				if err != nil {
					return err
				}
				for _, k := range known {
					others = append(others, k.Current(time.Now(), cfg.SilentAfter))
				}
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"site": r, "sites": nonNil(others)})
			}
			printStatus(a.stdout, r, time.Now())
			for _, o := range others {
				printStatus(a.stdout, o, time.Now())
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func nonNil(r []sitestatus.Report) []sitestatus.Report {
	if r == nil {
		return []sitestatus.Report{}
	}
	return r
}

func label(w io.Writer, s string) { fmt.Fprint(w, leftPad(s+": ", columnWidth)) }

func leftPad(s string, width int) string {
	if len(s) >= width {
		return s
	}
	return strings.Repeat(" ", width-len(s)) + s
}

// printStatus prints one site's report.
func printStatus(w io.Writer, r sitestatus.Report, now time.Time) {
	fmt.Fprintf(w, "\nName: %s\nURL: %s\n%s\n", r.Name, r.URL, strings.Repeat("-", 53))
	label(w, "Geo Role")
	if r.Primary {
		fmt.Fprintln(w, "Primary")
	} else {
		fmt.Fprintln(w, "Secondary")
	}
	label(w, "Health Status")
	fmt.Fprintln(w, r.HealthStatus)
	if !r.Healthy {
		label(w, "Health Status Summary")
		fmt.Fprintln(w, strings.Join(r.Health, "; "))
	}
	printReplication(w, r)
	if !r.Primary {
		label(w, "Database replication lag")
		if r.DBReplicationLagSeconds != nil {
			fmt.Fprintf(w, "%d seconds\n", int64(*r.DBReplicationLagSeconds))
		} else {
			fmt.Fprintln(w, "Not applicable.")
		}
	}
	label(w, "Last event ID seen from primary")
	if r.LastEventID == 0 {
		fmt.Fprintln(w, "Not applicable.")
	} else {
		fmt.Fprintf(w, "%d (%s)\n", r.LastEventID, ago(r.LastEventAt, now))
		if !r.Primary {
			label(w, "Last event ID processed")
			if r.CursorEventID == 0 {
				fmt.Fprintln(w, "Not applicable.")
			} else {
				fmt.Fprintf(w, "%d (%s)\n", r.CursorEventID, ago(r.CursorEventAt, now))
			}
		}
	}
	label(w, "Last status report was")
	fmt.Fprintln(w, ago(&r.CollectedAt, now))
}

// printReplication prints the per type rows: replication, then
// verification, as GitLab's print_replicators_status and
// print_replicators_verification_status do. A primary prints its
// checksums.
func printReplication(w io.Writer, r sitestatus.Report) {
	for _, t := range r.Types {
		switch {
		case r.Primary && t.Verifying:
			countsRow(w, t.TitlePlural+" Checksummed", t.ChecksumFailedCount, t.ChecksummedCount, t.Count, t.SyncedInPercentage)
		case !r.Primary && t.Replicating:
			countsRow(w, t.TitlePlural, t.FailedCount, t.SyncedCount, max(t.RegistryCount, t.Count), t.SyncedInPercentage)
		}
	}
	if r.Primary {
		return
	}
	for _, t := range r.Types {
		if t.Replicating && t.Verifying {
			countsRow(w, t.TitlePlural+" Verified", t.VerificationFailedCount, t.VerifiedCount, max(t.RegistryCount, t.Count), t.VerifiedInPercentage)
		}
	}
}

// countsRow is one "Title: failed F / succeeded S / total T (P%)" row.
func countsRow(w io.Writer, title string, failed, succeeded, total int64, percentage float64) {
	label(w, title)
	if failed > 0 {
		fmt.Fprintf(w, "failed %d / ", failed)
	}
	fmt.Fprintf(w, "succeeded %d / total %d (%d%%)\n", succeeded, total, int64(math.Floor(percentage)))
}

// ago says how long ago t was.
func ago(t *time.Time, now time.Time) string {
	if t == nil || t.IsZero() {
		return "never"
	}
	d := now.Sub(*t)
	switch {
	case d < time.Minute:
		return "less than a minute ago"
	case d < time.Hour:
		return fmt.Sprintf("%d minutes ago", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d hours ago", int(d/time.Hour))
	}
	return fmt.Sprintf("%d days ago", int(d/(24*time.Hour)))
}
