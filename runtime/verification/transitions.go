package verification

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/geogen/geogen/runtime/state"
)

// MismatchMessage is the failure recorded when a secondary's checksum
// differs from the primary's.
const MismatchMessage = "Checksum does not match the primary checksum"

// Succeeded records the checksum of a started verification.
func (s *Store) Succeeded(ctx context.Context, key int64, checksum []byte) error {
	if len(checksum) == 0 {
		return fmt.Errorf("verification of %s %d: a succeeded verification needs a checksum", s.d.Name, key)
	}
	now := s.clock.Now()
	set := "verification_state = $1, verification_checksum = $2, verified_at = $3, verification_retry_count = 0, verification_retry_at = NULL, verification_failure = NULL"
	if s.side == Secondary {
		set += ", checksum_mismatch = false, verification_checksum_mismatched = NULL"
	}
	q := fmt.Sprintf("UPDATE %s SET %s WHERE %s = $4 AND verification_state = %d", s.table(), set, s.key(), state.VerificationStarted)
	res, err := s.db.ExecContext(ctx, q, state.VerificationSucceeded, checksum, now, key)
	if err != nil {
		return fmt.Errorf("verification of %s %d succeeded: %w", s.d.Name, key, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := s.Get(ctx, key); err != nil {
			return err
		}
		return fmt.Errorf("verification of %s %d succeeded, but it is not started: %w", s.d.Name, key, ErrInvalidTransition)
	}
	return nil
}

// Failed records a failed verification from any state: the message with
// its cause (cut to 255 characters), no checksum, one more retry and the
// next retry time. On a secondary the registry's sync fails too, so the
// data is downloaded again.
func (s *Store) Failed(ctx context.Context, key int64, message string, cause error) error {
	return s.fail(ctx, key, state.FailureMessage(message, cause), nil, nil)
}

// ChecksumMismatch records, on a secondary, that its checksum differs from
// the primary's: a failed verification that keeps both values and sets
// checksum_mismatch, then a resync.
func (s *Store) ChecksumMismatch(ctx context.Context, key int64, primaryChecksum, secondaryChecksum []byte) error {
	if s.side != Secondary {
		return fmt.Errorf("checksum mismatch of %s %d: only a secondary compares checksums", s.d.Name, key)
	}
	msg := fmt.Sprintf("%s (primary %s, secondary %s)", MismatchMessage, short(primaryChecksum), short(secondaryChecksum))
	return s.fail(ctx, key, state.Truncate(msg, state.MessageLimit), primaryChecksum, secondaryChecksum)
}

func short(b []byte) string {
	h := hex.EncodeToString(b)
	if len(h) > 16 {
		return h[:16] + "…"
	}
	return h
}

func (s *Store) fail(ctx context.Context, key int64, message string, primaryChecksum, localChecksum []byte) error {
	now := s.clock.Now()
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		lock := ""
		if s.db.Dialect.SkipLocked() != "" {
			lock = " FOR UPDATE"
		}
		var count sql.NullInt64 // NULL in a registry created before geogen
		err := tx.QueryRowContext(ctx, fmt.Sprintf("SELECT verification_retry_count FROM %s WHERE %s = $1%s", s.table(), s.key(), lock), key).Scan(&count)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("verification of %s %d failed: %w", s.d.Name, key, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("verification of %s %d failed: %w", s.d.Name, key, err)
		}
		retries := int(count.Int64) + 1
		retryAt := state.NextRetryTime(now, retries, state.DefaultMaxRetryWait, s.Jitter)
		set := "verification_state = $1, verification_retry_count = $2, verification_retry_at = $3, verified_at = $4, verification_failure = $5, verification_checksum = $6"
		args := []any{state.VerificationFailed, retries, retryAt, now, message, localChecksum}
		if s.side == Secondary {
			// The sync fails with it: retry_count becomes the verification
			// retry count (GitLab sets it one lower, then the sync failure
			// adds one), so backoff grows across verification failures.
			syncRetryAt := state.NextRetryTime(now, retries, state.DefaultMaxRetryWait, s.Jitter)
			set += ", state = $7, retry_count = $8, retry_at = $9, last_sync_failure = $10"
			args = append(args, state.Failed, retries, syncRetryAt, state.Truncate("Verification failed with: "+message, state.MessageLimit))
			if primaryChecksum != nil {
				// Only a mismatch records one; any other failure leaves an
				// earlier mismatch as it was, for the admin to see.
				set += ", checksum_mismatch = true, verification_checksum_mismatched = $11"
				args = append(args, primaryChecksum)
			}
		}
		args = append(args, key)
		q := fmt.Sprintf("UPDATE %s SET %s WHERE %s = $%d", s.table(), set, s.key(), len(args))
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("verification of %s %d failed: %w", s.d.Name, key, err)
		}
		return nil
	})
}

// Pending asks for a record to be verified again. Coming from started or
// succeeded the retry fields and failure are cleared (and on a secondary
// the mismatch); coming from failed or disabled only the failure is, so
// backoff keeps growing across repeated failures; a pending row stays as
// it is.
func (s *Store) Pending(ctx context.Context, key int64) error {
	return s.update(ctx, key, "pending", state.VerificationPendingSet(s.side == Secondary))
}

// Disable stops verifying a record until it is set pending again (on a
// secondary: until the primary has a checksum to compare with).
func (s *Store) Disable(ctx context.Context, key int64) error {
	return s.update(ctx, key, "disabled", fmt.Sprintf("verification_state = %d", state.VerificationDisabled))
}

func (s *Store) update(ctx context.Context, key int64, what, set string) error {
	q := fmt.Sprintf("UPDATE %s SET %s WHERE %s = $1", s.table(), set, s.key())
	res, err := s.db.ExecContext(ctx, q, key)
	if err != nil {
		return fmt.Errorf("set verification of %s %d %s: %w", s.d.Name, key, what, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("set verification of %s %d %s: %w", s.d.Name, key, what, ErrNotFound)
	}
	return nil
}

// Reverify asks for a record to be verified again (checksummed again, on
// the primary: the "checksum" action of data management) with the SET list
// of Pending, in one statement, and returns the row as it now is. On a
// secondary only a synced registry is verified: another one is refused
// with ErrInvalidTransition. A record without a row gets ErrNotFound.
func (s *Store) Reverify(ctx context.Context, key int64) (Item, error) {
	where := s.key() + " = $1"
	if a := s.available(); a != "" {
		where += " AND " + a
	}
	q := fmt.Sprintf("UPDATE %s SET %s WHERE %s RETURNING %s", s.table(), state.VerificationPendingSet(s.side == Secondary), where, s.columns())
	items, err := s.queryItems(ctx, q, key)
	if err != nil {
		return Item{}, fmt.Errorf("reverify %s %d: %w", s.d.Name, key, err)
	}
	if len(items) == 1 {
		return items[0], nil
	}
	exists := fmt.Sprintf("SELECT count(*) FROM %s WHERE %s = $1", s.table(), s.key())
	var n int
	if err := s.db.QueryRowContext(ctx, exists, key).Scan(&n); err != nil {
		return Item{}, fmt.Errorf("reverify %s %d: %w", s.d.Name, key, err)
	}
	if n == 0 {
		return Item{}, fmt.Errorf("reverify %s %d: %w", s.d.Name, key, ErrNotFound)
	}
	return Item{}, fmt.Errorf("reverify %s %d: only a synced registry is verified: %w", s.d.Name, key, ErrInvalidTransition)
}
