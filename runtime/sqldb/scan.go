package sqldb

import (
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
