package verification

import (
	"context"
	"fmt"
)

// Backfill (primary only) gives up to limit model records that have no
// state row one, pending, and removes the state rows of records the
// type's scope no longer selects. It returns how many rows it added.
// Records created with their state row in the same transaction never need
// it; it catches records that existed before the type did, and any a
// crash left behind. A type verified on its model table has nothing to
// backfill.
func (s *Store) Backfill(ctx context.Context, limit int) (int64, error) {
	if s.side != Primary {
		return 0, fmt.Errorf("backfill %s: state tables live on the primary", s.d.Name)
	}
	d := s.d
	if d.VerificationOnModel {
		// Every model row carries its verification columns: nothing to
		// add, and a record leaving the scope must keep its row.
		return 0, nil
	}
	scope := ""
	if d.Scope != "" {
		scope = " AND (" + d.Scope + ")"
	}
	insert := fmt.Sprintf(`INSERT INTO %s (%s)
SELECT m.%s FROM %s m WHERE NOT EXISTS (SELECT 1 FROM %s s WHERE s.%s = m.%s)%s ORDER BY m.%s LIMIT %d
ON CONFLICT (%s) DO NOTHING`,
		d.StateTable, d.StateKeyColumn(), d.ModelKey, d.ModelTable, d.StateTable, d.StateKeyColumn(), d.ModelKey, scope, d.ModelKey, limit, d.StateKeyColumn())
	res, err := s.db.ExecContext(ctx, insert)
	if err != nil {
		return 0, fmt.Errorf("backfill %s state rows: %w", d.Name, err)
	}
	added, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	if d.Scope != "" {
		del := fmt.Sprintf("DELETE FROM %s WHERE %s IN (SELECT %s FROM %s WHERE NOT (%s))", d.StateTable, d.StateKeyColumn(), d.ModelKey, d.ModelTable, d.Scope)
		if _, err := s.db.ExecContext(ctx, del); err != nil {
			return added, fmt.Errorf("remove %s state rows out of scope: %w", d.Name, err)
		}
	}
	return added, nil
}
