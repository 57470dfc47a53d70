package registry

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/geogen/geogen/runtime/state"
)

// FailureLeaseExpired is the last_sync_failure of a row whose sync was
// interrupted: its worker stopped renewing the claim (it died, hung or
// lost the database), and the row went back to pending.
const FailureLeaseExpired = "Sync interrupted: its worker stopped renewing the claim"

// While a row is started, retry_at holds its lease's expiry: the time the
// sync is retried unless its worker renews the claim before. Every
// finished sync sets retry_at again (cleared, or the next retry time of a
// failure), so the column keeps its meaning for rows at rest.

// leaseExpiry is the retry_at of a claim made or renewed at now.
func (s *Store) leaseExpiry(now time.Time) time.Time { return state.LeaseExpiry(now, s.Lease) }

// hold remembers claimed rows, so RenewLeases renews them.
func (s *Store) hold(recs []Record) {
	for _, r := range recs {
		if r.LastSyncedAt != nil {
			s.held.Add(r.ModelRecordID, *r.LastSyncedAt)
		}
	}
}

// Release stops renewing the lease on a row this process claimed (by
// ClaimPending, ClaimNeedsSyncAgain or Start): call it when its sync
// ends, whatever the outcome.
func (s *Store) Release(rec Record) {
	if rec.LastSyncedAt != nil {
		s.held.Release(rec.ModelRecordID, *rec.LastSyncedAt)
	}
}

// Held is how many rows this process is syncing.
func (s *Store) Held() int { return s.held.Len() }

// RenewLeases extends the lease of every row this process still syncs,
// from now, and returns how many rows it renewed. A row is renewed only
// while it is still started by this process's claim (same start time):
// one taken back meanwhile stays with its new owner.
func (s *Store) RenewLeases(ctx context.Context) (int64, error) {
	n, err := s.held.Renew(ctx, s.db, state.LeaseColumns{
		Table: s.d.RegistryTable, Key: s.d.ForeignKey, State: "state", Started: int(state.Started),
		StartedAt: "last_synced_at", Expiry: "retry_at",
	}, s.leaseExpiry(s.clock.Now()))
	if err != nil {
		return n, fmt.Errorf("renew %s sync leases: %w", s.d.Name, err)
	}
	return n, nil
}

// RecoverExpired sends every started row whose lease has expired back to
// pending, with FailureLeaseExpired, and returns how many there were.
// Their worker, here or on another machine, stopped renewing them; the
// scheduler claims them again at once, and a sync that finds the data
// already complete on disk records it without a download.
func (s *Store) RecoverExpired(ctx context.Context) (int64, error) {
	q := fmt.Sprintf("UPDATE %s SET state = %d, retry_at = NULL, last_sync_failure = $1, force_to_redownload = false WHERE state = %d AND retry_at < $2",
		s.d.RegistryTable, state.Pending, state.Started)
	res, err := s.db.ExecContext(ctx, q, FailureLeaseExpired, s.clock.Now())
	if err != nil {
		return 0, fmt.Errorf("recover %s syncs with expired leases: %w", s.d.Name, err)
	}
	return res.RowsAffected()
}

// FailureShutdown is the last_sync_failure of a row a stopping site gave
// back (GiveBack) before its sync finished.
const FailureShutdown = "Sync interrupted: the site stopped before it finished"

// Interrupted reports whether rec's previous sync was cut short (its lease
// expired, or its site stopped): its data may be complete on disk already.
func Interrupted(rec Record) bool {
	return rec.LastSyncFailure == FailureLeaseExpired || rec.LastSyncFailure == FailureShutdown
}

// GiveBack sends rows this process claimed back to pending at once, with
// FailureShutdown, while they are still started by its claim, and stops
// renewing them: a stopping site's unfinished syncs are taken up again
// without waiting for their leases to expire. It returns how many rows
// went back.
func (s *Store) GiveBack(ctx context.Context, recs ...Record) (int64, error) {
	rows := map[int64]time.Time{}
	for _, r := range recs {
		if r.LastSyncedAt != nil {
			rows[r.ModelRecordID] = *r.LastSyncedAt
		}
	}
	return s.giveBack(ctx, rows)
}

// GiveBackHeld gives back every row this process still syncs: the claims
// of workers that did not stop in time.
func (s *Store) GiveBackHeld(ctx context.Context) (int64, error) {
	return s.giveBack(ctx, s.held.Snapshot())
}

// leaseChunk bounds the rows one give-back statement names.
const leaseChunk = 200

func (s *Store) giveBack(ctx context.Context, held map[int64]time.Time) (int64, error) {
	var total int64
	args := []any{FailureShutdown}
	var rows []string
	var given [][2]any
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		q := fmt.Sprintf("UPDATE %s SET state = %d, retry_at = NULL, last_sync_failure = $1, force_to_redownload = false WHERE state = %d AND (%s)",
			s.d.RegistryTable, state.Pending, state.Started, strings.Join(rows, " OR "))
		res, err := s.db.ExecContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("give back %s syncs: %w", s.d.Name, err)
		}
		n, _ := res.RowsAffected()
		total += n
		for _, g := range given {
			s.held.Release(g[0].(int64), g[1].(time.Time))
		}
		args, rows, given = args[:1], rows[:0], given[:0]
		return nil
	}
	for id, startedAt := range held {
		args = append(args, id, startedAt.UTC())
		rows = append(rows, fmt.Sprintf("(%s = $%d AND last_synced_at = $%d)", s.d.ForeignKey, len(args)-1, len(args)))
		given = append(given, [2]any{id, startedAt})
		if len(rows) == leaseChunk {
			if err := flush(); err != nil {
				return total, err
			}
		}
	}
	return total, flush()
}
