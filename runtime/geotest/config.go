package geotest

import (
	"context"
	"io/fs"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/basemigrations"
	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/migrate"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
)

// Config is what every conformance suite needs to know about one
// replicable type. A generated test fills it from the type's package.
type Config struct {
	Descriptor *replicable.Descriptor

	// MainMigrations and TrackingMigrations hold the project's migration
	// files, one directory per dialect ("postgres", "sqlite"). The suites
	// add the runtime's own (the event log, bulk jobs) before applying them.
	MainMigrations     fs.FS
	TrackingMigrations fs.FS

	// CreateRecord inserts one model record in the main database and
	// returns its key: the type's test fixture.
	CreateRecord func(ctx context.Context, db sqldb.Querier, now time.Time) (int64, error)
}

func (c *Config) check(tb testing.TB) {
	tb.Helper()
	switch {
	case c.Descriptor == nil:
		tb.Fatal("geotest.Config: Descriptor is nil")
	case c.MainMigrations == nil || c.TrackingMigrations == nil:
		tb.Fatal("geotest.Config: MainMigrations and TrackingMigrations are both required")
	case c.CreateRecord == nil:
		tb.Fatal("geotest.Config: CreateRecord is nil")
	}
	if err := c.Descriptor.Validate(); err != nil {
		tb.Fatalf("geotest.Config: %v", err)
	}
}

// Env is one test's pair of databases, migrated: the primary's main
// database and a secondary's tracking database, with a fake clock that
// starts at a fixed instant.
type Env struct {
	Dialect  sqldb.Dialect
	Config   Config
	Main     *sqldb.DB
	Tracking *sqldb.DB
	Clock    *clock.Fake
}

// Epoch is where every Env's clock starts.
var Epoch = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// NewEnv creates and migrates the two databases of one test.
func NewEnv(tb testing.TB, dialect sqldb.Dialect, cfg Config) *Env {
	tb.Helper()
	cfg.check(tb)
	ctx := context.Background()
	e := &Env{
		Dialect:  dialect,
		Config:   cfg,
		Main:     NewDB(tb, dialect),
		Tracking: NewDB(tb, dialect),
		Clock:    clock.NewFake(Epoch),
	}
	// The runtime's own tables first, as the site's migrate command
	// applies them, so that a type taking one of their names fails here.
	if err := migrate.Up(ctx, e.Main, migrate.Main, append(basemigrations.For(migrate.Main), cfg.MainMigrations)...); err != nil {
		tb.Fatalf("migrate main database: %v", err)
	}
	if err := migrate.Up(ctx, e.Tracking, migrate.Tracking, append(basemigrations.For(migrate.Tracking), cfg.TrackingMigrations)...); err != nil {
		tb.Fatalf("migrate tracking database: %v", err)
	}
	return e
}

// CreateRecord inserts a model record with the type's fixture.
func (e *Env) CreateRecord(tb testing.TB) int64 {
	tb.Helper()
	id, err := e.Config.CreateRecord(context.Background(), e.Main, e.Clock.Now())
	if err != nil {
		tb.Fatalf("create %s record: %v", e.Config.Descriptor.Name, err)
	}
	return id
}
