package sitecmd

import (
	"fmt"
	"os"
	"os/user"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/geogen/geogen/runtime/siteconfig"
)

func (a *app) flagsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "flags",
		Short: "List, enable and disable feature flags",
		Long: `flags reads and changes the feature flags stored in the main database. A change
is made on the primary; every running site (the secondaries through the database's
replication) picks it up within intervals.flags_refresh, without a restart. Each
change is kept with who made it and when (geo flags history).`,
	}
	cmd.AddCommand(a.flagsListCommand(), a.flagsSetCommand("enable", true), a.flagsSetCommand("disable", false), a.flagsHistoryCommand())
	return cmd
}

func (a *app) flagsListCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the feature flags: state, default, last change",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			dbs, err := openDatabases(c.Context(), cfg)
			if err != nil {
				return err
			}
			defer dbs.Close()
			fl, err := a.flagStore(c.Context(), cfg, dbs.Main)
			if err != nil {
				return err
			}
			list, err := fl.List(c.Context())
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tSTATE\tDEFAULT\tCHANGED BY\tCHANGED AT")
			for _, f := range list {
				by, at := "-", "-"
				if f.Stored {
					by, at = f.UpdatedBy, f.UpdatedAt.Format(time.RFC3339)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", f.Name, onOff(f.Enabled), onOff(f.DefaultEnabled), by, at)
			}
			return tw.Flush()
		},
	}
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// actor is who an operator is, for the history: $GEO_ACTOR, else the
// login name and host.
func actor() string {
	if a := os.Getenv("GEO_ACTOR"); a != "" {
		return a
	}
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	host, _ := os.Hostname()
	if host != "" {
		name += "@" + host
	}
	return name
}

func (a *app) flagsSetCommand(verb string, on bool) *cobra.Command {
	var by string
	cmd := &cobra.Command{
		Use:   verb + " NAME...",
		Short: map[bool]string{true: "Turn feature flags on", false: "Turn feature flags off"}[on] + " (on the primary)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, names []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			if cfg.Role != siteconfig.RolePrimary {
				return usage("flags are changed on the primary (a secondary reads them through the replicated main database): run geo flags %s with the primary's configuration", verb)
			}
			dbs, err := openDatabases(c.Context(), cfg)
			if err != nil {
				return err
			}
			defer dbs.Close()
			fl, err := a.flagStore(c.Context(), cfg, dbs.Main)
			if err != nil {
				return err
			}
			if by == "" {
				by = actor()
			}
			for _, name := range names {
				if err := fl.Set(c.Context(), name, on, by); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "%s: %s (by %s; running sites pick it up within %s)\n", name, onOff(on), by, cfg.FlagsRefreshInterval)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&by, "actor", "", "who makes the change, for the history (default $GEO_ACTOR, else user@host)")
	return cmd
}

func (a *app) flagsHistoryCommand() *cobra.Command {
	var limit int
	cmd := &cobra.Command{
		Use:   "history [NAME]",
		Short: "Show who changed feature flags, and when",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			dbs, err := openDatabases(c.Context(), cfg)
			if err != nil {
				return err
			}
			defer dbs.Close()
			fl, err := a.flagStore(c.Context(), cfg, dbs.Main)
			if err != nil {
				return err
			}
			name := ""
			if len(args) == 1 {
				name = args[0]
			}
			hist, err := fl.History(c.Context(), name, limit)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "CHANGED AT\tNAME\tSTATE\tCHANGED BY")
			for _, h := range hist {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", h.ChangedAt.Format(time.RFC3339), h.Name, onOff(h.Enabled), h.ChangedBy)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 20, "show the last `N` changes")
	return cmd
}
