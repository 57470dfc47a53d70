package registry

import (
	"context"
	"fmt"

	"github.com/geogen/geogen/runtime/state"
)

// ResyncSet is the SET list of an UPDATE that asks for a registry row to
// be synced again, from any state, as GitLab's pending! does: the retry
// fields are cleared and verification is disabled until the next sync
// finishes.
//
// A row whose sync is running (started) is not disturbed: it stays
// started, with its lease (retry_at), so no second worker claims it while
// the first downloads, and force_to_redownload marks it. When that sync ends, Synced or Failed
// sends the marked row to pending instead of synced or failed, so a new
// sync follows the one that was running. Every other row goes to pending
// at once. The claims clear the mark.
//
// Resync, ResyncByID and the bulk jobs of package bulkjob all use it, so
// the ways of asking for a resync cannot drift apart.
var ResyncSet = fmt.Sprintf(
	"state = CASE WHEN state = %d THEN %d ELSE %d END, force_to_redownload = (state = %d), retry_at = CASE WHEN state = %d THEN retry_at END, retry_count = 0, verification_state = %d",
	state.Started, state.Started, state.Pending, state.Started, state.Started, state.VerificationDisabled)

// ReverifyCondition is the condition of the registry rows whose
// verification can be asked for again: the synced ones (verification on a
// secondary follows the sync, which sets it pending or disabled itself).
var ReverifyCondition = fmt.Sprintf("state = %d", state.Synced)

// ReverifySet is the SET list that marks a registry row's verification
// pending, for rows matching ReverifyCondition.
var ReverifySet = state.VerificationPendingSet(true)

// Resync asks for the sync of a model record's registry row (ResyncSet):
// its data changed on the primary (a repository push) or an operator
// asked for it.
func (s *Store) Resync(ctx context.Context, modelRecordID int64) error {
	q := fmt.Sprintf("UPDATE %s SET %s WHERE %s = $1", s.d.RegistryTable, ResyncSet, s.d.ForeignKey)
	res, err := s.db.ExecContext(ctx, q, modelRecordID)
	if err != nil {
		return fmt.Errorf("resync %s %d: %w", s.d.Name, modelRecordID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("resync %s %d: %w", s.d.Name, modelRecordID, ErrNotFound)
	}
	return nil
}

// ResyncByID asks for the sync of the registry row with the given
// registry id (ResyncSet), in one statement, and returns the row as it now
// is: pending, or still started with a new sync to follow. It returns
// ErrNotFound when there is no such row.
func (s *Store) ResyncByID(ctx context.Context, registryID int64) (Record, error) {
	q := fmt.Sprintf("UPDATE %s SET %s WHERE id = $1 RETURNING %s", s.d.RegistryTable, ResyncSet, Columns(s.d))
	recs, err := s.queryRecords(ctx, s.db, q, registryID)
	if err != nil {
		return Record{}, fmt.Errorf("resync %s registry %d: %w", s.d.Name, registryID, err)
	}
	if len(recs) == 0 {
		return Record{}, fmt.Errorf("resync %s registry %d: %w", s.d.Name, registryID, ErrNotFound)
	}
	return recs[0], nil
}

// ReverifyByID marks the verification of the registry row with the given
// registry id pending (ReverifySet), in one statement, and returns the row.
// A row that is not synced is refused with ErrInvalidTransition (its sync
// decides its verification); a missing one with ErrNotFound.
func (s *Store) ReverifyByID(ctx context.Context, registryID int64) (Record, error) {
	q := fmt.Sprintf("UPDATE %s SET %s WHERE id = $1 AND %s RETURNING %s", s.d.RegistryTable, ReverifySet, ReverifyCondition, Columns(s.d))
	recs, err := s.queryRecords(ctx, s.db, q, registryID)
	if err != nil {
		return Record{}, fmt.Errorf("reverify %s registry %d: %w", s.d.Name, registryID, err)
	}
	if len(recs) == 1 {
		return recs[0], nil
	}
	rec, err := s.GetByID(ctx, registryID)
	if err != nil {
		return Record{}, fmt.Errorf("reverify %s registry %d: %w", s.d.Name, registryID, err)
	}
	return Record{}, fmt.Errorf("reverify %s registry %d: it is %s, and only a synced registry is verified: %w",
		s.d.Name, registryID, rec.State, ErrInvalidTransition)
}
