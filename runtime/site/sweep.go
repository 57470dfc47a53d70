package site

import (
	"context"
	"log/slog"
	"time"

	"github.com/geogen/geogen/runtime/blobstore"
)

// staleTempRemover is a blob store that leaves temporary files behind
// when its process dies mid-write (blobstore.Dir).
type staleTempRemover interface {
	RemoveStaleTemp(ctx context.Context, olderThan time.Duration) (int, error)
}

// runTempSweep removes the temporary files of blob writes a crashed
// process left in store, at once and then every TempSweepInterval. A
// file is stale once unmodified for StaleTempAge, longer than a download
// may pause, so a write in progress (in this process or another one on
// the same directory) keeps its file. Stores without temporary files are
// left alone.
func runTempSweep(ctx context.Context, o Options, store blobstore.Store, log *slog.Logger) {
	sweeper, ok := store.(staleTempRemover)
	if !ok {
		return
	}
	errs := &repeatedErrors{log: log, msg: "remove stale temporary blob files"}
	every(ctx, o.TempSweepInterval, func(ctx context.Context) {
		start := time.Now()
		n, err := sweeper.RemoveStaleTemp(ctx, o.StaleTempAge)
		logOutcome(ctx, errs, err)
		if n > 0 {
			log.Warn("removed temporary blob files left by an interrupted write", "count", n, "duration", time.Since(start))
		}
	})
}
