// Package readtest supports the tests and benchmarks of the read path
// (finder, GraphQL, metrics): geotest configurations for the test types,
// and a PostgreSQL fixture with a million registry rows, built once per
// test process.
package readtest

import (
	"context"
	"time"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
)

// Config returns a geotest configuration whose databases hold the tables
// of every given type; the first is the type under test.
func Config(types ...*replicable.Descriptor) geotest.Config {
	d := types[0]
	return geotest.Config{
		Descriptor:         d,
		MainMigrations:     testtypes.MainMigrations(types...),
		TrackingMigrations: testtypes.TrackingMigrations(types...),
		CreateRecord: func(ctx context.Context, db sqldb.Querier, now time.Time) (int64, error) {
			return testtypes.CreateRecord(ctx, db, d, d.Title, now)
		},
	}
}
