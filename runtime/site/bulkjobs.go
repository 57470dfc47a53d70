package site

import (
	"context"
	"log/slog"
	"time"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
)

// newBulkJobs returns the bulk jobs of a site's types, kept in db.
func newBulkJobs(db *sqldb.DB, types []*replicable.Descriptor, src flags.Source, role flags.Role, c clock.Clock, opts bulkjob.Options) (*bulkjob.Jobs, error) {
	set, err := replicable.NewSet(types...)
	if err != nil {
		return nil, err
	}
	return bulkjob.New(db, set, src, role, c, opts), nil
}

// runBulkJobs runs a pass of the bulk jobs every interval until ctx ends.
// After a pass that changed rows, changed runs: a secondary wakes its sync
// scheduler.
func runBulkJobs(ctx context.Context, jobs *bulkjob.Jobs, interval time.Duration, log *slog.Logger, changed func()) {
	errs := &repeatedErrors{log: log, msg: "bulk jobs"}
	every(ctx, interval, func(ctx context.Context) {
		res, err := jobs.RunPass(ctx)
		logOutcome(ctx, errs, err)
		if res.Rows > 0 {
			log.Info("bulk jobs", "jobs", res.Jobs, "batches", res.Batches, "rows", res.Rows)
			if changed != nil {
				changed()
			}
		}
	})
}
