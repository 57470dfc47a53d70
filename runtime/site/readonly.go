package site

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/geogen/geogen/runtime/sqldb"
)

// OpenReadOnly opens a database for reading only: a secondary's view of the
// primary's main database.
//
// In production that view is a PostgreSQL streaming replica, which refuses
// writes by itself. When a secondary reads the primary's own database (a
// single-machine setup, the demo, the tests), OpenReadOnly makes every
// session read-only so a secondary can never write to it: on PostgreSQL
// with the run-time parameter default_transaction_read_only=on, on SQLite
// with PRAGMA query_only on every connection. Either way a write fails
// with an error.
func OpenReadOnly(ctx context.Context, dsn string) (*sqldb.DB, error) {
	ro, err := ReadOnlyDSN(dsn)
	if err != nil {
		return nil, err
	}
	db, err := sqldb.Open(ctx, ro)
	if err != nil {
		return nil, err
	}
	return db, nil
}

// ReadOnlyDSN returns dsn with the setting that makes its sessions
// read-only (see OpenReadOnly).
func ReadOnlyDSN(dsn string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("read-only database URL %s: %w", sqldb.Redact(dsn), err)
		}
		q := u.Query()
		q.Set("default_transaction_read_only", "on")
		u.RawQuery = q.Encode()
		return u.String(), nil
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "_pragma=query_only(1)", nil
}
