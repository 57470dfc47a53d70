package site

import (
	"context"
	"errors"
	"time"

	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/verification"
)

// FailureMissingLocally is the verification failure recorded when a
// synced record's data is no longer on this site.
const FailureMissingLocally = "Synced data is missing on this site"

// existenceChecker is a replicator that can tell cheaply whether a
// record's data is on this site (both of the runtime's strategies).
type existenceChecker interface {
	ResourceExists(ctx context.Context, modelRecordID int64) (bool, error)
}

// existencePage is how many registry rows one query of the check reads.
const existencePage = 1000

// CheckExistence looks at every synced record of the replicating types
// and fails the verification of those whose data is gone from this site
// (a deleted blob or mirror), which fails their sync too, so they are
// downloaded again. It costs one query per thousand records and a stat
// each, no read of the data. It returns how many it found missing.
func (s *Secondary) CheckExistence(ctx context.Context) (int, error) {
	missing := 0
	var errs []error
	for _, t := range s.replicating() {
		ec, ok := t.r.(existenceChecker)
		if !ok {
			continue
		}
		for after := int64(0); ; {
			ids, err := t.registry.SyncedAfter(ctx, after, existencePage)
			if err != nil {
				errs = append(errs, err)
				break
			}
			for _, id := range ids {
				ok, err := ec.ResourceExists(ctx, id)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				if ok {
					continue
				}
				err = t.verifier.Store.Failed(ctx, id, FailureMissingLocally, nil)
				if errors.Is(err, verification.ErrNotFound) {
					continue // removed meanwhile
				}
				if err != nil {
					errs = append(errs, err)
					continue
				}
				missing++
				s.log.Warn("synced data missing on this site; it will be synced again",
					"replicable_name", t.d.Name, "model_record_id", id)
			}
			if len(ids) < existencePage || ctx.Err() != nil {
				break
			}
			after = ids[len(ids)-1]
		}
	}
	return missing, errors.Join(errs...)
}

// runExistenceCheck runs CheckExistence every ExistenceCheckInterval.
func (s *Secondary) runExistenceCheck(ctx context.Context) {
	every(ctx, s.opts.ExistenceCheckInterval, func(ctx context.Context) {
		start := time.Now()
		n, err := s.CheckExistence(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Error("existence check", "error", err)
		}
		if n > 0 {
			s.notifySync()
		}
		s.log.Debug("existence check", "missing", n, "duration", time.Since(start))
	})
}

var _ existenceChecker = (*replicator.Blob)(nil)
