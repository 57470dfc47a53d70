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
	"github.com/geogen/geogen/generator/naming"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/sqldb"
)

// adoptedNames is a type whose names follow tables, flags and a GraphQL
// schema made before it: GitLab's group wikis, whose model table is keyed
// by group_id, with a shorter flag and an abbreviated state primary key.
func adoptedNames() *manifest.Manifest {
	m := manifest.New("example.com/wikis")
	m.Replicables = []manifest.Replicable{{
		Name: "GroupWikiRepository", Strategy: manifest.Repository, MigrationVersion: 20261122010203,
		SchemaRevision: manifest.SchemaRevision,
		ModelKey:       "group_id", ReplicationFlag: "geo_group_wiki_replication", VerificationFlag: "geo_group_wiki_verification",
		GraphQLType: "GroupWikiRegistry", GraphQLField: "groupWikiRegistries",
		IndexNames: map[string]string{"state_pkey": "g_wiki_states_pkey", "registry_fk": "index_g_wiki_repository_registry_on_group_wiki_repository_id"},
	}, {
		Name: "Upload", Strategy: manifest.Blob, MigrationVersion: 20261122010205, SchemaRevision: manifest.SchemaRevision,
		RegistryTable: "file_registry", ForeignKey: "file_id", StateKey: "upload_id",
	}, {
		Name: "ProjectWikiRepository", Strategy: manifest.Repository, MigrationVersion: 20261122010207, SchemaRevision: manifest.SchemaRevision,
		ForeignKey: "project_id", ModelKey: "project_id",
		SecondKey: "project_wiki_repository_id", SecondKeySource: "id", SecondKeyUnique: true,
	}}
	return m
}

// TestAdoptedNames checks that the model key, flag, GraphQL and index
// names given in the manifest reach every file that uses them, and that
// the migrations built with them apply and hold together on both
// databases: a state row references the model by group_id.
func TestAdoptedNames(t *testing.T) {
	m := adoptedNames()
	files, err := generator.Generate(m, artifacts.All())
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string][]byte{}
	for _, f := range files {
		byPath[f.Path] = f.Content
	}
	for _, c := range []struct{ path, want string }{
		{"internal/geo/groupwikirepository/descriptor.go", `ModelKey:         "group_id"`},
		{"internal/geo/groupwikirepository/descriptor.go", `ReplicationFlag:  "geo_group_wiki_replication"`},
		{"internal/geo/groupwikirepository/descriptor.go", `GraphQLType:      "GroupWikiRegistry"`},
		{"internal/geo/groupwikirepository/descriptor.go", `GraphQLField:     "groupWikiRegistries"`},
		{"config/feature_flags/geo_group_wiki_replication.yml", "name: geo_group_wiki_replication"},
		{"config/feature_flags/geo_group_wiki_verification.yml", "name: geo_group_wiki_verification"},
		{"migrations/main/postgres/20261122010203_create_group_wiki_repositories.sql", "CONSTRAINT group_wiki_repositories_pkey PRIMARY KEY (group_id)"},
		{"migrations/main/postgres/20261122010204_create_group_wiki_repository_states.sql", "REFERENCES group_wiki_repositories(group_id)"},
		{"migrations/main/postgres/20261122010204_create_group_wiki_repository_states.sql", "CONSTRAINT g_wiki_states_pkey PRIMARY KEY"},
		{"migrations/tracking/postgres/20261122010203_create_group_wiki_repository_registry.sql", "CREATE UNIQUE INDEX index_g_wiki_repository_registry_on_group_wiki_repository_id"},
		{"internal/geo/upload/descriptor.go", `StateKey:         "upload_id"`},
		{"internal/geo/upload/descriptor.go", `ForeignKey:       "file_id"`},
		{"migrations/main/sqlite/20261122010206_create_upload_states.sql", "PRIMARY KEY (upload_id)"},
		{"migrations/tracking/sqlite/20261122010205_create_file_registry.sql", "file_id BIGINT NOT NULL"},
		{"internal/geo/projectwikirepository/descriptor.go", `SecondKey:        "project_wiki_repository_id"`},
		{"internal/geo/projectwikirepository/descriptor.go", `SecondKeySource:  "id"`},
		{"migrations/tracking/postgres/20261122010207_create_project_wiki_repository_registry.sql", "    last_sync_failure text,\n    project_wiki_repository_id bigint,\n"},
		{"migrations/tracking/postgres/20261122010207_create_project_wiki_repository_registry.sql", "CREATE UNIQUE INDEX " + naming.Identifier("index_project_wiki_repository_registry_on_project_wiki_repository_id") + " ON project_wiki_repository_registry USING btree (project_wiki_repository_id);"},
		{"migrations/tracking/sqlite/20261122010207_create_project_wiki_repository_registry.sql", "    project_wiki_repository_id BIGINT,\n"},
		{"migrations/main/postgres/20261122010207_create_project_wiki_repositories.sql", "    id bigint,\n"},
		{"migrations/main/sqlite/20261122010207_create_project_wiki_repositories.sql", "    id BIGINT,\n"},
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
		if strings.Contains(p, "geo_group_wiki_repository_") {
			t.Errorf("%s: the derived flag name is still used", p)
		}
		if strings.HasSuffix(p, "groupwikirepository/descriptor.go") && bytes.Contains(b, []byte("StateKey")) {
			t.Errorf("%s: names a StateKey, though the state table's key is the foreign key", p)
		}
		if strings.HasSuffix(p, "_file_registry.sql") && bytes.Contains(b, []byte("second key")) {
			t.Errorf("%s: has a second key, though the type has none", p)
		}
	}

	dialects := []sqldb.Dialect{sqldb.SQLite}
	if os.Getenv(geotest.PostgresURLEnv) != "" {
		dialects = append(dialects, sqldb.Postgres)
	}
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			db := geotest.NewDB(t, d)
			migrateTo(t, db, m)
			ctx := context.Background()
			for _, q := range []string{
				`INSERT INTO group_wiki_repositories (group_id, name, created_at, updated_at) VALUES (7, 'w', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
				`INSERT INTO group_wiki_repository_states (group_wiki_repository_id) VALUES (7)`,
				`INSERT INTO uploads (id, name, created_at, updated_at) VALUES (8, 'u', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
				`INSERT INTO upload_states (upload_id) VALUES (8)`,
				`INSERT INTO file_registry (file_id, created_at) VALUES (8, CURRENT_TIMESTAMP)`,
				`INSERT INTO project_wiki_repositories (project_id, id, name, created_at, updated_at) VALUES (9, 90, 'p', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
				`INSERT INTO project_wiki_repository_states (project_id) VALUES (9)`,
				`INSERT INTO project_wiki_repository_registry (project_id, created_at, project_wiki_repository_id) VALUES (9, CURRENT_TIMESTAMP, 90)`,
				`INSERT INTO project_wiki_repository_registry (project_id, created_at) VALUES (10, CURRENT_TIMESTAMP)`,
				`INSERT INTO project_wiki_repository_registry (project_id, created_at) VALUES (11, CURRENT_TIMESTAMP)`,
			} {
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			// The second key's index is unique (NULLs aside, as above).
			q := `INSERT INTO project_wiki_repository_registry (project_id, created_at, project_wiki_repository_id) VALUES (12, CURRENT_TIMESTAMP, 90)`
			if _, err := db.ExecContext(ctx, q); err == nil {
				t.Errorf("a second registry row with project_wiki_repository_id 90 was accepted")
			}
		})
	}
}
