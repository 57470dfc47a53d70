package site_test

import (
	"context"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/sqldb"
)

// gizmos is the repository test type's suite configuration.
func gizmos() geotest.Config {
	d := testtypes.Gizmo()
	return geotest.Config{
		Descriptor:         d,
		MainMigrations:     testtypes.MainMigrations(d),
		TrackingMigrations: testtypes.TrackingMigrations(d),
		CreateRecord: func(ctx context.Context, db sqldb.Querier, now time.Time) (int64, error) {
			return testtypes.CreateRecord(ctx, db, d, "gizmo", now)
		},
	}
}

func TestRepositoryReplicator(t *testing.T) {
	geotest.RepositoryReplicator(t, gizmos())
}
