package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// DB is a database handle that knows its dialect.
type DB struct {
	*sql.DB
	Dialect Dialect
}

// Open connects to the database a URL names and checks that it answers.
//
//   - postgres://… or postgresql://… opens PostgreSQL through pgx.
//   - sqlite:PATH, file:PATH or a plain path opens (and creates) a SQLite
//     file, in WAL mode with a busy timeout and foreign keys on.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if dsn == "" {
		return nil, errors.New("open database: empty URL (want postgres://… or sqlite:PATH)")
	}
	var db *DB
	var err error
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db, err = openPostgres(dsn)
	default:
		db, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", Redact(dsn), err)
	}
	if db.Dialect == SQLite {
		if err := checkSQLite(ctx, db); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

func openPostgres(dsn string) (*DB, error) {
	sqlDB, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", Redact(dsn), err)
	}
	return &DB{DB: sqlDB, Dialect: Postgres}, nil
}

// sqlitePragmas are applied to every new connection. _txlock=immediate makes
// BEGIN take the write lock at once, so two claimers never both read and
// then fail to upgrade (SQLITE_BUSY_SNAPSHOT is not retried by
// busy_timeout). _time_format=sqlite stores times in the text form SQLite's
// own comparisons sort correctly.
var sqlitePragmas = []string{
	"_pragma=journal_mode(WAL)",
	"_pragma=busy_timeout(10000)",
	"_pragma=foreign_keys(1)",
	"_pragma=synchronous(NORMAL)",
	"_time_format=sqlite",
	"_txlock=immediate",
}

func openSQLite(dsn string) (*DB, error) {
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "sqlite:")
	path = strings.TrimPrefix(path, "file:")
	query := ""
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, query = path[:i], path[i+1:]
	}
	if path == "" || path == ":memory:" {
		// Each pooled connection would get its own private in-memory
		// database, so claims and reads would not see each other.
		return nil, errors.New("open database: in-memory SQLite is not supported (use a file path, e.g. sqlite:geo.db)")
	}
	params := strings.Join(sqlitePragmas, "&")
	if query != "" {
		params = query + "&" + params
	}
	// The driver reads a file: URI, so a '#' in the path would start a
	// fragment and silently name another file; '%' would start an escape.
	uriPath := strings.NewReplacer("%", "%25", "#", "%23").Replace(path)
	sqlDB, err := sql.Open("sqlite", "file:"+uriPath+"?"+params)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return &DB{DB: sqlDB, Dialect: SQLite}, nil
}

// checkSQLite fails when the driver silently ignored a setting, which
// SQLite drivers do for options they do not understand.
func checkSQLite(ctx context.Context, db *DB) error {
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("open database: read journal_mode: %w", err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("open database: journal_mode is %q, want wal", mode)
	}
	var fk int
	if err := db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
		return fmt.Errorf("open database: read foreign_keys: %w", err)
	}
	if fk != 1 {
		return errors.New("open database: foreign keys are off, want on")
	}
	return nil
}

// Redact hides the password in a database URL for logs and errors.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
