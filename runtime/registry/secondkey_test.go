package registry_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
)

// TestCreateFillsSecondKey checks that a registry with a second key gets
// it from the model table as its rows are created, one at a time and in
// a batch: the model's value, NULL when the model row has none or is gone,
// and a row that exists already keeps what it has.
func TestCreateFillsSecondKey(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		e := geotest.NewEnv(t, dialect, readtest.Config(testtypes.ProjectRepository()))
		d := e.Config.Descriptor
		s := registry.NewStore(e.Tracking, d, e.Clock)
		s.Main = e.Main

		withKey := func(k int64) int64 {
			t.Helper()
			id := e.CreateRecord(t)
			if _, err := e.Main.ExecContext(ctx, "UPDATE project_repositories SET id = $1 WHERE project_id = $2", k, id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		secondKey := func(id int64) *int64 {
			t.Helper()
			var k sql.NullInt64
			if err := e.Tracking.QueryRowContext(ctx, "SELECT project_repository_id FROM project_repository_registry WHERE project_id = $1", id).Scan(&k); err != nil {
				t.Fatalf("registry of %d: %v", id, err)
			}
			if !k.Valid {
				return nil
			}
			return &k.Int64
		}
		check := func(id int64, want *int64) {
			t.Helper()
			got := secondKey(id)
			switch {
			case want == nil && got != nil:
				t.Errorf("record %d: project_repository_id = %d, want NULL", id, *got)
			case want != nil && (got == nil || *got != *want):
				t.Errorf("record %d: project_repository_id = %v, want %d", id, got, *want)
			}
		}
		k := func(v int64) *int64 { return &v }

		one := withKey(501)
		if _, err := s.Create(ctx, one); err != nil {
			t.Fatal(err)
		}
		check(one, k(501))

		a, b := withKey(702), withKey(703)
		none := e.CreateRecord(t) // the model row has no id
		gone := int64(1 << 40)    // no model row at all
		n, err := s.CreateMissing(ctx, []int64{a, one, b, none, gone})
		if err != nil {
			t.Fatal(err)
		}
		if n != 4 {
			t.Errorf("CreateMissing added %d rows, want 4 (the existing one kept)", n)
		}
		check(a, k(702))
		check(b, k(703))
		check(none, nil)
		check(gone, nil)

		// An existing row keeps its key, whatever the model says now.
		if _, err := e.Main.ExecContext(ctx, "UPDATE project_repositories SET id = 999 WHERE project_id = $1", one); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Create(ctx, one); err != nil {
			t.Fatal(err)
		}
		check(one, k(501))

		// Without the main database the store cannot fill the key, and
		// says what is missing rather than creating rows without it.
		bare := registry.NewStore(e.Tracking, d, e.Clock)
		_, err = bare.Create(ctx, withKey(801))
		if err == nil || !strings.Contains(err.Error(), "project_repositories.id") || !strings.Contains(err.Error(), "Store.Main") {
			t.Errorf("Create without Main: %v, want an error naming the model column and Store.Main", err)
		}
	})
}
