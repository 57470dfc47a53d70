// Package testtypes provides two replicable types for the runtime's own
// tests, with the schema geogen would generate for them: CoolWidget (blob)
// and Gizmo (repository).
package testtypes

import (
	"context"
	"fmt"
	"io/fs"
	"testing/fstest"
	"time"

	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/templates"
)

// CoolWidget returns the blob test type.
func CoolWidget() *replicable.Descriptor {
	return describe("cool_widget", "cool_widgets", "Cool Widget", "CoolWidget", "coolWidget", replicable.Blob)
}

// Gizmo returns the repository test type.
func Gizmo() *replicable.Descriptor {
	return describe("gizmo", "gizmos", "Gizmo", "Gizmo", "gizmo", replicable.Repository)
}

// Upload returns a blob test type whose state table is keyed by another
// column than its registry, as GitLab's upload_states (upload_id) and
// file_registry (file_id) are.
func Upload() *replicable.Descriptor {
	d := describe("upload", "uploads", "Upload", "Upload", "upload", replicable.Blob)
	d.RegistryTable, d.ForeignKey, d.StateKey, d.GraphQLFKField = "file_registry", "file_id", "upload_id", "fileId"
	return d
}

// ProjectRepository returns a repository test type whose registry keeps
// a second key, as GitLab's project_repository_registry keeps
// project_repository_id beside project_id: its model table is keyed by
// project_id, and the registry copies the model's id column.
func ProjectRepository() *replicable.Descriptor {
	d := describe("project_repository", "project_repositories", "Project Repository", "ProjectRepository", "projectRepository", replicable.Repository)
	d.ModelKey, d.ForeignKey, d.GraphQLFKField = "project_id", "project_id", "projectId"
	d.SecondKey, d.SecondKeySource = "project_repository_id", "id"
	return d
}

// MergeRequestDiff returns a blob test type whose state table existed
// before the type, as GitLab's merge_request_diff_details did: its main
// migrations create the table with only some verification columns on
// PostgreSQL (all of them on SQLite, which cannot add a column only if it
// is missing), and the type's migration adopts it.
func MergeRequestDiff() *replicable.Descriptor {
	d := describe("merge_request_diff", "merge_request_diffs", "Merge Request Diff", "MergeRequestDiff", "mergeRequestDiff", replicable.Blob)
	d.StateTable = "merge_request_diff_details"
	return d
}

// PipelineArtifact returns a blob test type that keeps its verification
// columns on its model table, as GitLab's ci_pipeline_artifacts does.
func PipelineArtifact() *replicable.Descriptor {
	d := describe("pipeline_artifact", "pipeline_artifacts", "Pipeline Artifact", "PipelineArtifact", "pipelineArtifact", replicable.Blob)
	d.StateTable, d.StateKey, d.VerificationOnModel = d.ModelTable, d.ModelKey, true
	return d
}

// adoptedStateTables are the test types whose state table exists before
// their own migrations, with the migration that made it, by dialect.
var adoptedStateTables = map[string]map[string]string{
	"merge_request_diff": {
		"postgres": `-- +goose Up
CREATE TABLE merge_request_diff_details (
    merge_request_diff_id bigint NOT NULL,
    verification_checksum bytea,
    verification_state smallint DEFAULT 0 NOT NULL,
    CONSTRAINT merge_request_diff_details_pkey PRIMARY KEY (merge_request_diff_id),
    CONSTRAINT fk_merge_request_diff_details_diff FOREIGN KEY (merge_request_diff_id) REFERENCES merge_request_diffs(id) ON DELETE CASCADE
);
CREATE INDEX index_merge_request_diff_details_on_verification_state ON merge_request_diff_details USING btree (verification_state);
`,
		"sqlite": `-- +goose Up
CREATE TABLE merge_request_diff_details (
    merge_request_diff_id BIGINT NOT NULL PRIMARY KEY REFERENCES merge_request_diffs(id) ON DELETE CASCADE,
    verification_checksum BLOB,
    verification_state SMALLINT NOT NULL DEFAULT 0,
    verified_at DATETIME,
    verification_started_at DATETIME,
    verification_retry_at DATETIME,
    verification_retry_count SMALLINT NOT NULL DEFAULT 0,
    verification_failure TEXT
);
CREATE INDEX index_merge_request_diff_details_on_verification_state ON merge_request_diff_details (verification_state);
`,
	},
}

// stateKind is the template of a type's state table migration: the
// verification columns added to a table that exists, or a new table.
func stateKind(d *replicable.Descriptor) string {
	if _, adopted := adoptedStateTables[d.Name]; adopted || d.VerificationOnModel {
		return templates.Verification
	}
	return templates.StateTable
}

func describe(name, plural, title, camel, lowerCamel string, strategy replicable.Strategy) *replicable.Descriptor {
	return &replicable.Descriptor{
		Name:             name,
		Plural:           plural,
		Title:            title,
		TitlePlural:      title + "s",
		Strategy:         strategy,
		ModelTable:       plural,
		ModelKey:         "id",
		ModelUpdatedAt:   "updated_at",
		SearchColumns:    []string{"name"},
		RegistryTable:    name + "_registry",
		ForeignKey:       name + "_id",
		StateTable:       name + "_states",
		ReplicationFlag:  "geo_" + name + "_replication",
		VerificationFlag: "geo_" + name + "_verification",
		GraphQLType:      camel + "Registry",
		GraphQLField:     lowerCamel + "Registries",
		GraphQLFKField:   lowerCamel + "Id",
	}
}

// Migration returns the template data for a descriptor, with index names
// in geogen's default pattern (the test types' names are short enough that
// none needs shortening).
func Migration(d *replicable.Descriptor) templates.Migration {
	r, s := d.RegistryTable, d.StateTable
	return templates.Migration{
		Type: d.Title, Strategy: string(d.Strategy),
		ModelTable: d.ModelTable, ModelKey: d.ModelKey, ModelPkey: d.ModelTable + "_pkey",
		ModelIDSeq: d.ModelTable + "_id_seq", ModelSearch: "name",
		RegistryTable: r, ForeignKey: d.ForeignKey,
		RegistryPkey: r + "_pkey", RegistryIDSeq: r + "_id_seq",
		RegistryFKIndex:                  "index_" + r + "_on_" + d.ForeignKey,
		RegistryRetryAtIndex:             "index_" + r + "_on_retry_at",
		RegistryStateIndex:               "index_" + r + "_on_state",
		RegistryFailedVerification:       r + "_failed_verification",
		RegistryNeedsVerification:        r + "_needs_verification",
		RegistryPendingVerification:      r + "_pending_verification",
		RegistryPendingSync:              r + "_pending_sync",
		RegistryNeedsSyncAgain:           r + "_needs_sync_again",
		RegistryLastSyncFailureCheck:     "check_" + r + "_last_sync_failure",
		RegistryVerificationFailureCheck: "check_" + r + "_verification_failure",
		StateTable:                       s,
		StateKey:                         d.StateKeyColumn(),
		StatePkey:                        s + "_pkey",
		StateFKConstraint:                "fk_" + s + "_" + d.StateKeyColumn(),
		StateVerificationState:           "index_" + s + "_on_verification_state",
		StatePendingVerification:         "index_" + s + "_pending_verification",
		StateFailedVerification:          "index_" + s + "_failed_verification",
		StateNeedsVerification:           "index_" + s + "_needs_verification",
		StateVerificationFailureCheck:    "check_" + s + "_verification_failure",
		VerificationOnModel:              d.VerificationOnModel,
		SecondKey:                        d.SecondKey,
		SecondKeySource:                  d.SecondKeySource,
		RegistrySecondKeyIndex:           secondKeyIndex(r, d.SecondKey),
		ModelSecondKey:                   modelSecondKey(d),
	}
}

func secondKeyIndex(registry, key string) string {
	if key == "" {
		return ""
	}
	return "index_" + registry + "_on_" + key
}

func modelSecondKey(d *replicable.Descriptor) string {
	if d.SecondKeySource == d.ModelKey {
		return ""
	}
	return d.SecondKeySource
}

// MainMigrations renders the model and state table migrations of the
// types; an adopted state table is created first by a migration of its
// own, as it was before its type existed.
func MainMigrations(descs ...*replicable.Descriptor) fs.FS {
	out := render(descs, func(i int, d *replicable.Descriptor) []kindVersion {
		base := int64(20260102000000 + i*10)
		switch stateKind(d) {
		case templates.Verification:
			return []kindVersion{{templates.ModelTable, base, "create_"}, {templates.Verification, base + 2, "add_verification_to_"}}
		}
		return []kindVersion{{templates.ModelTable, base, "create_"}, {templates.StateTable, base + 1, "create_"}}
	})
	for i, d := range descs {
		for dialect, sql := range adoptedStateTables[d.Name] {
			out[fmt.Sprintf("%s/%d_create_%s.sql", dialect, int64(20260102000000+i*10+1), d.StateTable)] = &fstest.MapFile{Data: []byte(sql)}
		}
	}
	return out
}

// TrackingMigrations renders the registry migrations of the types.
func TrackingMigrations(descs ...*replicable.Descriptor) fs.FS {
	return render(descs, func(i int, _ *replicable.Descriptor) []kindVersion {
		return []kindVersion{{templates.RegistryTable, int64(20260102000000 + i*10), "create_"}}
	})
}

type kindVersion struct {
	kind    string
	version int64
	prefix  string
}

func render(descs []*replicable.Descriptor, plan func(i int, d *replicable.Descriptor) []kindVersion) fstest.MapFS {
	out := fstest.MapFS{}
	for i, d := range descs {
		m := Migration(d)
		for _, kv := range plan(i, d) {
			table := map[string]string{templates.ModelTable: d.ModelTable, templates.StateTable: d.StateTable,
				templates.Verification: d.StateTable, templates.RegistryTable: d.RegistryTable}[kv.kind]
			for _, dialect := range templates.Dialects {
				data, err := templates.Render(kv.kind, dialect, m)
				if err != nil {
					panic(err)
				}
				out[fmt.Sprintf("%s/%d_%s%s.sql", dialect, kv.version, kv.prefix, table)] = &fstest.MapFile{Data: data}
			}
		}
	}
	return out
}

// CreateRecord inserts a model record and returns its id.
func CreateRecord(ctx context.Context, db sqldb.Querier, d *replicable.Descriptor, name string, now time.Time) (int64, error) {
	var id int64
	err := db.QueryRowContext(ctx,
		"INSERT INTO "+d.ModelTable+" (name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING "+d.ModelKey,
		name, now.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("create %s record: %w", d.Name, err)
	}
	return id, nil
}
