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

	"github.com/geogen/geogen/runtime/basemigrations"
	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/migrate"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/siteconfig"
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
		return migrate.Main, append(basemigrations.For(migrate.Main), a.project.MainMigrations)
	}
	return migrate.Tracking, append(basemigrations.For(migrate.Tracking), a.project.TrackingMigrations)
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

// blobStore opens a configured blob store (key names it in errors): a
// directory, or object storage for a URL with a scheme.
func blobStore(ctx context.Context, key, location string) (blobstore.Store, func(), error) {
	if location == "" {
		return nil, func() {}, nil
	}
	if strings.Contains(location, "://") && !strings.HasPrefix(location, "file://") {
		return openObjectStorage(ctx, key, location)
	}
	dir, err := blobstore.NewDir(strings.TrimPrefix(location, "file://"))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", key, err)
	}
	return dir, func() {}, nil
}

// siteStorage is a site's opened storage: the blob store and repository
// root of storage.blobs and storage.repositories, and those of the types
// with a storage.types entry.
type siteStorage struct {
	blobs     blobstore.Store
	repos     string
	typeBlobs map[string]blobstore.Store
	typeRepos map[string]string
	closers   []func()
}

func (s *siteStorage) Close() {
	for _, c := range s.closers {
		c()
	}
}

// openStorage opens the storage of every type. The project's types decide
// whether a storage.types entry is a blob store or a repository root;
// siteconfig.Load has checked the entries name them.
func (a *app) openStorage(ctx context.Context, cfg siteconfig.Config) (*siteStorage, error) {
	s := &siteStorage{repos: cfg.RepositoryStorage, typeBlobs: map[string]blobstore.Store{}, typeRepos: map[string]string{}}
	open := func(key, location string) (blobstore.Store, error) {
		b, closeFn, err := blobStore(ctx, key, location)
		if err != nil {
			return nil, err
		}
		s.closers = append(s.closers, closeFn)
		return b, nil
	}
	var err error
	if s.blobs, err = open("storage.blobs", cfg.BlobStorage); err != nil {
		s.Close()
		return nil, err
	}
	for _, d := range a.project.Types {
		loc, own := cfg.TypeStorage[d.Name]
		if !own {
			continue
		}
		switch d.Strategy {
		case replicable.Repository:
			s.typeRepos[d.Name] = loc
		default:
			b, err := open(siteconfig.TypeStorageKey+"."+d.Name, loc)
			if err != nil {
				s.Close()
				return nil, err
			}
			s.typeBlobs[d.Name] = b
		}
	}
	return s, nil
}

// logger is the site's logger at the configured level.
func logger(cfg siteconfig.Config, w *os.File) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
