package verification_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
	"github.com/geogen/geogen/runtime/verification"
)

// TestVerificationOnModelScope checks a type verified on its model table
// with a scope: the records out of scope are never claimed nor counted,
// backfill adds nothing and removes no model row, and the records in scope
// are verified on the model table itself.
func TestVerificationOnModelScope(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		d := testtypes.PipelineArtifact()
		d.Scope = "name <> 'skip'"
		e := geotest.NewEnv(t, dialect, readtest.Config(d))
		in := e.CreateRecord(t)
		out, err := testtypes.CreateRecord(ctx, e.Main, d, "skip", e.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		v := verification.NewPrimary(e.Main, d, e.Clock)
		if n, err := v.Backfill(ctx, 100); err != nil || n != 0 {
			t.Errorf("Backfill = %d, %v; want 0 rows and no error", n, err)
		}
		var models int
		if err := e.Main.QueryRowContext(ctx, "SELECT count(*) FROM pipeline_artifacts").Scan(&models); err != nil || models != 2 {
			t.Fatalf("model rows after backfill: %d, %v; want both kept", models, err)
		}
		if n, err := v.NeedsVerificationCount(ctx); err != nil || n != 1 {
			t.Errorf("NeedsVerificationCount = %d, %v; want 1 (the record in scope)", n, err)
		}
		claimed, err := v.ClaimBatch(ctx, 10)
		if err != nil || len(claimed) != 1 || claimed[0].Key != in {
			t.Fatalf("ClaimBatch = %+v, %v; want only record %d", claimed, err, in)
		}
		if err := v.Succeeded(ctx, in, []byte{7}); err != nil {
			t.Fatal(err)
		}
		var st int16
		var sum []byte
		if err := e.Main.QueryRowContext(ctx, "SELECT verification_state, verification_checksum FROM pipeline_artifacts WHERE id = $1", in).Scan(&st, &sum); err != nil {
			t.Fatal(err)
		}
		if state.Verification(st) != state.VerificationSucceeded || string(sum) != "\x07" {
			t.Errorf("model row after success: state %d, checksum %x; want succeeded, 07", st, sum)
		}
		if it, err := v.Get(ctx, out); err != nil || it.State != state.VerificationPending {
			t.Errorf("record out of scope: %+v, %v; want untouched, pending", it, err)
		}
		if err := verification.CheckColumns(ctx, e.Main, d); err != nil {
			t.Errorf("CheckColumns on the model table: %v", err)
		}
	})
}

// TestCheckColumns checks that a state table lacking verification columns
// is reported with every missing column and the fix, and that one which
// is not there at all says so.
func TestCheckColumns(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		d := testtypes.MergeRequestDiff()
		e := geotest.NewEnv(t, dialect, readtest.Config(d))
		if err := verification.CheckColumns(ctx, e.Main, d); err != nil {
			t.Fatalf("adopted state table after its migration: %v", err)
		}
		if _, err := e.Main.ExecContext(ctx, "CREATE TABLE legacy_details (merge_request_diff_id BIGINT PRIMARY KEY, verification_checksum "+
			map[sqldb.Dialect]string{sqldb.Postgres: "bytea", sqldb.SQLite: "BLOB"}[dialect]+", verified_at TIMESTAMP)"); err != nil {
			t.Fatal(err)
		}
		legacy := *d
		legacy.StateTable = "legacy_details"
		err := verification.CheckColumns(ctx, e.Main, &legacy)
		want := "merge_request_diff: legacy_details lacks the columns verification_started_at, verification_retry_at, verification_state, verification_retry_count, verification_failure that verification needs (add them with a migration of your own"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckColumns of a partial table: %v\nwant %q", err, want)
		}
		legacy.StateTable = "nowhere_details"
		if err := verification.CheckColumns(ctx, e.Main, &legacy); err == nil || !strings.Contains(err.Error(), "nowhere_details does not exist") {
			t.Errorf("CheckColumns of a missing table: %v", err)
		}

		// Every column, but the key column unique or not, by each of the
		// ways a table can make it so.
		bytea := map[sqldb.Dialect]string{sqldb.Postgres: "bytea", sqldb.SQLite: "BLOB"}[dialect]
		columns := "verification_started_at TIMESTAMP, verification_retry_at TIMESTAMP, verified_at TIMESTAMP, verification_state SMALLINT NOT NULL DEFAULT 0, " +
			"verification_retry_count SMALLINT NOT NULL DEFAULT 0, verification_checksum " + bytea + ", verification_failure TEXT"
		for i, c := range []struct {
			name, create string
			unique       bool
		}{
			{"primary key", "CREATE TABLE %s (merge_request_diff_id BIGINT PRIMARY KEY, " + columns + ")", true},
			{"integer primary key", "CREATE TABLE %s (merge_request_diff_id INTEGER PRIMARY KEY, " + columns + ")", true},
			{"unique constraint", "CREATE TABLE %s (id BIGINT PRIMARY KEY, merge_request_diff_id BIGINT UNIQUE, " + columns + ")", true},
			{"unique index", "CREATE TABLE %s (merge_request_diff_id BIGINT, " + columns + "); CREATE UNIQUE INDEX %[1]s_key ON %[1]s (merge_request_diff_id)", true},
			{"no key", "CREATE TABLE %s (merge_request_diff_id BIGINT, " + columns + ")", false},
			{"plain index", "CREATE TABLE %s (merge_request_diff_id BIGINT, " + columns + "); CREATE INDEX %[1]s_key ON %[1]s (merge_request_diff_id)", false},
			{"partial unique index", "CREATE TABLE %s (merge_request_diff_id BIGINT, " + columns + "); CREATE UNIQUE INDEX %[1]s_key ON %[1]s (merge_request_diff_id) WHERE verified_at IS NULL", false},
			{"key of two columns", "CREATE TABLE %s (merge_request_diff_id BIGINT, other BIGINT, " + columns + ", PRIMARY KEY (merge_request_diff_id, other))", false},
		} {
			table := fmt.Sprintf("keyed_details_%d", i)
			for _, stmt := range strings.Split(fmt.Sprintf(c.create, table), "; ") {
				if _, err := e.Main.ExecContext(ctx, stmt); err != nil {
					t.Fatalf("%s: %s: %v", c.name, stmt, err)
				}
			}
			legacy.StateTable = table
			err := verification.CheckColumns(ctx, e.Main, &legacy)
			if c.unique && err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			if !c.unique && (err == nil || !strings.Contains(err.Error(), "has no primary key or unique index on merge_request_diff_id alone")) {
				t.Errorf("%s: %v, want the key refused", c.name, err)
			}
		}
	})
}
