package verification

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/geogen/geogen/runtime/state"
)

// While a verification is started, verification_retry_at holds its
// lease's expiry: when it is checksummed again unless its worker renews
// the claim before. Every outcome sets the column again (cleared, or the
// next retry time of a failure).

func (s *Store) leaseExpiry(now time.Time) time.Time { return state.LeaseExpiry(now, s.Lease) }

// Release stops renewing the lease on a claimed row: call it when its
// verification ends, whatever the outcome.
func (s *Store) Release(it Item) {
	if it.StartedAt != nil {
		s.held.Release(it.Key, *it.StartedAt)
	}
}

// GiveBack sends rows this process claimed back to pending at once, while
// they are still started by its claim, and stops renewing them: a
// stopping site's unfinished checksums are taken up again without waiting
// for their leases to expire. It returns how many rows went back.
func (s *Store) GiveBack(ctx context.Context, items ...Item) (int64, error) {
	rows := map[int64]time.Time{}
	for _, it := range items {
		if it.StartedAt != nil {
			rows[it.Key] = *it.StartedAt
		}
	}
	return s.giveBack(ctx, rows)
}

// GiveBackHeld gives back every row this process still verifies: the
// claims of workers that did not stop in time.
func (s *Store) GiveBackHeld(ctx context.Context) (int64, error) {
	return s.giveBack(ctx, s.held.Snapshot())
}

// leaseChunk bounds the rows one give-back statement names.
const leaseChunk = 200

func (s *Store) giveBack(ctx context.Context, held map[int64]time.Time) (int64, error) {
	var total int64
	var args []any
	var rows []string
	var given [][2]any
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		q := fmt.Sprintf("UPDATE %s SET verification_state = %d, verification_retry_at = NULL WHERE verification_state = %d AND (%s)",
			s.table(), state.VerificationPending, state.VerificationStarted, strings.Join(rows, " OR "))
		res, err := s.db.ExecContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("give back %s verifications: %w", s.d.Name, err)
		}
		n, _ := res.RowsAffected()
		total += n
		for _, g := range given {
			s.held.Release(g[0].(int64), g[1].(time.Time))
		}
		args, rows, given = args[:0], rows[:0], given[:0]
		return nil
	}
	for key, startedAt := range held {
		args = append(args, key, startedAt.UTC())
		rows = append(rows, fmt.Sprintf("(%s = $%d AND verification_started_at = $%d)", s.key(), len(args)-1, len(args)))
		given = append(given, [2]any{key, startedAt})
		if len(rows) == leaseChunk {
			if err := flush(); err != nil {
				return total, err
			}
		}
	}
	return total, flush()
}

// Held is how many rows this process is verifying.
func (s *Store) Held() int { return s.held.Len() }

// RenewLeases extends the lease of every row this process still
// verifies, from now, and returns how many rows it renewed. A row is
// renewed only while it is still started by this process's claim.
func (s *Store) RenewLeases(ctx context.Context) (int64, error) {
	n, err := s.held.Renew(ctx, s.db, state.LeaseColumns{
		Table: s.table(), Key: s.key(), State: "verification_state", Started: int(state.VerificationStarted),
		StartedAt: "verification_started_at", Expiry: "verification_retry_at",
	}, s.leaseExpiry(s.clock.Now()))
	if err != nil {
		return n, fmt.Errorf("renew %s verification leases: %w", s.d.Name, err)
	}
	return n, nil
}

// RecoverExpired sets every started verification whose lease has expired
// back to pending (its worker, here or elsewhere, stopped renewing it)
// and returns how many there were. The retry count is kept: an
// interrupted verification is not a failure of the data.
func (s *Store) RecoverExpired(ctx context.Context) (int64, error) {
	q := fmt.Sprintf("UPDATE %s SET verification_state = %d, verification_retry_at = NULL WHERE verification_state = %d AND verification_retry_at < $1",
		s.table(), state.VerificationPending, state.VerificationStarted)
	res, err := s.db.ExecContext(ctx, q, s.clock.Now())
	if err != nil {
		return 0, fmt.Errorf("recover %s verifications with expired leases: %w", s.d.Name, err)
	}
	return res.RowsAffected()
}
