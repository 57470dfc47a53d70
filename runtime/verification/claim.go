package verification

import (
	"context"
	"fmt"
	"slices"

	"github.com/geogen/geogen/runtime/sqldb"

	"github.com/geogen/geogen/runtime/state"
)

// ClaimBatch moves up to limit rows to started and returns them: pending
// rows first, oldest verification first, then failed rows whose retry time
// has come. Each kind is one UPDATE over a SELECT that matches a partial
// index; on PostgreSQL the SELECT skips rows other workers hold, so
// concurrent workers get disjoint batches.
func (s *Store) ClaimBatch(ctx context.Context, limit int) ([]Item, error) {
	items, err := s.claim(ctx, limit, s.PendingCondition(), "verified_at ASC NULLS FIRST")
	if err != nil || len(items) >= limit {
		return items, err
	}
	failed, err := s.claim(ctx, limit-len(items), s.failedDueCondition(1), "verification_retry_at ASC NULLS FIRST")
	return append(items, failed...), err
}

// PendingCondition is the WHERE clause of pending rows, matching the
// pending-verification partial index.
func (s *Store) PendingCondition() string {
	return s.withAvailable(fmt.Sprintf("verification_state = %d", state.VerificationPending))
}

// failedDueCondition is the WHERE clause of failed rows due for a retry;
// the current time is argument $now.
func (s *Store) failedDueCondition(now int) string {
	return s.withAvailable(fmt.Sprintf("verification_state = %d AND (verification_retry_at IS NULL OR verification_retry_at <= $%d)", state.VerificationFailed, now))
}

// withAvailable adds the side's availability condition to cond.
func (s *Store) withAvailable(cond string) string {
	if a := s.available(); a != "" {
		return a + " AND " + cond
	}
	return cond
}

// ClaimSQL is the claim statement of pending rows, for EXPLAIN.
func (s *Store) ClaimSQL(limit int) string {
	return s.claimSQL(limit, s.PendingCondition(), "verified_at ASC NULLS FIRST", "$1")
}

// claimSQL is a claim statement: the start time is $1, the lease's expiry
// the placeholder expiry.
func (s *Store) claimSQL(limit int, where, order, expiry string) string {
	return fmt.Sprintf("UPDATE %s SET verification_state = %d, verification_started_at = $1, verification_retry_at = %s WHERE %s IN (SELECT %s FROM %s WHERE %s ORDER BY %s LIMIT %d%s) RETURNING %s",
		s.table(), state.VerificationStarted, expiry, s.key(), s.key(), s.table(), where, order, limit, s.db.Dialect.SkipLocked(), s.columns())
}

func (s *Store) claim(ctx context.Context, limit int, where, order string) ([]Item, error) {
	if limit <= 0 {
		return nil, nil
	}
	now := s.clock.Now()
	q := s.claimSQL(limit, where, order, "$2")
	items, err := s.queryItems(ctx, q, now, s.leaseExpiry(now))
	if err != nil {
		return nil, fmt.Errorf("claim %s verifications: %w", s.d.Name, err)
	}
	slices.SortFunc(items, func(a, b Item) int { return int(a.Key - b.Key) })
	for _, it := range items {
		if it.StartedAt != nil {
			s.held.Add(it.Key, *it.StartedAt)
		}
	}
	return items, nil
}

// RecoverTimedOut fails verifications started longer ago than Timeout:
// the last resort for one that keeps renewing its lease but never ends
// (RecoverExpired finds a dead worker's rows within a lease).
func (s *Store) RecoverTimedOut(ctx context.Context) (int64, error) {
	now := s.clock.Now()
	q := fmt.Sprintf("SELECT %s FROM %s WHERE verification_state = %d AND verification_started_at < $1", s.key(), s.table(), state.VerificationStarted)
	keys, err := sqldb.QueryInt64s(ctx, s.db, q, now.Add(-s.Timeout))
	if err != nil {
		return 0, fmt.Errorf("find timed-out %s verifications: %w", s.d.Name, err)
	}
	msg := "Verification timed out after " + hours(s.Timeout)
	for _, k := range keys {
		if err := s.fail(ctx, k, msg, nil, nil); err != nil {
			return 0, err
		}
	}
	return int64(len(keys)), nil
}

// ReverifyBatch sets up to limit succeeded rows verified longer ago than
// ReverifyInterval back to pending, oldest first. The primary then
// checksums its data again and announces the new checksum; a secondary
// checksums its own copy again and compares it with the primary's, on
// its own schedule, so damage to its copy is found whatever the
// primary's interval.
func (s *Store) ReverifyBatch(ctx context.Context, limit int) (int64, error) {
	cutoff := s.clock.Now().Add(-s.ReverifyInterval)
	q := fmt.Sprintf(`UPDATE %s SET verification_state = %d, verification_retry_count = 0, verification_retry_at = NULL, verification_failure = NULL
WHERE %s IN (SELECT %s FROM %s WHERE %s ORDER BY verified_at LIMIT %d%s)`,
		s.table(), state.VerificationPending, s.key(), s.key(), s.table(),
		s.withAvailable(fmt.Sprintf("verification_state = %d AND verified_at < $1", state.VerificationSucceeded)), limit, s.db.Dialect.SkipLocked())
	res, err := s.db.ExecContext(ctx, q, cutoff)
	if err != nil {
		return 0, fmt.Errorf("reverify %s: %w", s.d.Name, err)
	}
	return res.RowsAffected()
}

// NeedsVerificationCount counts rows that are pending, or failed and due.
func (s *Store) NeedsVerificationCount(ctx context.Context) (int64, error) {
	q := fmt.Sprintf("SELECT count(*) FROM %s WHERE (%s) OR (%s)", s.table(), s.PendingCondition(), s.failedDueCondition(1))
	var n int64
	err := s.db.QueryRowContext(ctx, q, s.clock.Now()).Scan(&n)
	return n, err
}

func hours(d interface{ Hours() float64 }) string {
	h := d.Hours()
	if h == 1 {
		return "1 hour"
	}
	if h == float64(int64(h)) {
		return fmt.Sprintf("%d hours", int64(h))
	}
	return fmt.Sprintf("%.1f hours", h)
}

// Start moves one row to started, whatever its state, and returns it: a
// checksum an administrator asked for now, which the caller computes
// itself (the data management API's checksum of one record). It holds the
// row's lease like a claim; Release it when the verification ends. A
// record without a row (or, on a secondary, whose registry is not synced)
// gets ErrNotFound.
func (s *Store) Start(ctx context.Context, key int64) (Item, error) {
	now := s.clock.Now()
	where := s.key() + " = $3"
	if a := s.available(); a != "" {
		where += " AND " + a
	}
	q := fmt.Sprintf("UPDATE %s SET verification_state = %d, verification_started_at = $1, verification_retry_at = $2 WHERE %s RETURNING %s",
		s.table(), state.VerificationStarted, where, s.columns())
	items, err := s.queryItems(ctx, q, now, s.leaseExpiry(now), key)
	if err != nil {
		return Item{}, fmt.Errorf("start verification of %s %d: %w", s.d.Name, key, err)
	}
	if len(items) == 0 {
		return Item{}, fmt.Errorf("start verification of %s %d: %w", s.d.Name, key, ErrNotFound)
	}
	it := items[0]
	if it.StartedAt != nil {
		s.held.Add(it.Key, *it.StartedAt)
	}
	return it, nil
}
