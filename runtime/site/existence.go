package site

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/verification"
)

// FailureMissingLocally is the verification failure recorded when a
// synced record's data is no longer on this site.
const FailureMissingLocally = "Synced data is missing on this site"

// FailureSizeMismatch is the verification failure recorded when a synced
// blob's size on this site differs from the size its model records.
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
// (a deleted blob or mirror) or, for a type whose model records each
// blob's size (Descriptor.ModelSize), whose blob has another size (a
// truncated or overwritten file). That fails their sync too, so they are
// downloaded again. It costs one query per thousand records (two with
// sizes) and a stat each, no read of the data. It returns how many
// copies it found missing or of the wrong size.
func (s *Secondary) CheckExistence(ctx context.Context) (int, error) {
	damaged := 0
	var errs []error
	for _, t := range s.replicating() {
		ec, ok := t.r.(existenceChecker)
		if !ok {
			continue
		}
		sc, sized := t.r.(sizeChecker)
		sized = sized && t.d.ModelSize != ""
		for after := int64(0); ; {
			ids, err := t.registry.SyncedAfter(ctx, after, existencePage)
			if err != nil {
				errs = append(errs, err)
				break
			}
			var recorded map[int64]int64
			if sized && len(ids) > 0 {
				if recorded, err = recordedSizes(ctx, s.main, t.d, ids); err != nil {
					errs = append(errs, err)
					sized = false // this pass goes on with existence alone
				}
			}
			for _, id := range ids {
				failure, cause, err := checkCopy(ctx, ec, sc, sized, recorded, id)
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

// checkCopy returns the verification failure of one synced record's copy,
// "" when it is there (with the recorded size, when sized), and what was
// found.
func checkCopy(ctx context.Context, ec existenceChecker, sc sizeChecker, sized bool, recorded map[int64]int64, id int64) (string, error, error) {
	if !sized {
		ok, err := ec.ResourceExists(ctx, id)
		if err != nil || ok {
			return "", nil, err
		}
		return FailureMissingLocally, nil, nil
	}
	size, ok, err := sc.ResourceSize(ctx, id)
	switch want, known := recorded[id]; {
	case err != nil:
		return "", nil, err
	case !ok:
		return FailureMissingLocally, nil, nil
	case known && size != want:
		return FailureSizeMismatch, fmt.Errorf("%d bytes on this site, %d recorded", size, want), nil
	}
	return "", nil, nil
}

// recordedSizes reads the recorded size of each of ids' model records
// that has one (a record gone from the primary, or without a size, is
// left out: nothing to compare with).
func recordedSizes(ctx context.Context, main *sqldb.DB, d *replicable.Descriptor, ids []int64) (map[int64]int64, error) {
	q := fmt.Sprintf("SELECT %s, %s FROM %s WHERE %s IS NOT NULL AND %s IN (%s)",
		d.ModelKey, d.ModelSize, d.ModelTable, d.ModelSize, d.ModelKey, sqldb.Placeholders(1, len(ids)))
	rows, err := main.QueryContext(ctx, q, sqldb.Int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("recorded sizes of %s: %w", d.ModelTable, err)
	}
	defer rows.Close()
	sizes := make(map[int64]int64, len(ids))
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
	every(ctx, s.opts.ExistenceCheckInterval, func(ctx context.Context) {
		start := time.Now()
		n, err := s.CheckExistence(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Error("existence check", "error", err)
		}
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
