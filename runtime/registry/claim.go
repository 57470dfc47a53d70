package registry

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/geogen/geogen/runtime/state"
)

// ClaimPending moves up to limit pending rows whose model record is not
// in except to started, oldest row first, and returns them. Concurrent
// claimers, on any number of machines, get disjoint rows. The order is
// that of the partial index on pending rows' ids, so a claim reads only
// pending rows, wherever in the table they are (rows sent back to pending
// are rewritten at its end).
func (s *Store) ClaimPending(ctx context.Context, limit int, except []int64) ([]Record, error) {
	return s.claim(ctx, fmt.Sprintf("state = %d", state.Pending), " ORDER BY id", limit, except, nil)
}

// ClaimNeedsSyncAgain claims failed rows whose retry time has come,
// oldest retry time first.
func (s *Store) ClaimNeedsSyncAgain(ctx context.Context, limit int, except []int64) ([]Record, error) {
	now := s.clock.Now()
	return s.claim(ctx, fmt.Sprintf("state = %d AND (retry_at IS NULL OR retry_at <= $2)", state.Failed),
		" ORDER BY retry_at ASC NULLS FIRST, id", limit, except, []any{now})
}

// claim runs the one-statement claim: an UPDATE of the rows an inner
// SELECT picks. On PostgreSQL the inner SELECT locks its rows and skips
// rows other claimers hold; SQLite runs one writer at a time, so the
// statement is atomic as it is.
func (s *Store) claim(ctx context.Context, where, order string, limit int, except []int64, extra []any) ([]Record, error) {
	if limit <= 0 {
		return nil, nil
	}
	now := s.clock.Now()
	args := append([]any{now}, extra...)
	if len(except) > 0 {
		where += fmt.Sprintf(" AND %s NOT IN (%s)", s.d.ForeignKey, placeholdersFrom(len(args)+1, len(except)))
		for _, id := range except {
			args = append(args, id)
		}
	}
	args = append(args, s.leaseExpiry(now))
	q := s.claimSQL(where, order, limit, fmt.Sprintf("$%d", len(args)))
	recs, err := s.queryRecords(ctx, s.db, q, args...)
	if err != nil {
		return nil, fmt.Errorf("claim %s registries: %w", s.d.Name, err)
	}
	slices.SortFunc(recs, func(a, b Record) int { return int(a.ID - b.ID) })
	s.hold(recs)
	return recs, nil
}

// claimSQL is the claim statement: the start time is $1, the lease's
// expiry the placeholder expiry.
func (s *Store) claimSQL(where, order string, limit int, expiry string) string {
	return fmt.Sprintf("UPDATE %s SET state = %d, last_synced_at = $1, retry_at = %s, force_to_redownload = false WHERE id IN (SELECT id FROM %s WHERE %s%s LIMIT %d%s) RETURNING %s",
		s.d.RegistryTable, state.Started, expiry, s.d.RegistryTable, where, order, limit, s.db.Dialect.SkipLocked(), Columns(s.d))
}

// ClaimSQL returns the claim statement of pending rows, for EXPLAIN in
// benchmarks and docs.
func (s *Store) ClaimSQL(limit int) string {
	return s.claimSQL(fmt.Sprintf("state = %d", state.Pending), "", limit, "$1")
}

// RecoverTimedOut fails every row that has been started for longer than
// the type's sync timeout, like GitLab's sync timeout job: retry_count 1
// and a first-retry delay. Leases (RecoverExpired) find a dead worker's
// rows much sooner; this is the last resort for a sync that keeps
// renewing its lease but never ends, and for rows claimed without one.
func (s *Store) RecoverTimedOut(ctx context.Context) (int64, error) {
	now := s.clock.Now()
	timeout := s.d.EffectiveSyncTimeout()
	retryAt := state.NextRetryTime(now, 1, state.DefaultMaxRetryWait, s.Jitter)
	q := fmt.Sprintf("UPDATE %s SET state = %d, retry_count = 1, retry_at = $1, last_sync_failure = $2, force_to_redownload = false WHERE state = %d AND last_synced_at < $3",
		s.d.RegistryTable, state.Failed, state.Started)
	res, err := s.db.ExecContext(ctx, q, retryAt, "Sync timed out after "+humanDuration(timeout), now.Add(-timeout))
	if err != nil {
		return 0, fmt.Errorf("recover timed-out %s syncs: %w", s.d.Name, err)
	}
	return res.RowsAffected()
}

func placeholdersFrom(first, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", first+i)
	}
	return b.String()
}

// humanDuration writes whole hours as "8 hours", otherwise Go's form.
func humanDuration(d time.Duration) string {
	if d%time.Hour == 0 {
		if d == time.Hour {
			return "1 hour"
		}
		return fmt.Sprintf("%d hours", d/time.Hour)
	}
	return d.String()
}
