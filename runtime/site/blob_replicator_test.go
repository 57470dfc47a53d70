package site_test

import (
	"context"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/sqldb"
)

// coolWidgets is the blob test type's suite configuration.
func coolWidgets() geotest.Config {
	d := testtypes.CoolWidget()
	return geotest.Config{
		Descriptor:         d,
		MainMigrations:     testtypes.MainMigrations(d),
		TrackingMigrations: testtypes.TrackingMigrations(d),
		CreateRecord: func(ctx context.Context, db sqldb.Querier, now time.Time) (int64, error) {
			return testtypes.CreateRecord(ctx, db, d, "widget", now)
		},
	}
}

func TestBlobReplicator(t *testing.T) {
	geotest.BlobReplicator(t, coolWidgets())
}
