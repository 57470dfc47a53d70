package replicable_test

import (
	"context"
	"slices"
	"testing"

	"github.com/geogen/geogen/runtime/basemigrations"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/migrate"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
)

// TestRuntimeRelationsAreComplete applies the runtime's own migrations to
// empty databases and checks that every table, index, sequence and
// constraint they create is one a type may not take.
func TestRuntimeRelationsAreComplete(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		db := geotest.NewDB(t, dialect)
		// Both sets in one database, as a demo's single SQLite file holds
		// them: every relation of either is one no type may take.
		for _, set := range []migrate.Set{migrate.Main, migrate.Tracking} {
			if err := migrate.Up(ctx, db, set, basemigrations.For(set)...); err != nil {
				t.Fatal(err)
			}
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
