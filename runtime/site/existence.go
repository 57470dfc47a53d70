package site

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/geogen/geogen/runtime/metrics"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/verification"
)

// FailureMissingLocally is the verification failure recorded when a
// synced record's data is no longer on this site.
const FailureMissingLocally = "Synced data is missing on this site"

// FailureSizeMismatch is the verification failure recorded when a synced
// blob's size on this site differs from the size it was stored with.
const FailureSizeMismatch = "Synced data's size differs from the recorded size"

// existenceChecker is a replicator that can tell cheaply whether a
// record's data is on this site (both of the runtime's strategies).
type existenceChecker interface {
	ResourceExists(ctx context.Context, modelRecordID int64) (bool, error)
}

// sizeChecker is a replicator that can tell cheaply the size of a
// record's data on this site (the blob strategy).
type sizeChecker interface {
	ResourceSize(ctx context.Context, modelRecordID int64) (size int64, exists bool, err error)
}

// existencePage is how many registry rows one query of the check reads.
const existencePage = 1000

// CheckExistence looks at every synced record of the replicating types
// and fails the verification of those whose data is gone from this site
// (a deleted blob or mirror) or, for a blob, whose size differs from the
// size its sync stored (a truncated, padded or overwritten file). The
// size is the one the sync recorded (registry.RecordedSizes) or, for a
// blob synced before sizes were recorded, the model's (Descriptor
// ModelSize, when the type names such a column). That fails their sync
// too, so they are downloaded again. It costs one query per thousand
// records (two or three with sizes) and a stat each, no read of the
// data. It returns how many copies it found missing or of the wrong size.
func (s *Secondary) CheckExistence(ctx context.Context) (int, error) {
	damaged := 0
	var errs []error
	for _, t := range s.replicating() {
		ec, ok := t.r.(existenceChecker)
		if !ok {
			continue
		}
		sc, sized := t.r.(sizeChecker)
		for after := int64(0); ; {
			ids, err := t.registry.SyncedAfter(ctx, after, existencePage)
			if err != nil {
				errs = append(errs, err)
				break
			}
			var recorded map[int64]int64
			if sized && len(ids) > 0 {
				if recorded, err = s.recordedSizes(ctx, t, ids); err != nil {
					errs = append(errs, err)
					recorded = nil // this page goes on with existence alone
				}
			}
			for _, id := range ids {
				failure, cause, err := checkCopy(ctx, ec, sc, recorded, id)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				if failure == "" {
					continue
				}
				err = t.verifier.Store.Failed(ctx, id, failure, cause)
				if errors.Is(err, verification.ErrNotFound) {
					continue // removed meanwhile
				}
				if err != nil {
					errs = append(errs, err)
					continue
				}
				damaged++
				s.damage.Detected(t.d, damageCheck(failure))
				args := []any{"replicable_name", t.d.Name, "model_record_id", id}
				if cause != nil {
					args = append(args, "detail", cause.Error())
				}
				s.log.Warn(failure+"; it will be synced again", args...)
			}
			if len(ids) < existencePage || ctx.Err() != nil {
				break
			}
			after = ids[len(ids)-1]
		}
	}
	return damaged, errors.Join(errs...)
}

// damageCheck names the check that found a copy damaged, in the
// damage counter.
func damageCheck(failure string) metrics.DamageCheck {
	if failure == FailureSizeMismatch {
		return metrics.CheckSize
	}
	return metrics.CheckMissing
}

// recordedSizes returns the size each blob of ids was stored with: the
// size its sync recorded or, failing that, the model's (ModelSize).
func (s *Secondary) recordedSizes(ctx context.Context, t *secondaryType, ids []int64) (map[int64]int64, error) {
	sizes, err := t.registry.RecordedSizes(ctx, ids)
	if err != nil || t.d.ModelSize == "" || len(sizes) == len(ids) {
		return sizes, err
	}
	var unknown []int64
	for _, id := range ids {
		if _, ok := sizes[id]; !ok {
			unknown = append(unknown, id)
		}
	}
	model, err := modelSizes(ctx, s.main, t.d, unknown)
	for id, size := range model {
		sizes[id] = size
	}
	return sizes, err
}

// checkCopy returns the verification failure of one synced record's copy,
// "" when it is there (with its recorded size, when one is known), and
// what was found.
func checkCopy(ctx context.Context, ec existenceChecker, sc sizeChecker, recorded map[int64]int64, id int64) (string, error, error) {
	want, known := recorded[id]
	if sc == nil || !known {
		ok, err := ec.ResourceExists(ctx, id)
		if err != nil || ok {
			return "", nil, err
		}
		return FailureMissingLocally, nil, nil
	}
	size, ok, err := sc.ResourceSize(ctx, id)
	switch {
	case err != nil:
		return "", nil, err
	case !ok:
		return FailureMissingLocally, nil, nil
	case size != want:
		return FailureSizeMismatch, fmt.Errorf("%d bytes on this site, %d recorded", size, want), nil
	}
	return "", nil, nil
}

// modelSizes reads the size the model records of each of ids that has
// one (a record gone from the primary, or without a size, is left out:
// nothing to compare with).
func modelSizes(ctx context.Context, main *sqldb.DB, d *replicable.Descriptor, ids []int64) (map[int64]int64, error) {
	sizes := make(map[int64]int64, len(ids))
	if len(ids) == 0 {
		return sizes, nil
	}
	q := fmt.Sprintf("SELECT %s, %s FROM %s WHERE %s IS NOT NULL AND %s IN (%s)",
		d.ModelKey, d.ModelSize, d.ModelTable, d.ModelSize, d.ModelKey, sqldb.Placeholders(1, len(ids)))
	rows, err := main.QueryContext(ctx, q, sqldb.Int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("recorded sizes of %s: %w", d.ModelTable, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, size int64
		if err := rows.Scan(&id, &size); err != nil {
			return nil, fmt.Errorf("recorded sizes of %s: %w", d.ModelTable, err)
		}
		sizes[id] = size
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("recorded sizes of %s: %w", d.ModelTable, err)
	}
	return sizes, nil
}

// runExistenceCheck runs CheckExistence every ExistenceCheckInterval.
func (s *Secondary) runExistenceCheck(ctx context.Context) {
	errs := &repeatedErrors{log: s.log, msg: "existence check"}
	every(ctx, s.opts.ExistenceCheckInterval, func(ctx context.Context) {
		start := time.Now()
		n, err := s.CheckExistence(ctx)
		logOutcome(ctx, errs, err)
		if n > 0 {
			s.notifySync()
		}
		s.log.Debug("existence check", "missing_or_resized", n, "duration", time.Since(start))
	})
}

var (
	_ existenceChecker = (*replicator.Blob)(nil)
	_ sizeChecker      = (*replicator.Blob)(nil)
)
