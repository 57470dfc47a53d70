package site

import (
	"context"
	"errors"
	"fmt"
	"github.com/geogen/geogen/runtime/sqldb"
	"math"
	"slices"
)

// ConsistencyResult counts what one consistency pass changed.
type ConsistencyResult struct {
	Created int64 // registry rows added for records in scope that had none
	Removed int64 // registry rows (and local data) removed: their record is gone or out of scope
}

// CheckConsistency runs one batch of the registry consistency worker for
// every replicating type: it takes the next ConsistencyBatch model ids in
// scope after the type's cursor, creates the registry rows missing among
// them and removes the registry rows in the same id range whose records
// are gone or out of scope. At the end of the model table the cursor wraps
// around.
func (s *Secondary) CheckConsistency(ctx context.Context) (ConsistencyResult, error) {
	s.consistencyMu.Lock()
	defer s.consistencyMu.Unlock()
	var res ConsistencyResult
	var errs []error
	for _, t := range s.replicating() {
		r, err := s.checkType(ctx, t)
		res.Created += r.Created
		res.Removed += r.Removed
		if err != nil {
			errs = append(errs, fmt.Errorf("registry consistency of %s: %w", t.d.Name, err))
		}
	}
	if res.Created > 0 {
		s.notifySync()
	}
	return res, errors.Join(errs...)
}

func (s *Secondary) checkType(ctx context.Context, t *secondaryType) (ConsistencyResult, error) {
	d := t.d
	cursor := s.consistencyCursor[d.Name]
	scope := ""
	if d.Scope != "" {
		scope = " AND (" + d.Scope + ")"
	}
	q := fmt.Sprintf("SELECT %s FROM %s WHERE %s > $1%s ORDER BY %s LIMIT %d",
		d.ModelKey, d.ModelTable, d.ModelKey, scope, d.ModelKey, s.opts.ConsistencyBatch)
	source, err := sqldb.QueryInt64s(ctx, s.main, q, cursor)
	if err != nil {
		return ConsistencyResult{}, err
	}
	from, to := cursor+1, int64(math.MaxInt64)
	if len(source) == s.opts.ConsistencyBatch {
		to = source[len(source)-1]
		s.consistencyCursor[d.Name] = to
	} else {
		s.consistencyCursor[d.Name] = 0 // end of the table: start over next time
	}
	tracked, err := t.registry.ModelRecordIDsBetween(ctx, from, to)
	if err != nil {
		return ConsistencyResult{}, err
	}

	var res ConsistencyResult
	untracked := difference(source, tracked)
	if res.Created, err = t.registry.CreateMissing(ctx, untracked); err != nil {
		return res, err
	}
	gone := difference(tracked, source)
	if len(gone) > 0 {
		// A record created after the model ids were read can have a
		// registry row by now (the event consumer made it): read the
		// range again, after the registry, and remove only what is still
		// missing. A registry row exists only once its record is visible
		// on this site, so the second read sees every such record.
		q := fmt.Sprintf("SELECT %s FROM %s WHERE %s >= $1 AND %s <= $2%s ORDER BY %s",
			d.ModelKey, d.ModelTable, d.ModelKey, d.ModelKey, scope, d.ModelKey)
		now, err := sqldb.QueryInt64s(ctx, s.main, q, from, to)
		if err != nil {
			return res, err
		}
		gone = difference(gone, now)
	}
	for _, id := range gone {
		if err := t.r.Remove(ctx, id, ""); err != nil {
			return res, err
		}
		res.Removed++
	}
	if res.Created > 0 || res.Removed > 0 {
		s.log.Info("registry consistency", "replicable_name", d.Name, "created", res.Created, "removed", res.Removed,
			"from", from, "to", to)
	}
	return res, nil
}

// runConsistency runs CheckConsistency until ctx ends: at once again while
// it changes something, otherwise every ConsistencyInterval.
func (s *Secondary) runConsistency(ctx context.Context) {
	errs := &repeatedErrors{log: s.log, msg: "registry consistency"}
	for ctx.Err() == nil {
		res, err := s.CheckConsistency(ctx)
		logOutcome(ctx, errs, err)
		if err == nil && (res.Created > 0 || res.Removed > 0) {
			continue
		}
		sleep(ctx, s.opts.ConsistencyInterval)
	}
}

// difference returns the ids of a (sorted) that are not in b (sorted).
func difference(a, b []int64) []int64 {
	var out []int64
	for _, id := range a {
		if _, found := slices.BinarySearch(b, id); !found {
			out = append(out, id)
		}
	}
	return out
}
