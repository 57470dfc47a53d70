package adminapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// graphqlJSEnv makes the graphql-js check mandatory: CI sets it after
// `npm ci` in testdata/graphqljs, so a missing node or package fails the
// build instead of skipping the check.
const graphqlJSEnv = "GEOGEN_TEST_GRAPHQLJS"

const graphqlJSDir = "testdata/graphqljs"

// TestGraphQLJSClient runs testdata/graphqljs/check.mjs against the API:
// graphql-js builds a client schema from introspection and runs the
// replication details view's queries over HTTP.
func TestGraphQLJSClient(t *testing.T) {
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(graphqlJSDir, "node_modules", "graphql", "package.json"))
	}
	if err != nil {
		if os.Getenv(graphqlJSEnv) == "1" {
			t.Fatalf("%s=1 but the graphql-js check cannot run: %v (install Node.js and run `npm ci` in runtime/adminapi/%s)", graphqlJSEnv, err, graphqlJSDir)
		}
		t.Skipf("graphql-js check not run: %v (set %s=1 to make this a failure; run `npm ci` in %s)", err, graphqlJSEnv, graphqlJSDir)
	}
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		e := newEnv(t, dialect)
		s := newSite(t, e, false, nil)
		rows := seed(t, e, 7) // synced: 0, 2, 5 (verified: 0, 2); failed: 1, 6
		if _, err := e.Main.Exec("UPDATE cool_widgets SET name = 'blue ' || name WHERE id IN ($1, $2)",
			rows[0].ModelRecordID, rows[1].ModelRecordID); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(node, "check.mjs")
		cmd.Dir = graphqlJSDir
		cmd.Env = append(os.Environ(), "GEOGEN_GRAPHQL_URL="+s.url+"/api/graphql", "GEOGEN_GRAPHQL_TOKEN="+adminToken)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("node check.mjs: %v\n%s%s", err, stderr.String(), stdout.String())
		}
		var report map[string]any
		if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
			t.Fatalf("check.mjs report is not JSON: %v\n%s", err, stdout.String())
		}
		// graphql-go v1.11 has no __Directive.isRepeatable, __Schema.description
		// or __Type.isOneOf: clients must not ask for them (graphql-js does
		// not by default).
		gaps := []any{"directiveIsRepeatable", "schemaDescription", "oneOf"}
		if diff := cmp.Diff(gaps, report["introspectionGaps"]); diff != "" {
			t.Errorf("optional introspection parts the server does not answer (-want +got):\n%s", diff)
		}
		want := map[string]any{
			"coolWidgetRegistries": map[string]any{"total": float64(7), "pagesOf2": float64(7), "counts": map[string]any{
				`{"replicationState":"SYNCED"}`:                                                  float64(3),
				`{"replicationState":"FAILED"}`:                                                  float64(2),
				`{"verificationState":"SUCCEEDED"}`:                                              float64(2),
				`{"replicationState":"SYNCED","verificationState":"SUCCEEDED","keyword":"blue"}`: float64(1),
			}},
			"gizmoRegistries": map[string]any{"total": float64(0), "pagesOf2": float64(0), "counts": map[string]any{
				`{"replicationState":"SYNCED"}`:                                                  float64(0),
				`{"replicationState":"FAILED"}`:                                                  float64(0),
				`{"verificationState":"SUCCEEDED"}`:                                              float64(0),
				`{"replicationState":"SYNCED","verificationState":"SUCCEEDED","keyword":"blue"}`: float64(0),
			}},
		}
		if diff := cmp.Diff(want, report["fields"]); diff != "" {
			t.Errorf("graphql-js report (-want +got):\n%s", diff)
		}

		// GitLab's own documents: the list page lists the seven, the
		// details page finds the first, its Resync button and "Resync all
		// failed" succeed, and they did what they say.
		var ids []any
		for _, r := range rows {
			ids = append(ids, geographql.GlobalID(testtypes.CoolWidget(), r.ID))
		}
		wantGitLab := map[string]any{
			"coolWidgetRegistries": map[string]any{
				"listCount": float64(7), "listIds": ids, "itemIds": ids[:1],
				"resyncErrors": []any{}, "resyncAllFailedErrors": []any{},
			},
			"gizmoRegistries": map[string]any{"listCount": float64(0), "listIds": []any{}},
		}
		if diff := cmp.Diff(wantGitLab, report["gitlabDocuments"]); diff != "" {
			t.Errorf("GitLab's documents (-want +got):\n%s", diff)
		}
		if r := registryOf(t, e, rows[0].ID); r.State != state.Pending {
			t.Errorf("after GitLab's Resync of registry %d: %s, want pending", rows[0].ID, r.State)
		}
		jobs, err := s.jobs.List(context.Background())
		if err != nil || len(jobs) != 1 || jobs[0].Spec.ReplicationState == nil || *jobs[0].Spec.ReplicationState != state.Failed {
			t.Errorf("after GitLab's Resync all failed: jobs %+v, %v; want one job over the failed registries", jobs, err)
		}
	})
}

// registryOf reads a CoolWidget registry row by its id.
func registryOf(t *testing.T, e *geotest.Env, id int64) registry.Record {
	t.Helper()
	r, err := registry.NewStore(e.Tracking, testtypes.CoolWidget(), e.Clock).GetByID(context.Background(), id)
	if err != nil {
		t.Fatalf("registry %d: %v", id, err)
	}
	return r
}
