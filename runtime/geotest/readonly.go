package geotest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sqldb"
)

// ReadOnlyView opens db a second time, read-only (site.OpenReadOnly): what
// a secondary sees of the primary's main database. It closes at the end
// of the test.
func ReadOnlyView(tb testing.TB, db *sqldb.DB) *sqldb.DB {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dsn := dsnOf(ctx, tb, db)
	ro, err := site.OpenReadOnly(ctx, dsn)
	if err != nil {
		tb.Fatalf("open read-only view: %v", err)
	}
	tb.Cleanup(func() { ro.Close() })
	return ro
}

// dsnOf is the address that opens db's database (its SQLite file, or its
// PostgreSQL schema on the test server) again, from another handle.
func dsnOf(ctx context.Context, tb testing.TB, db *sqldb.DB) string {
	tb.Helper()
	switch db.Dialect {
	case sqldb.SQLite:
		var file string
		if err := db.QueryRowContext(ctx, "SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file); err != nil {
			tb.Fatalf("find SQLite file: %v", err)
		}
		return "sqlite:" + file
	case sqldb.Postgres:
		var schema string
		if err := db.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
			tb.Fatalf("find PostgreSQL schema: %v", err)
		}
		return withSearchPath(os.Getenv(PostgresURLEnv), schema)
	}
	tb.Fatalf("open the database again: unknown dialect %v", db.Dialect)
	return ""
}
