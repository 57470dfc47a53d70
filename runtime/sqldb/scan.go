package sqldb

import (
	"context"
	"database/sql"
	"time"
)

// TimePtr turns a nullable scanned time into a pointer, in UTC.
func TimePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// NullTime turns a pointer into a query argument: nil stays NULL.
func NullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

// NullString turns an empty string into NULL.
func NullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// QueryInt64s runs a query that returns one integer column and collects it.
func QueryInt64s(ctx context.Context, q Querier, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
