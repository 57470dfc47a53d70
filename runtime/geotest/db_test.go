package geotest

import (
	"context"
	"testing"

	"github.com/geogen/geogen/runtime/sqldb"
)

func TestNewDBIsolated(t *testing.T) {
	EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		a, b := NewDB(t, dialect), NewDB(t, dialect)
		if a.Dialect != dialect {
			t.Fatalf("dialect = %v, want %v", a.Dialect, dialect)
		}
		if _, err := a.ExecContext(ctx, "CREATE TABLE only_in_a (id bigint)"); err != nil {
			t.Fatal(err)
		}
		if _, err := b.ExecContext(ctx, "SELECT id FROM only_in_a"); err == nil {
			t.Fatal("a table created in one test database is visible in another")
		}
	})
}
