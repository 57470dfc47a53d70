package readtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/migrate"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
)

// BenchRows is how many model records, state rows and registry rows the
// benchmark fixture holds.
const BenchRows = 1_000_000

// Fixture is a PostgreSQL schema holding BenchRows records of one type in
// every table, main and tracking alike (the two migration sets keep
// separate version tables, so one schema holds both).
type Fixture struct {
	DB         *sqldb.DB
	Descriptor *replicable.Descriptor
}

var (
	fixtureOnce sync.Once
	fixture     *Fixture
	fixtureErr  error
	dropSchema  func()
)

// Bench returns the fixture, building it on first use; it skips the
// benchmark when no PostgreSQL URL is set.
func Bench(b *testing.B) *Fixture {
	b.Helper()
	if os.Getenv(geotest.PostgresURLEnv) == "" {
		b.Skipf("%s is not set: the read path benchmarks need PostgreSQL", geotest.PostgresURLEnv)
	}
	fixtureOnce.Do(func() { fixture, fixtureErr = build(context.Background()) })
	if fixtureErr != nil {
		b.Fatalf("build benchmark fixture: %v", fixtureErr)
	}
	return fixture
}

// Cleanup drops the fixture's schema; call it from TestMain after m.Run.
func Cleanup() {
	if dropSchema != nil {
		dropSchema()
	}
}

func build(ctx context.Context) (*Fixture, error) {
	base := os.Getenv(geotest.PostgresURLEnv)
	admin, err := sqldb.Open(ctx, base)
	if err != nil {
		return nil, err
	}
	defer admin.Close()
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	schema := "geobench_" + hex.EncodeToString(suffix)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		return nil, err
	}
	dropSchema = func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if a, err := sqldb.Open(ctx, base); err == nil {
			_, _ = a.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE")
			a.Close()
		}
	}
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := sqldb.Open(ctx, u.String())
	if err != nil {
		return nil, err
	}
	d := testtypes.CoolWidget()
	if err := migrate.Up(ctx, db, migrate.Main, testtypes.MainMigrations(d)); err != nil {
		return nil, err
	}
	if err := migrate.Up(ctx, db, migrate.Tracking, testtypes.TrackingMigrations(d)); err != nil {
		return nil, err
	}
	for _, stmt := range loadStatements(d) {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return nil, fmt.Errorf("load: %w\n%s", err, stmt)
		}
	}
	return &Fixture{DB: db, Descriptor: d}, nil
}

// loadStatements fill the tables with a realistic mix: 80% synced (of
// those 70% verified, 10% verification failed, 20% pending), 10% failed,
// 5% pending, 5% started.
func loadStatements(d *replicable.Descriptor) []string {
	const epoch = "timestamptz '2026-01-01 00:00:00+00'"
	return []string{
		fmt.Sprintf(`INSERT INTO %s (%s, name, created_at, updated_at)
SELECT g, 'record ' || g, %s + g * interval '1 second', %s + g * interval '1 second'
FROM generate_series(1, %d) AS g`, d.ModelTable, d.ModelKey, epoch, epoch, BenchRows),
		fmt.Sprintf(`INSERT INTO %s (%s, verification_state, verified_at)
SELECT g, CASE WHEN g %% 10 < 8 THEN 2 WHEN g %% 10 = 8 THEN 3 ELSE 0 END,
       CASE WHEN g %% 10 < 8 THEN %s + g * interval '1 second' END
FROM generate_series(1, %d) AS g`, d.StateTable, d.StateKeyColumn(), epoch, BenchRows),
		fmt.Sprintf(`INSERT INTO %s (%s, created_at, state, last_synced_at, verification_state, verified_at, retry_count, last_sync_failure)
SELECT g, %s,
       CASE WHEN g %% 20 < 16 THEN 2 WHEN g %% 20 < 18 THEN 3 WHEN g %% 20 = 18 THEN 0 ELSE 1 END,
       CASE WHEN g %% 20 <> 18 THEN %s + g * interval '1 second' END,
       CASE WHEN g %% 20 >= 16 THEN 0 WHEN g %% 10 < 7 THEN 2 WHEN g %% 10 = 7 THEN 3 ELSE 0 END,
       CASE WHEN g %% 20 < 16 AND g %% 10 < 7 THEN %s + g * interval '2 seconds' END,
       CASE WHEN g %% 20 IN (16, 17) THEN 1 ELSE 0 END,
       CASE WHEN g %% 20 IN (16, 17) THEN 'download failed' END
FROM generate_series(1, %d) AS g`, d.RegistryTable, d.ForeignKey, epoch, epoch, epoch, BenchRows),
		"ANALYZE " + d.ModelTable,
		"ANALYZE " + d.StateTable,
		"ANALYZE " + d.RegistryTable,
	}
}

// Explain logs and returns the plan of a statement, with now() standing in
// for its $1 (claim statements take the clock as $1; EXPLAIN plans an
// UPDATE without running it).
func Explain(b *testing.B, db *sqldb.DB, statement string) string {
	b.Helper()
	rows, err := db.QueryContext(context.Background(), "EXPLAIN "+strings.ReplaceAll(statement, "$1", "now()"))
	if err != nil {
		b.Fatalf("explain: %v", err)
	}
	defer rows.Close()
	var plan strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			b.Fatal(err)
		}
		plan.WriteString(line + "\n")
	}
	b.Logf("EXPLAIN %s\n%s", statement, plan.String())
	return plan.String()
}
