package sitecmd

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/geogen/geogen/runtime/siteconfig"
	"github.com/geogen/geogen/runtime/sitestatus"
)

func (a *app) sitesCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sites",
		Short: "The secondaries the primary knows from their reports",
		Long: `sites lists, on the primary, every secondary that has reported its status: its
health, its event cursor and when it last reported. A secondary taken out of service
stays in the list, silent, and holds event log pruning back until it is forgotten.`,
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "list",
		Short: "List the known secondaries",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			cfg, dbs, err := a.primaryDatabases(c, "sites list")
			if err != nil {
				return err
			}
			defer dbs.Close()
			known, err := sitestatus.List(c.Context(), dbs.Main)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tURL\tHEALTH\tCURSOR\tREPORTED\tREASONS")
			now := time.Now()
			for _, k := range known {
				r := k.Current(now, cfg.SilentAfter)
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\n", k.ID, r.Name, r.URL, r.HealthStatus, r.CursorEventID,
					ago(&k.ReportedAt, now), strings.Join(r.Health, "; "))
			}
			return tw.Flush()
		},
	}, &cobra.Command{
		Use:   "forget NAME",
		Short: "Remove a secondary taken out of service from the list",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			_, dbs, err := a.primaryDatabases(c, "sites forget")
			if err != nil {
				return err
			}
			defer dbs.Close()
			ok, err := sitestatus.Forget(c.Context(), dbs.Main, args[0])
			if err != nil {
				return err
			}
			if !ok {
				return &exitError{code: exitFailed, err: fmt.Errorf("no known site %q (geo sites list shows them)", args[0])}
			}
			fmt.Fprintf(a.stdout, "forgot %s; it is listed again if it reports\n", args[0])
			return nil
		},
	})
	return cmd
}

// primaryDatabases opens a primary's databases for a command that only
// a primary runs.
func (a *app) primaryDatabases(c *cobra.Command, command string) (siteconfig.Config, *databases, error) {
	cfg, err := a.config()
	if err != nil {
		return cfg, nil, err
	}
	if cfg.Role != siteconfig.RolePrimary {
		return cfg, nil, usage("geo %s runs on the primary, which keeps the list of sites", command)
	}
	dbs, err := openDatabases(c.Context(), cfg)
	if err != nil {
		return cfg, nil, err
	}
	if err := a.migrated(c.Context(), cfg, dbs); err != nil {
		dbs.Close()
		return cfg, nil, err
	}
	return cfg, dbs, nil
}
