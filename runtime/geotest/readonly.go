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
	var dsn string
	switch db.Dialect {
	case sqldb.SQLite:
		var file string
		if err := db.QueryRowContext(ctx, "SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file); err != nil {
			tb.Fatalf("find SQLite file: %v", err)
		}
		dsn = "sqlite:" + file
	case sqldb.Postgres:
		var schema string
		if err := db.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
			tb.Fatalf("find PostgreSQL schema: %v", err)
		}
		dsn = withSearchPath(os.Getenv(PostgresURLEnv), schema)
	}
	ro, err := site.OpenReadOnly(ctx, dsn)
	if err != nil {
		tb.Fatalf("open read-only view: %v", err)
	}
	tb.Cleanup(func() { ro.Close() })
	return ro
}
