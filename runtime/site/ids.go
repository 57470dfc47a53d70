package site

import (
	"context"

	"github.com/geogen/geogen/runtime/sqldb"
)

// queryIDs runs a query returning one integer column.
func queryIDs(ctx context.Context, db sqldb.Querier, q string, args ...any) ([]int64, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
