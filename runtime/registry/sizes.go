package registry

import (
	"context"
	"fmt"
	"strings"

	"github.com/geogen/geogen/runtime/sqldb"
)

// sizesTable holds, per blob a secondary stored, the size its last sync
// wrote (TrackingMigrations creates it). A copy whose size on disk
// differs has been truncated, padded or overwritten since: the existence
// check finds that with a stat, without reading the blob.
const sizesTable = "geo_blob_sizes"

// sizedUpsert is the statement recording the sizes of rows (id, size)
// given as VALUES, keeping the latest sync's.
func (s *Store) sizedUpsert(values string) string {
	return fmt.Sprintf("INSERT INTO %s (replicable_name, model_record_id, size) %s "+
		"ON CONFLICT (replicable_name, model_record_id) DO UPDATE SET size = excluded.size", sizesTable, values)
}

// sizeValues returns the VALUES list of the sized calls' rows (name, id,
// size), name being placeholder $name, the others numbered after args,
// with the arguments appended.
func sizeValues(name int, calls []*syncedCall, args []any) (string, []any) {
	rows := make([]string, 0, len(calls))
	for _, c := range calls {
		args = append(args, c.id, c.opts.Size)
		rows = append(rows, fmt.Sprintf("($%d, CAST($%d AS bigint), CAST($%d AS bigint))", name, len(args)-1, len(args)))
	}
	return "VALUES " + strings.Join(rows, ", "), args
}

// sized returns the calls that carry the size of the blob they stored.
func sized(calls []*syncedCall) []*syncedCall {
	var out []*syncedCall
	for _, c := range calls {
		if c.opts.Sized {
			out = append(out, c)
		}
	}
	return out
}

// RecordedSizes returns the size each blob of ids had when its last sync
// stored it; blobs synced without a recorded size are left out.
func (s *Store) RecordedSizes(ctx context.Context, ids []int64) (map[int64]int64, error) {
	sizes := make(map[int64]int64, len(ids))
	if len(ids) == 0 {
		return sizes, nil
	}
	q := fmt.Sprintf("SELECT model_record_id, size FROM %s WHERE replicable_name = $1 AND model_record_id IN (%s)",
		sizesTable, sqldb.Placeholders(2, len(ids)))
	rows, err := s.db.QueryContext(ctx, q, append([]any{s.d.Name}, sqldb.Int64Args(ids)...)...)
	if err != nil {
		return nil, fmt.Errorf("recorded sizes of %s: %w", s.d.Name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, size int64
		if err := rows.Scan(&id, &size); err != nil {
			return nil, fmt.Errorf("recorded sizes of %s: %w", s.d.Name, err)
		}
		sizes[id] = size
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("recorded sizes of %s: %w", s.d.Name, err)
	}
	return sizes, nil
}

// forgetSizes removes the recorded sizes of ids, whose registry rows go.
func (s *Store) forgetSizes(ctx context.Context, ids []int64) error {
	q := fmt.Sprintf("DELETE FROM %s WHERE replicable_name = $1 AND model_record_id IN (%s)", sizesTable, sqldb.Placeholders(2, len(ids)))
	if _, err := s.db.ExecContext(ctx, q, append([]any{s.d.Name}, sqldb.Int64Args(ids)...)...); err != nil {
		return fmt.Errorf("forget the recorded sizes of %s: %w", s.d.Name, err)
	}
	return nil
}
