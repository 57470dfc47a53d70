package artifacts_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/artifacts"
	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/verification"
)

// verificationTables is a project of two types whose verification
// columns are not in a table geogen creates: one adopts a state table
// that exists already, one keeps them on its model table.
func verificationTables() *manifest.Manifest {
	m := manifest.New("example.com/legacy")
	m.Replicables = []manifest.Replicable{{
		Name: "MergeRequestDiff", Strategy: manifest.Blob, MigrationVersion: 20261122010203, SchemaRevision: manifest.SchemaRevision,
		StateTable: "merge_request_diff_details", AdoptStateTable: true,
	}, {
		Name: "PipelineArtifact", Strategy: manifest.Blob, MigrationVersion: 20261122010205, SchemaRevision: manifest.SchemaRevision,
		VerificationOnModel: true,
	}}
	return m
}

// TestVerificationTables checks what geogen writes for an adopted state
// table and for verification on the model table (no CREATE TABLE of a
// state table; a migration adding the verification columns and indexes;
// a descriptor saying where they are), and that the migrations apply on
// both databases over a state table made before, whose rows they keep.
func TestVerificationTables(t *testing.T) {
	m := verificationTables()
	files, err := generator.Generate(m, artifacts.All())
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string][]byte{}
	for _, f := range files {
		byPath[f.Path] = f.Content
	}
	for _, c := range []struct{ path, want string }{
		{"migrations/main/postgres/20261122010204_add_verification_to_merge_request_diff_details.sql", "ALTER TABLE merge_request_diff_details\n    ADD COLUMN IF NOT EXISTS verification_started_at"},
		{"migrations/main/postgres/20261122010204_add_verification_to_merge_request_diff_details.sql", "CREATE INDEX IF NOT EXISTS index_merge_request_diff_details_on_verification_state"},
		{"migrations/main/sqlite/20261122010204_add_verification_to_merge_request_diff_details.sql", "CREATE INDEX IF NOT EXISTS index_merge_request_diff_details_pending_verification"},
		{"migrations/main/postgres/20261122010206_add_verification_to_pipeline_artifacts.sql", "    ADD COLUMN IF NOT EXISTS verification_state smallint DEFAULT 0 NOT NULL,\n"},
		{"migrations/main/sqlite/20261122010206_add_verification_to_pipeline_artifacts.sql", "ALTER TABLE pipeline_artifacts ADD COLUMN verification_state SMALLINT NOT NULL DEFAULT 0;"},
		{"internal/geo/pipelineartifact/descriptor.go", `StateTable:          "pipeline_artifacts"`},
		{"internal/geo/pipelineartifact/descriptor.go", `StateKey:            "id"`},
		{"internal/geo/pipelineartifact/descriptor.go", "VerificationOnModel: true"},
		{"internal/geo/mergerequestdiff/descriptor.go", `StateTable:       "merge_request_diff_details"`},
		{"docs/geo/dictionary/merge_request_diff_details.yml", "introduced_by: migrations/main/postgres/20261122010204_add_verification_to_merge_request_diff_details.sql"},
	} {
		got, ok := byPath[c.path]
		if !ok {
			t.Errorf("%s: not generated", c.path)
			continue
		}
		if !bytes.Contains(got, []byte(c.want)) {
			t.Errorf("%s does not contain %q", c.path, c.want)
		}
	}
	for p, b := range byPath {
		if strings.Contains(p, "create_merge_request_diff_details") || bytes.Contains(b, []byte("CREATE TABLE merge_request_diff_details")) {
			t.Errorf("%s creates the adopted state table", p)
		}
		if strings.Contains(p, "pipeline_artifact_states") || bytes.Contains(b, []byte("pipeline_artifact_states")) {
			t.Errorf("%s names a state table of the type verified on its model table", p)
		}
		if strings.HasSuffix(p, "mergerequestdiff/descriptor.go") && bytes.Contains(b, []byte("VerificationOnModel")) {
			t.Errorf("%s: verification on the model table, for a type with a state table", p)
		}
	}
	if c := byPath["internal/geo/pipelineartifact/conformance_test.go"]; bytes.Contains(c, []byte("ModelWithSeparateVerificationState")) {
		t.Errorf("the type verified on its model table runs the state table's suite")
	}
	if c := byPath["internal/geo/mergerequestdiff/conformance_test.go"]; !bytes.Contains(c, []byte("ModelWithSeparateVerificationState")) {
		t.Errorf("the type with an adopted state table does not run the state table's suite")
	}

	dialects := []sqldb.Dialect{sqldb.SQLite}
	if os.Getenv(geotest.PostgresURLEnv) != "" {
		dialects = append(dialects, sqldb.Postgres)
	}
	// The state table as it was before the type: on PostgreSQL with two
	// of the verification columns, on SQLite (which cannot add a column
	// only if it is missing) with all of them.
	legacy := map[sqldb.Dialect]string{
		sqldb.Postgres: `CREATE TABLE merge_request_diff_details (merge_request_diff_id bigint PRIMARY KEY, verification_checksum bytea, verified_at timestamp with time zone)`,
		sqldb.SQLite: `CREATE TABLE merge_request_diff_details (merge_request_diff_id BIGINT PRIMARY KEY, verification_checksum BLOB, verified_at DATETIME,
			verification_started_at DATETIME, verification_retry_at DATETIME, verification_state SMALLINT NOT NULL DEFAULT 0,
			verification_retry_count SMALLINT NOT NULL DEFAULT 0, verification_failure TEXT)`,
	}
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			db := geotest.NewDB(t, d)
			ctx := context.Background()
			if _, err := db.ExecContext(ctx, legacy[d]); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, `INSERT INTO merge_request_diff_details (merge_request_diff_id, verification_checksum) VALUES (5, $1)`, []byte{0x0a, 0x0b}); err != nil {
				t.Fatal(err)
			}
			migrateTo(t, db, m)
			for _, desc := range []*replicable.Descriptor{
				{Name: "merge_request_diff", StateTable: "merge_request_diff_details", ForeignKey: "merge_request_diff_id"},
				{Name: "pipeline_artifact", StateTable: "pipeline_artifacts", StateKey: "id", ForeignKey: "pipeline_artifact_id"},
			} {
				if err := verification.CheckColumns(ctx, db, desc); err != nil {
					t.Errorf("after the migrations: %v", err)
				}
			}
			var sum []byte
			var st int
			if err := db.QueryRowContext(ctx, "SELECT verification_checksum, verification_state FROM merge_request_diff_details WHERE merge_request_diff_id = 5").Scan(&sum, &st); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(sum, []byte{0x0a, 0x0b}) || st != 0 {
				t.Errorf("the adopted table's row: checksum %x, state %d; want 0a0b kept, state pending", sum, st)
			}
			if _, err := db.ExecContext(ctx, `INSERT INTO pipeline_artifacts (name, created_at, updated_at) VALUES ('a', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`); err != nil {
				t.Fatal(err)
			}
			if err := db.QueryRowContext(ctx, "SELECT verification_state FROM pipeline_artifacts").Scan(&st); err != nil || st != 0 {
				t.Errorf("a new model row's verification state: %d, %v; want pending", st, err)
			}
		})
	}
}
