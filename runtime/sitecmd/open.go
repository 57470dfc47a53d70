package sitecmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/migrate"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/siteconfig"
	"github.com/geogen/geogen/runtime/sitestatus"
	"github.com/geogen/geogen/runtime/sqldb"
)

// databases are a site's open databases. On a primary Main is its main
// database and Tracking is nil; on a secondary Main is its read-only view
// of the primary's and Tracking its own.
type databases struct {
	Main     *sqldb.DB
	Tracking *sqldb.DB
}

func (d *databases) Close() {
	for _, db := range []*sqldb.DB{d.Main, d.Tracking} {
		if db != nil {
			db.Close()
		}
	}
}

// openWritable opens a database the site writes, creating a SQLite
// file's directory first.
func openWritable(ctx context.Context, dsn string) (*sqldb.DB, error) {
	if !strings.Contains(dsn, "://") {
		path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "file:")
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path = path[:i]
		}
		if dir := filepath.Dir(path); dir != "." && path != ":memory:" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("create the database's directory: %w", err)
			}
		}
	}
	return sqldb.Open(ctx, dsn)
}

// openDatabases opens the databases of the configured role.
func openDatabases(ctx context.Context, cfg siteconfig.Config) (*databases, error) {
	if cfg.Role == siteconfig.RolePrimary {
		main, err := openWritable(ctx, cfg.MainDatabase)
		if err != nil {
			return nil, fmt.Errorf("main database: %w", err)
		}
		return &databases{Main: main}, nil
	}
	view, err := site.OpenReadOnly(ctx, mainView(cfg))
	if err != nil {
		return nil, fmt.Errorf("main database (read-only view): %w", err)
	}
	tracking, err := openWritable(ctx, cfg.TrackingDatabase)
	if err != nil {
		view.Close()
		return nil, fmt.Errorf("tracking database: %w", err)
	}
	return &databases{Main: view, Tracking: tracking}, nil
}

// mainView is the URL a secondary reads the main database at.
func mainView(cfg siteconfig.Config) string {
	if cfg.MainReplicaDatabase != "" {
		return cfg.MainReplicaDatabase
	}
	return cfg.MainDatabase
}

// migrationSets are the sets a role applies, with the runtime's own
// tables first: the primary its main database, a secondary its tracking
// database (its view of main is the primary's, migrated there).
func (a *app) migrationSet(role string) (migrate.Set, []fs.FS) {
	if role == siteconfig.RolePrimary {
		return migrate.Main, []fs.FS{eventlog.MainMigrations, flags.MainMigrations, sitestatus.MainMigrations, bulkjob.Migrations, a.project.MainMigrations}
	}
	return migrate.Tracking, []fs.FS{eventlog.TrackingMigrations, bulkjob.Migrations, a.project.TrackingMigrations}
}

// migrated returns an error naming the fix when migrations are pending.
func (a *app) migrated(ctx context.Context, cfg siteconfig.Config, dbs *databases) error {
	set, sources := a.migrationSet(cfg.Role)
	db := dbs.Main
	if cfg.Role == siteconfig.RoleSecondary {
		db = dbs.Tracking
	}
	n, err := migrate.Pending(ctx, db, set, sources...)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("the %s database has %d pending migration%s: run geo migrate first", set, n, plural(n))
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// flagStore returns the feature flags over the (view of the) main
// database, read once.
func (a *app) flagStore(ctx context.Context, cfg siteconfig.Config, main *sqldb.DB) (*flags.Store, error) {
	defs := flags.TypeDefinitions(a.project.Types)
	if cfg.FlagDefinitions != "" {
		if _, err := os.Stat(cfg.FlagDefinitions); err == nil {
			loaded, err := flags.LoadDefinitions(os.DirFS(cfg.FlagDefinitions), ".", defs)
			if err != nil {
				return nil, fmt.Errorf("feature_flags.definitions: %w", err)
			}
			defs = loaded
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("feature_flags.definitions: %w", err)
		}
	}
	s := flags.NewStore(main, defs, nil)
	if err := s.Refresh(ctx); err != nil {
		return nil, fmt.Errorf("%w (has geo migrate run on the primary?)", err)
	}
	return s, nil
}

// blobStore opens the configured blob store: a directory, or object
// storage for a URL with a scheme.
func blobStore(ctx context.Context, location string) (blobstore.Store, func(), error) {
	if location == "" {
		return nil, func() {}, nil
	}
	if strings.Contains(location, "://") && !strings.HasPrefix(location, "file://") {
		return openObjectStorage(ctx, location)
	}
	dir, err := blobstore.NewDir(strings.TrimPrefix(location, "file://"))
	if err != nil {
		return nil, nil, fmt.Errorf("storage.blobs: %w", err)
	}
	return dir, func() {}, nil
}

// logger is the site's logger at the configured level.
func logger(cfg siteconfig.Config, w *os.File) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
