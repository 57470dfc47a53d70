package testtypes

import (
	"context"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/migrate"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
)

func TestMigrationsApplyAndDescriptorsValidate(t *testing.T) {
	types := []*replicable.Descriptor{CoolWidget(), Gizmo()}
	if _, err := replicable.NewSet(types...); err != nil {
		t.Fatal(err)
	}
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		main, tracking := geotest.NewDB(t, dialect), geotest.NewDB(t, dialect)
		if err := migrate.Up(ctx, main, migrate.Main, MainMigrations(types...)); err != nil {
			t.Fatal(err)
		}
		if err := migrate.Up(ctx, tracking, migrate.Tracking, TrackingMigrations(types...)); err != nil {
			t.Fatal(err)
		}
		// Applying again is a no-op.
		if err := migrate.Up(ctx, main, migrate.Main, MainMigrations(types...)); err != nil {
			t.Fatal(err)
		}
		n, err := migrate.Pending(ctx, main, migrate.Main, MainMigrations(types...))
		if err != nil || n != 0 {
			t.Fatalf("pending = %d, %v; want 0", n, err)
		}
		id, err := CreateRecord(ctx, main, types[0], "first", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := main.ExecContext(ctx, "INSERT INTO cool_widget_states (cool_widget_id) VALUES ($1)", id); err != nil {
			t.Fatal(err)
		}
		// The state row goes with its record.
		if _, err := main.ExecContext(ctx, "DELETE FROM cool_widgets WHERE id = $1", id); err != nil {
			t.Fatal(err)
		}
		var left int
		if err := main.QueryRowContext(ctx, "SELECT count(*) FROM cool_widget_states").Scan(&left); err != nil || left != 0 {
			t.Fatalf("state rows left after delete = %d, %v", left, err)
		}
		// The 255-character CHECK holds on both engines.
		long := make([]byte, 256)
		for i := range long {
			long[i] = 'x'
		}
		_, err = tracking.ExecContext(ctx, "INSERT INTO gizmo_registry (gizmo_id, created_at, last_sync_failure) VALUES (1, $1, $2)", time.Now().UTC(), string(long))
		if err == nil {
			t.Fatal("a 256-character last_sync_failure was accepted")
		}
	})
}
