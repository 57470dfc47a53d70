package adminapi

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// oldestUnsyncedBatch is how many registry rows one step reads, as GitLab
// walks unsynced registries 1000 foreign keys at a time.
const oldestUnsyncedBatch = 1000

// oldestUnsyncedTime returns the ModelUpdatedAt of the oldest model record
// whose registry is not synced (pending, started or failed), or nil when
// every registry is synced. The registries are in the tracking database
// and the records in main, two databases that cannot be joined, so it
// walks the unsynced foreign keys in batches and asks main for each
// batch's oldest record.
func oldestUnsyncedTime(ctx context.Context, tracking, main *sqldb.DB, d *replicable.Descriptor) (*time.Time, error) {
	var oldest *time.Time
	after := int64(0)
	for {
		fks, err := unsyncedKeys(ctx, tracking, d, after)
		if err != nil || len(fks) == 0 {
			return oldest, err
		}
		t, err := oldestRecord(ctx, main, d, fks)
		if err != nil {
			return nil, err
		}
		if t != nil && (oldest == nil || t.Before(*oldest)) {
			oldest = t
		}
		if len(fks) < oldestUnsyncedBatch {
			return oldest, nil
		}
		after = fks[len(fks)-1]
	}
}

func unsyncedKeys(ctx context.Context, tracking *sqldb.DB, d *replicable.Descriptor, after int64) ([]int64, error) {
	query := fmt.Sprintf("SELECT %[1]s FROM %[2]s WHERE state <> %[3]d AND %[1]s > $1 ORDER BY %[1]s LIMIT %[4]d",
		d.ForeignKey, d.RegistryTable, state.Synced, oldestUnsyncedBatch)
	rows, err := tracking.QueryContext(ctx, query, after)
	if err != nil {
		return nil, fmt.Errorf("oldest unsynced %s: %w", d.RegistryTable, err)
	}
	defer rows.Close()
	var fks []int64
	for rows.Next() {
		var fk int64
		if err := rows.Scan(&fk); err != nil {
			return nil, fmt.Errorf("oldest unsynced %s: %w", d.RegistryTable, err)
		}
		fks = append(fks, fk)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("oldest unsynced %s: %w", d.RegistryTable, err)
	}
	return fks, nil
}

// oldestRecord orders instead of taking min(): an aggregate loses the
// column's declared type, and SQLite then returns text, not a time.
func oldestRecord(ctx context.Context, main *sqldb.DB, d *replicable.Descriptor, keys []int64) (*time.Time, error) {
	query := fmt.Sprintf("SELECT %[1]s FROM %[2]s WHERE %[3]s IN (%[4]s) ORDER BY %[1]s LIMIT 1",
		d.ModelUpdatedAt, d.ModelTable, d.ModelKey, sqldb.Placeholders(1, len(keys)))
	var t time.Time
	err := main.QueryRowContext(ctx, query, sqldb.Int64Args(keys)...).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil // every record is gone; the consistency worker removes such registries
	}
	if err != nil {
		return nil, fmt.Errorf("oldest unsynced %s: %w", d.ModelTable, err)
	}
	t = t.UTC()
	return &t, nil
}
