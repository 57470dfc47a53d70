package registry

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/geogen/geogen/runtime/sqldb"
)

// createWithSecondKey is CreateMissing for a type whose registry keeps a
// second key (Descriptor.SecondKey): it reads each record's key from the
// model table in the main database, and the tracking database's rows get
// it as they are created. A record whose model row has none, or is gone
// already, gets NULL, as does a row made by a geogen that did not fill it.
func (s *Store) createWithSecondKey(ctx context.Context, now time.Time, modelRecordIDs []int64) (int64, error) {
	keys, err := s.secondKeys(ctx, modelRecordIDs)
	if err != nil {
		return 0, err
	}
	values := make([]byte, 0, len(modelRecordIDs)*20)
	args := make([]any, 0, 2*len(modelRecordIDs)+1)
	args = append(args, now)
	for i, id := range modelRecordIDs {
		if i > 0 {
			values = append(values, ", "...)
		}
		values = fmt.Appendf(values, "($%d, $1, $%d)", 2*i+2, 2*i+3)
		var k any
		if v, ok := keys[id]; ok && v.Valid {
			k = v.Int64
		}
		args = append(args, id, k)
	}
	q := fmt.Sprintf("INSERT INTO %s (%s, created_at, %s) VALUES %s ON CONFLICT (%s) DO NOTHING",
		s.d.RegistryTable, s.d.ForeignKey, s.d.SecondKey, values, s.d.ForeignKey)
	return s.insert(ctx, q, args)
}

// secondKeys reads the second key of each record from the model table.
func (s *Store) secondKeys(ctx context.Context, modelRecordIDs []int64) (map[int64]sql.NullInt64, error) {
	d := s.d
	if s.Main == nil {
		return nil, errors.New("create " + d.Name + " registries: the registry's " + d.SecondKey +
			" is copied from " + d.ModelTable + "." + d.SecondKeySource + ", so the store needs the main database (set Store.Main)")
	}
	q := fmt.Sprintf("SELECT %s, %s FROM %s WHERE %s IN (%s)",
		d.ModelKey, d.SecondKeySource, d.ModelTable, d.ModelKey, sqldb.Placeholders(1, len(modelRecordIDs)))
	rows, err := s.Main.QueryContext(ctx, q, sqldb.Int64Args(modelRecordIDs)...)
	if err != nil {
		return nil, fmt.Errorf("read %s of %s: %w", d.SecondKeySource, d.ModelTable, err)
	}
	defer rows.Close()
	out := make(map[int64]sql.NullInt64, len(modelRecordIDs))
	for rows.Next() {
		var id int64
		var k sql.NullInt64
		if err := rows.Scan(&id, &k); err != nil {
			return nil, fmt.Errorf("read %s of %s: %w", d.SecondKeySource, d.ModelTable, err)
		}
		out[id] = k
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s of %s: %w", d.SecondKeySource, d.ModelTable, err)
	}
	return out, nil
}
