package geotest

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sqldb"
)

// Reopen opens db's database (its PostgreSQL schema or SQLite file) a
// second time, read-write, as another process would: a handle with its
// own connection pool. It closes at the end of the test.
func Reopen(tb testing.TB, db *sqldb.DB) *sqldb.DB {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dsn := dsnOf(ctx, tb, db)
	again, err := sqldb.Open(ctx, dsn)
	if err != nil {
		tb.Fatalf("open the database again: %v", err)
	}
	tb.Cleanup(func() { again.Close() })
	return again
}

// NewSecondaryOn returns another secondary site process of the sites'
// secondary (same storage, flags and primary) on its own database
// handles: tracking (see Reopen) and main, a view of the primary's
// database (see ReadOnlyView).
func (s *Sites) NewSecondaryOn(tb testing.TB, tracking, main *sqldb.DB, logger *slog.Logger) *site.Secondary {
	tb.Helper()
	cfg := site.SecondaryConfig{
		Main: main, Tracking: tracking, Types: s.Env.typesOf(),
		Flags: s.Flags, Clock: s.Env.Clock, PrimaryURL: s.Server.URL, Signer: s.Signer,
		Strategies: s.strategies(), Logger: logger, Options: s.Options,
	}
	s.secondaryStorage(&cfg)
	sec, err := site.NewSecondary(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return sec
}
