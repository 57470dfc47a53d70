package replicable_test

import (
	"context"
	"slices"
	"testing"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/migrate"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sitestatus"
	"github.com/geogen/geogen/runtime/sqldb"
)

// TestRuntimeRelationsAreComplete applies the runtime's own migrations to
// empty databases and checks that every table, index, sequence and
// constraint they create is one a type may not take.
func TestRuntimeRelationsAreComplete(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		db := geotest.NewDB(t, dialect)
		if err := migrate.Up(ctx, db, migrate.Main, eventlog.MainMigrations, flags.MainMigrations, sitestatus.MainMigrations, bulkjob.Migrations); err != nil {
			t.Fatal(err)
		}
		if err := migrate.Up(ctx, db, migrate.Tracking, eventlog.TrackingMigrations); err != nil {
			t.Fatal(err)
		}
		q := "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex_%'"
		if dialect == sqldb.Postgres {
			q = `SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace
			     UNION SELECT conname FROM pg_constraint WHERE connamespace = current_schema()::regnamespace`
		}
		rows, err := db.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		known := replicable.RuntimeRelations()
		n := 0
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				t.Fatal(err)
			}
			n++
			if !slices.Contains(known, name) {
				t.Errorf("the runtime creates %s, which RuntimeRelations does not list", name)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if n < 4 {
			t.Fatalf("found %d relations: the query read nothing", n)
		}
	})
}
