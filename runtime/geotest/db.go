package geotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/sqldb"
)

// PostgresURLEnv names the environment variable holding a PostgreSQL URL.
// When it is set, every suite and store test runs on PostgreSQL as well as
// on SQLite, each test in a schema of its own. When it is set but the
// server does not answer, tests fail: a silent skip would let CI pass
// without ever touching PostgreSQL.
const PostgresURLEnv = "GEOGEN_TEST_POSTGRES_URL"

// Dialects returns the engines tests run on: SQLite always, PostgreSQL when
// PostgresURLEnv is set.
func Dialects() []sqldb.Dialect {
	if os.Getenv(PostgresURLEnv) != "" {
		return []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres}
	}
	return []sqldb.Dialect{sqldb.SQLite}
}

// EachDialect runs f as one subtest per engine, named "sqlite" and
// "postgres".
func EachDialect(t *testing.T, f func(t *testing.T, dialect sqldb.Dialect)) {
	t.Helper()
	for _, d := range Dialects() {
		t.Run(d.String(), func(t *testing.T) { f(t, d) })
	}
}

// NewDB returns a new, empty database of the dialect that lives as long as
// the test: a SQLite file in the test's temporary directory, or a fresh
// PostgreSQL schema that is dropped at the end.
func NewDB(tb testing.TB, dialect sqldb.Dialect) *sqldb.DB {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	switch dialect {
	case sqldb.SQLite:
		db, err := sqldb.Open(ctx, "sqlite:"+filepath.Join(tb.TempDir(), "geo.db"))
		if err != nil {
			tb.Fatalf("open SQLite: %v", err)
		}
		tb.Cleanup(func() { db.Close() })
		return db
	case sqldb.Postgres:
		return newPostgresSchema(ctx, tb)
	}
	tb.Fatalf("unknown dialect %v", dialect)
	return nil
}

func newPostgresSchema(ctx context.Context, tb testing.TB) *sqldb.DB {
	tb.Helper()
	base := os.Getenv(PostgresURLEnv)
	if base == "" {
		tb.Fatalf("%s is not set: cannot run a PostgreSQL test", PostgresURLEnv)
	}
	admin, err := sqldb.Open(ctx, base)
	if err != nil {
		tb.Fatalf("%s is set but PostgreSQL does not answer: %v (start the server or unset the variable)", PostgresURLEnv, err)
	}
	defer admin.Close()
	schema := "geotest_" + randomHex(8)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	db, err := sqldb.Open(ctx, withSearchPath(base, schema))
	if err != nil {
		tb.Fatalf("open PostgreSQL schema %s: %v", schema, err)
	}
	tb.Cleanup(func() {
		db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin, err := sqldb.Open(ctx, base)
		if err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return db
}

// withSearchPath adds a search_path run-time parameter to a PostgreSQL URL,
// so every pooled connection works inside the test's schema.
func withSearchPath(base, schema string) string {
	u, err := url.Parse(base)
	if err != nil {
		sep := "?"
		if strings.Contains(base, "?") {
			sep = "&"
		}
		return base + sep + "search_path=" + schema
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
