// Package migrate applies migration files to a runtime database with goose.
//
// A project keeps two migration sets: "main" (model tables and their
// verification state tables, on the primary's main database) and "tracking"
// (registries, in each secondary's tracking database). Each set is an fs.FS
// with one directory per dialect, "postgres" and "sqlite", holding goose
// files named <version>_<name>.sql with the same versions in both. Several
// file systems may make up one set (the runtime's own files and the
// project's); they are merged before goose sees them.
package migrate

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"log/slog"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/geogen/geogen/runtime/sqldb"
)

// Set names a migration set. Its version table is geogen_<name>_migrations,
// so both sets can share one database (as the demo's SQLite file does).
type Set string

// The two migration sets.
const (
	Main     Set = "main"
	Tracking Set = "tracking"
)

// VersionTable is the table goose records applied versions in.
func (s Set) VersionTable() string { return "geogen_" + string(s) + "_migrations" }

// Up applies every pending migration of the set to db. Out-of-order versions
// are allowed, because types added on separate branches get timestamps in
// whatever order the branches merge. On PostgreSQL a session advisory lock
// keeps concurrent starters from applying the same migration twice.
func Up(ctx context.Context, db *sqldb.DB, set Set, sources ...fs.FS) error {
	p, err := provider(db, set, sources)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate %s database: %w", set, err)
	}
	return nil
}

// Pending reports how many migrations of the set have not been applied.
func Pending(ctx context.Context, db *sqldb.DB, set Set, sources ...fs.FS) (int, error) {
	p, err := provider(db, set, sources)
	if err != nil {
		return 0, err
	}
	status, err := p.Status(ctx)
	if err != nil {
		return 0, fmt.Errorf("migration status of %s database: %w", set, err)
	}
	n := 0
	for _, s := range status {
		if s.State == goose.StatePending {
			n++
		}
	}
	return n, nil
}

func provider(db *sqldb.DB, set Set, sources []fs.FS) (*goose.Provider, error) {
	if len(sources) == 0 {
		return nil, fmt.Errorf("migrate %s database: no migration files given", set)
	}
	merged, err := mergeDir(db.Dialect.String(), sources)
	if err != nil {
		return nil, fmt.Errorf("migrate %s database: %w", set, err)
	}
	opts := []goose.ProviderOption{
		goose.WithTableName(set.VersionTable()),
		goose.WithAllowOutofOrder(true),
		goose.WithDisableGlobalRegistry(true),
		goose.WithSlog(slog.New(slog.DiscardHandler)),
	}
	dialect := goose.DialectSQLite3
	if db.Dialect == sqldb.Postgres {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(lockID(set)))
		if err != nil {
			return nil, fmt.Errorf("migrate %s database: %w", set, err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, db.DB, merged, opts...)
	if err != nil {
		if errors.Is(err, goose.ErrNoMigrations) {
			return nil, fmt.Errorf("migrate %s database: no %s migration files found", set, db.Dialect)
		}
		return nil, fmt.Errorf("migrate %s database: %w", set, err)
	}
	return p, nil
}

func lockID(set Set) int64 {
	h := fnv.New64a()
	h.Write([]byte("geogen:" + string(set)))
	return int64(h.Sum64() >> 1)
}
