package sitecmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/geogen/geogen/runtime/migrate"
	"github.com/geogen/geogen/runtime/siteconfig"
)

func (a *app) migrateCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Apply pending migrations to this site's databases",
		Long: `migrate applies every pending migration: on the primary to the main database
(the runtime's tables and the project's), on a secondary to its tracking database
(its view of main is the primary's, migrated there). Concurrent runs are safe on
PostgreSQL.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			ctx := c.Context()
			dsn := cfg.MainDatabase
			if cfg.Role == siteconfig.RoleSecondary {
				dsn = cfg.TrackingDatabase
			}
			db, err := openWritable(ctx, dsn)
			if err != nil {
				return err
			}
			defer db.Close()
			set, sources := a.migrationSet(cfg.Role)
			before, err := migrate.Pending(ctx, db, set, sources...)
			if err != nil {
				return err
			}
			if err := migrate.Up(ctx, db, set, sources...); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s database: %d migration%s applied, none pending\n", set, before, plural(before))
			return nil
		},
	}
}
