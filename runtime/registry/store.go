package registry

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// ErrNotFound is returned when a model record has no registry row.
var ErrNotFound = errors.New("registry row not found")

// Store is the registry of one replicable type in a secondary site's
// tracking database.
type Store struct {
	db    *sqldb.DB
	d     *replicable.Descriptor
	clock clock.Clock

	// Jitter draws the random part of retry delays; nil draws at random.
	// Tests fix it so retry times are exact.
	Jitter state.Jitter

	// Lease is how long a claim lasts unless renewed (RenewLeases);
	// NewStore sets state.DefaultLease.
	Lease time.Duration

	// Main is the main database (on a secondary, its read-only view of
	// the primary's) that CreateMissing reads a type's second key from
	// (Descriptor.SecondKey). Only a type with a second key needs it.
	Main sqldb.Querier

	synced syncedQueue // Synced calls waiting to be recorded together
	held   state.Held  // rows this process claimed and still syncs
}

// NewStore returns the registry of d in db.
func NewStore(db *sqldb.DB, d *replicable.Descriptor, c clock.Clock) *Store {
	if c == nil {
		c = clock.System{}
	}
	return &Store{db: db, d: d, clock: c, Lease: state.DefaultLease}
}

// Descriptor is the type whose registry this is.
func (s *Store) Descriptor() *replicable.Descriptor { return s.d }

// DB is the tracking database.
func (s *Store) DB() *sqldb.DB { return s.db }

// Create adds a pending registry row for a model record, or returns the
// row that already exists.
func (s *Store) Create(ctx context.Context, modelRecordID int64) (Record, error) {
	if _, err := s.CreateMissing(ctx, []int64{modelRecordID}); err != nil {
		return Record{}, err
	}
	return s.Get(ctx, modelRecordID)
}

// CreateMissing adds pending rows for the model records that have none,
// in one statement, and returns how many it added. Rows that exist,
// including ones another worker adds at the same time, are left alone.
func (s *Store) CreateMissing(ctx context.Context, modelRecordIDs []int64) (int64, error) {
	if len(modelRecordIDs) == 0 {
		return 0, nil
	}
	now := s.clock.Now()
	if s.d.SecondKey != "" {
		return s.createWithSecondKey(ctx, now, modelRecordIDs)
	}
	values := make([]byte, 0, len(modelRecordIDs)*12)
	args := make([]any, 0, len(modelRecordIDs)+1)
	args = append(args, now)
	for i, id := range modelRecordIDs {
		if i > 0 {
			values = append(values, ", "...)
		}
		values = fmt.Appendf(values, "($%d, $1)", i+2)
		args = append(args, id)
	}
	q := fmt.Sprintf("INSERT INTO %s (%s, created_at) VALUES %s ON CONFLICT (%s) DO NOTHING",
		s.d.RegistryTable, s.d.ForeignKey, values, s.d.ForeignKey)
	return s.insert(ctx, q, args)
}

// insert runs a statement that adds registry rows and returns how many
// it added.
func (s *Store) insert(ctx context.Context, q string, args []any) (int64, error) {
	res, err := s.db.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("create %s registries: %w", s.d.Name, err)
	}
	return res.RowsAffected()
}

// Get returns the registry row of a model record, or ErrNotFound.
func (s *Store) Get(ctx context.Context, modelRecordID int64) (Record, error) {
	return s.getWhere(ctx, s.d.ForeignKey+" = $1", modelRecordID)
}

// GetByID returns the registry row with the given registry id, or ErrNotFound.
func (s *Store) GetByID(ctx context.Context, id int64) (Record, error) {
	return s.getWhere(ctx, "id = $1", id)
}

func (s *Store) getWhere(ctx context.Context, where string, arg int64) (Record, error) {
	row := s.db.QueryRowContext(ctx, "SELECT "+Columns(s.d)+" FROM "+s.d.RegistryTable+" WHERE "+where, arg)
	r, err := Scan(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Record{}, fmt.Errorf("%s %d: %w", s.d.Name, arg, ErrNotFound)
	}
	return r, err
}

// Delete removes the registry row of a model record and reports whether
// there was one.
func (s *Store) Delete(ctx context.Context, modelRecordID int64) (bool, error) {
	n, err := s.DeleteModelRecordIDs(ctx, []int64{modelRecordID})
	return n > 0, err
}

// DeleteModelRecordIDs removes the registry rows of the given model
// records and returns how many it removed.
func (s *Store) DeleteModelRecordIDs(ctx context.Context, ids []int64) (int64, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	q := fmt.Sprintf("DELETE FROM %s WHERE %s IN (%s)", s.d.RegistryTable, s.d.ForeignKey, sqldb.Placeholders(1, len(ids)))
	res, err := s.db.ExecContext(ctx, q, sqldb.Int64Args(ids)...)
	if err != nil {
		return 0, fmt.Errorf("delete %s registries: %w", s.d.Name, err)
	}
	if s.d.Strategy == replicable.Blob {
		if err := s.forgetSizes(ctx, ids); err != nil {
			return 0, err
		}
	}
	return res.RowsAffected()
}

// ModelRecordIDsBetween returns the model record ids the registry holds in
// [from, to], in order: what the consistency worker compares with the
// model table to find orphans.
func (s *Store) ModelRecordIDsBetween(ctx context.Context, from, to int64) ([]int64, error) {
	q := fmt.Sprintf("SELECT %s FROM %s WHERE %s BETWEEN $1 AND $2 ORDER BY %s",
		s.d.ForeignKey, s.d.RegistryTable, s.d.ForeignKey, s.d.ForeignKey)
	ids, err := sqldb.QueryInt64s(ctx, s.db, q, from, to)
	if err != nil {
		return nil, fmt.Errorf("list %s registries: %w", s.d.Name, err)
	}
	return ids, nil
}

// SyncedAfter returns up to limit model record ids above after of synced
// rows with data on this site (not missing on the primary), in order:
// one page of a walk over what this site holds.
func (s *Store) SyncedAfter(ctx context.Context, after int64, limit int) ([]int64, error) {
	// IS NOT TRUE: a registry created before geogen may leave the flag NULL.
	missing := "missing_on_primary IS NOT TRUE"
	if s.d.WithoutMissingOnPrimary {
		missing = ""
	}
	return s.syncedAfter(ctx, missing, "synced "+s.d.Name+" registries", after, limit)
}

// AwaitingChecksumAfter lists, in key order after after, up to limit
// synced records whose verification is disabled: synced before the
// primary had a checksum to compare with, they wait for its
// checksum_succeeded event.
func (s *Store) AwaitingChecksumAfter(ctx context.Context, after int64, limit int) ([]int64, error) {
	return s.syncedAfter(ctx, fmt.Sprintf("verification_state = %d", state.VerificationDisabled),
		s.d.Name+" registries awaiting the primary's checksum", after, limit)
}

// syncedAfter returns one page, in key order above after, of the model
// record ids of synced rows that also meet cond (none when empty); rows
// names them in an error.
func (s *Store) syncedAfter(ctx context.Context, cond, rows string, after int64, limit int) ([]int64, error) {
	if cond != "" {
		cond += " AND "
	}
	q := fmt.Sprintf("SELECT %s FROM %s WHERE state = %d AND %s%s > $1 ORDER BY %s LIMIT %d",
		s.d.ForeignKey, s.d.RegistryTable, state.Synced, cond, s.d.ForeignKey, s.d.ForeignKey, limit)
	ids, err := sqldb.QueryInt64s(ctx, s.db, q, after)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", rows, err)
	}
	return ids, nil
}

// queryRecords runs a statement that returns Columns rows.
func (s *Store) queryRecords(ctx context.Context, q sqldb.Querier, query string, args ...any) ([]Record, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		r, err := Scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
