package registry

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// SyncedOptions describe a finished sync.
type SyncedOptions struct {
	// PrimaryVerified reports whether the primary has a checksum for the
	// record: verification on the secondary becomes pending when it does,
	// disabled when it does not (there is nothing to compare with yet).
	PrimaryVerified bool
	// MissingOnPrimary records a repository the primary does not have:
	// the sync counts as done, with the flag set.
	MissingOnPrimary bool
	// Size, when Sized, is the size of the blob the sync stored: it is
	// recorded (in geo_blob_sizes, see TrackingMigrations) with the move
	// to synced, for the existence check to compare the copy with later.
	Size  int64
	Sized bool
}

// group is the part of the options one statement shares: the calls of
// a batch whose options differ only in their sizes are recorded together.
func (o SyncedOptions) group() SyncedOptions {
	o.Size, o.Sized = 0, false
	return o
}

// maxSyncedBatch bounds how many finished syncs one statement records.
const maxSyncedBatch = 64

// Synced records a successful sync that started at startedAt (the
// LastSyncedAt that Start or a claim returned; zero skips that check).
//
// The move to synced only applies while the row is still in that same
// started state and no resync was requested during the sync (see
// Resync): otherwise the data may already be stale, so Synced returns
// false, the row is (or stays) pending and the scheduler syncs it again. The retry fields are reset
// whatever happens (with the move when it applies).
//
// Calls that overlap are recorded together: while one statement runs,
// the syncs that finish queue up, and the first of them then records all
// of them in one statement (group commit). On PostgreSQL a commit per
// small blob costs about as much as the rest of its sync. A call that
// finds no statement running is recorded at once, alone. Each caller
// gets its own row's outcome.
func (s *Store) Synced(ctx context.Context, modelRecordID int64, startedAt time.Time, opts SyncedOptions) (bool, error) {
	c := &syncedCall{id: modelRecordID, startedAt: startedAt, opts: opts, done: make(chan struct{})}
	if !s.synced.join(c) {
		<-c.done // recorded by another call's statement, or this call's turn to lead
		if !c.lead {
			return c.ok, c.err
		}
	}
	// This call leads: it records the queue's head (itself first) and
	// hands over to the next waiting call, if any. A batch runs to the end
	// even if the leader's ctx ends: the other calls in it wait for their
	// own outcome.
	batch := s.synced.take()
	s.recordSynced(context.WithoutCancel(ctx), batch)
	s.synced.handOver()
	return c.ok, c.err
}

// syncedCall is one Synced call waiting to be recorded.
type syncedCall struct {
	id        int64
	startedAt time.Time
	opts      SyncedOptions

	done chan struct{} // closed when ok and err are set, or lead is
	lead bool          // this call records the next batch
	ok   bool
	err  error
}

// syncedQueue holds the Synced calls waiting for a statement. At most one
// call leads (runs a statement) at a time.
type syncedQueue struct {
	mu      sync.Mutex
	waiting []*syncedCall
	leading bool
}

// join queues c and reports whether c leads now (no statement is
// running).
func (q *syncedQueue) join(c *syncedCall) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.waiting = append(q.waiting, c)
	if q.leading {
		return false
	}
	q.leading = true
	return true
}

// take removes and returns the batch the leader records: the waiting
// calls from the head, at most maxSyncedBatch, at most one per record (a
// second call for the same record waits for the next batch, so each
// row's outcome is its own).
func (q *syncedQueue) take() []*syncedCall {
	q.mu.Lock()
	defer q.mu.Unlock()
	seen := make(map[int64]bool, min(len(q.waiting), maxSyncedBatch))
	var batch, rest []*syncedCall
	for _, c := range q.waiting {
		if len(batch) < maxSyncedBatch && !seen[c.id] {
			seen[c.id] = true
			batch = append(batch, c)
		} else {
			rest = append(rest, c)
		}
	}
	q.waiting = rest
	return batch
}

// handOver makes the first waiting call the next leader, or ends the
// leading when nobody waits.
func (q *syncedQueue) handOver() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.waiting) == 0 {
		q.leading = false
		return
	}
	next := q.waiting[0]
	next.lead = true
	close(next.done)
}

// recordSynced runs the statements of one batch and gives every call its
// outcome; the leader's own call is answered by its return, the others
// are woken.
func (s *Store) recordSynced(ctx context.Context, batch []*syncedCall) {
	applied, err := s.syncedBatch(ctx, batch)
	for _, c := range batch {
		c.ok, c.err = applied[c], err
		if !c.lead {
			close(c.done)
		}
	}
}

// syncedBatch moves the batch's rows to synced, one statement per
// distinct options (usually one), then resets the retry fields of the
// rows that did not move. It returns the calls that applied.
func (s *Store) syncedBatch(ctx context.Context, batch []*syncedCall) (map[*syncedCall]bool, error) {
	applied := make(map[*syncedCall]bool, len(batch))
	groups := map[SyncedOptions][]*syncedCall{}
	var order []SyncedOptions
	for _, c := range batch {
		g := c.opts.group()
		if _, ok := groups[g]; !ok {
			order = append(order, g)
		}
		groups[g] = append(groups[g], c)
	}
	for _, opts := range order {
		if err := s.syncedGroup(ctx, opts, groups[opts], applied); err != nil {
			return nil, err
		}
	}
	if len(applied) == len(batch) {
		return applied, nil
	}
	var missedCalls []*syncedCall
	var missed []any
	for _, c := range batch {
		if !applied[c] {
			missedCalls = append(missedCalls, c)
			missed = append(missed, c.id)
		}
	}
	// A sync during which a resync was requested lands in pending, so the
	// requested sync follows it.
	rows, args := syncedRows(s.d.ForeignKey, missedCalls, nil)
	q := fmt.Sprintf("UPDATE %s SET state = %d, force_to_redownload = false WHERE state = %d AND force_to_redownload AND (%s)",
		s.d.RegistryTable, state.Pending, state.Started, rows)
	if _, err := s.db.ExecContext(ctx, q, args...); err != nil {
		return nil, fmt.Errorf("synced %s: %w", s.d.Name, err)
	}
	q = fmt.Sprintf("UPDATE %s SET %s WHERE %s IN (%s)",
		s.d.RegistryTable, syncedReset, s.d.ForeignKey, sqldb.Placeholders(1, len(missed)))
	if _, err := s.db.ExecContext(ctx, q, missed...); err != nil {
		return nil, fmt.Errorf("synced %s: %w", s.d.Name, err)
	}
	return applied, nil
}

// syncedRows is the condition selecting the calls' rows, each by its
// record and (when the call has one) its start time, with the arguments
// appended to args.
func syncedRows(foreignKey string, calls []*syncedCall, args []any) (string, []any) {
	rows := make([]string, 0, len(calls))
	for _, c := range calls {
		args = append(args, c.id)
		row := fmt.Sprintf("%s = $%d", foreignKey, len(args))
		if !c.startedAt.IsZero() {
			args = append(args, c.startedAt.UTC())
			row = fmt.Sprintf("(%s AND last_synced_at = $%d)", row, len(args))
		}
		rows = append(rows, row)
	}
	return strings.Join(rows, " OR "), args
}

// syncedReset clears the retry fields of a finished sync.
const syncedReset = "retry_count = 0, last_sync_failure = NULL, retry_at = NULL"

// syncedGroup is the one conditional UPDATE for calls with the same
// options: each row moves only if it is still started, and (when the call
// has a start time) by the same start, and no resync was requested during
// the sync. Records appear once in a batch, so
// the returned keys name the calls that applied.
func (s *Store) syncedGroup(ctx context.Context, opts SyncedOptions, calls []*syncedCall, applied map[*syncedCall]bool) error {
	// Verification becomes pending (with the framework's callbacks) when
	// the primary has a checksum to compare with, otherwise disabled, which
	// clears nothing.
	verification := fmt.Sprintf("verification_state = %d", state.VerificationDisabled)
	if opts.PrimaryVerified {
		verification = state.VerificationPendingSet(true)
	}
	byID := make(map[int64]*syncedCall, len(calls))
	for _, c := range calls {
		byID[c.id] = c
	}
	missing, args := "missing_on_primary = $1, ", []any{opts.MissingOnPrimary}
	if s.d.WithoutMissingOnPrimary {
		missing, args = "", nil
	}
	rows, args := syncedRows(s.d.ForeignKey, calls, args)
	q := fmt.Sprintf("UPDATE %s SET %s, state = %d, %s%s\nWHERE state = %d AND NOT force_to_redownload AND (%s) RETURNING %s",
		s.d.RegistryTable, syncedReset, state.Synced, missing, verification, state.Started, rows, s.d.ForeignKey)
	withSizes := sized(calls)
	if len(withSizes) > 0 && s.db.Dialect == sqldb.Postgres {
		// The sizes of the rows that moved are recorded by the same
		// statement: no round trip, no commit more per batch.
		args = append(args, s.d.Name)
		var values string
		values, args = sizeValues(len(args), withSizes, args)
		q = fmt.Sprintf("WITH moved AS (%s),\nv (name, id, size) AS (%s),\nsized AS (%s)\nSELECT %s FROM moved",
			q, values, s.sizedUpsert("SELECT name, id, size FROM v WHERE id IN (SELECT "+s.d.ForeignKey+" FROM moved)"),
			s.d.ForeignKey)
		withSizes = nil
	}
	ids, err := sqldb.QueryInt64s(ctx, s.db, q, args...)
	if err != nil {
		return fmt.Errorf("synced %s: %w", s.d.Name, err)
	}
	var moved []*syncedCall
	for _, id := range ids {
		if c, ok := byID[id]; ok {
			applied[c] = true
			if c.opts.Sized {
				moved = append(moved, c)
			}
		}
	}
	if len(withSizes) > 0 && len(moved) > 0 {
		values, args := sizeValues(1, moved, []any{s.d.Name})
		if _, err := s.db.ExecContext(ctx, s.sizedUpsert(values), args...); err != nil {
			return fmt.Errorf("synced %s: record the sizes: %w", s.d.Name, err)
		}
	}
	return nil
}
