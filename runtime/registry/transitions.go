package registry

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/geogen/geogen/runtime/state"
)

// ErrInvalidTransition is returned for a state change the state machine
// does not allow, such as starting a sync that is already running.
var ErrInvalidTransition = errors.New("invalid registry state transition")

// Start moves a registry row to started, stamps last_synced_at with the
// start time and takes a lease on it, as a claim does. A row already
// started is refused: another worker is syncing it. The caller releases
// the row (Release) when its sync ends.
func (s *Store) Start(ctx context.Context, modelRecordID int64) (Record, error) {
	now := s.clock.Now()
	q := fmt.Sprintf("UPDATE %s SET state = %d, last_synced_at = $1, retry_at = $3, force_to_redownload = false WHERE %s = $2 AND state <> %d RETURNING %s",
		s.d.RegistryTable, state.Started, s.d.ForeignKey, state.Started, Columns(s.d))
	recs, err := s.queryRecords(ctx, s.db, q, now, modelRecordID, s.leaseExpiry(now))
	if err != nil {
		return Record{}, fmt.Errorf("start %s %d: %w", s.d.Name, modelRecordID, err)
	}
	if len(recs) == 0 {
		if _, err := s.Get(ctx, modelRecordID); err != nil {
			return Record{}, err
		}
		return Record{}, fmt.Errorf("start %s %d: already started: %w", s.d.Name, modelRecordID, ErrInvalidTransition)
	}
	s.hold(recs)
	return recs[0], nil
}

// FailOptions describe a failed sync.
type FailOptions struct {
	// MissingOnPrimary: the primary does not have the data. The retry is
	// capped at 4 hours instead of 1, since retrying sooner rarely helps.
	MissingOnPrimary bool
}

// Failed records a failed sync from any state: the message (with the
// cause, cut to 255 characters), one more retry and the next retry time.
// A sync during which a resync was requested (see Resync) goes to pending
// instead, with the message, so the requested sync runs at once.
func (s *Store) Failed(ctx context.Context, modelRecordID int64, message string, cause error, opts FailOptions) error {
	maxWait := state.DefaultMaxRetryWait
	if opts.MissingOnPrimary {
		maxWait = state.MissingOnPrimaryMaxRetryWait
	}
	return s.fail(ctx, modelRecordID, state.FailureMessage(message, cause), maxWait, opts.MissingOnPrimary)
}

func (s *Store) fail(ctx context.Context, modelRecordID int64, message string, maxWait time.Duration, missing bool) error {
	now := s.clock.Now()
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		var retries sql.NullInt64 // NULL in a registry created before geogen
		var st state.Replication
		var resyncRequested bool
		sel := fmt.Sprintf("SELECT retry_count, state, force_to_redownload FROM %s WHERE %s = $1", s.d.RegistryTable, s.d.ForeignKey)
		if s.db.Dialect.SkipLocked() != "" {
			sel += " FOR UPDATE"
		}
		if err := tx.QueryRowContext(ctx, sel, modelRecordID).Scan(&retries, &st, &resyncRequested); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("fail %s %d: %w", s.d.Name, modelRecordID, ErrNotFound)
			}
			return fmt.Errorf("fail %s %d: %w", s.d.Name, modelRecordID, err)
		}
		next, retryAt, count := state.Failed, any(nil), int(retries.Int64)
		if st == state.Started && resyncRequested {
			// A resync was asked for during this sync: the failure is that of
			// stale work, and the sync asked for runs next, without backoff.
			next, count = state.Pending, 0
		} else {
			count++
			retryAt = state.NextRetryTime(now, count, maxWait, s.Jitter)
		}
		q := fmt.Sprintf("UPDATE %s SET state = %d, retry_count = $1, retry_at = $2, last_sync_failure = $3, missing_on_primary = $4, force_to_redownload = false WHERE %s = $5",
			s.d.RegistryTable, next, s.d.ForeignKey)
		args := []any{count, retryAt, message, missing, modelRecordID}
		if s.d.WithoutMissingOnPrimary {
			q = fmt.Sprintf("UPDATE %s SET state = %d, retry_count = $1, retry_at = $2, last_sync_failure = $3, force_to_redownload = false WHERE %s = $4",
				s.d.RegistryTable, next, s.d.ForeignKey)
			args = []any{count, retryAt, message, modelRecordID}
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("fail %s %d: %w", s.d.Name, modelRecordID, err)
		}
		return nil
	})
}
