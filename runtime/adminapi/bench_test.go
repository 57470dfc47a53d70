package adminapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/internal/testregistrable"
	"github.com/geogen/geogen/runtime/metrics"
	"github.com/geogen/geogen/runtime/replicable"
)

// benchServer is a secondary's admin API over the million-row fixture
// (its one schema is both the main and the tracking database).
func benchServer(b *testing.B, types []*replicable.Descriptor) (*adminapi.Server, *readtest.Fixture) {
	b.Helper()
	fx := readtest.Bench(b)
	d := fx.Descriptor
	src := flags.NewMemory(d.ReplicationFlag)
	s, err := adminapi.New(adminapi.Config{
		Site:     adminapi.Site{Name: "secondary-1", URL: secondURL},
		Auth:     adminapi.AdminToken(adminToken),
		GraphQL:  geographql.BindUnion[testregistrable.Registrable](geographql.TypeBinding{Descriptor: d, Finder: finder.New(fx.DB, fx.DB, d, src)}),
		Types:    types,
		Flags:    src,
		Main:     fx.DB,
		Tracking: fx.DB,
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		b.Fatal(err)
	}
	return s, fx
}

// serve runs one request through the handler, in process: the time is the
// server's, without a network.
func serve(b *testing.B, h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("%s %s: status %d: %s", req.Method, req.URL, rec.Code, rec.Body.String())
	}
	return rec
}

func graphQLRequest(b *testing.B, query string, vars map[string]any) *http.Request {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, adminapi.GraphQLPath, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+adminToken)
	return req
}

const benchPageQuery = `query($after: String, $state: ReplicationStateEnum, $verification: VerificationStateEnum) {
  geoNode { coolWidgetRegistries(first: 50, after: $after, replicationState: $state, verificationState: $verification) {
    nodes { id coolWidgetId state retryCount lastSyncFailure retryAt lastSyncedAt verifiedAt verificationRetryAt
            createdAt verificationState verificationChecksum verificationFailure verificationRetryCount }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  } } }`

// BenchmarkGraphQLPage serves a page of 50 registries with a state filter
// over the handler, on a million registry rows (goal: 20 ms or less).
func BenchmarkGraphQLPage(b *testing.B) {
	s, _ := benchServer(b, nil)
	h := s.Handler()
	// The cursor of the registry half way through the table, to page from
	// the middle as well as from the start.
	midCursor := pageCursorAt(b, h, readtest.BenchRows/2)
	cases := []struct {
		name string
		vars map[string]any
	}{
		{"replicationState=FAILED/first", map[string]any{"state": "FAILED"}},
		{"replicationState=FAILED/after-mid", map[string]any{"state": "FAILED", "after": midCursor}},
		{"replicationState=SYNCED,verificationState=FAILED/first", map[string]any{"state": "SYNCED", "verification": "FAILED"}},
		{"replicationState=PENDING/after-mid", map[string]any{"state": "PENDING", "after": midCursor}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			body, _ := json.Marshal(map[string]any{"query": benchPageQuery, "variables": c.vars})
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, adminapi.GraphQLPath, strings.NewReader(string(body)))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+adminToken)
				rec := serve(b, h, req)
				if !strings.Contains(rec.Body.String(), `"endCursor":"`) || strings.Contains(rec.Body.String(), `"errors"`) {
					b.Fatalf("not a full page: %s", rec.Body.String()[:min(300, rec.Body.Len())])
				}
			}
		})
	}
}

// pageCursorAt returns the cursor of registry id (id order).
func pageCursorAt(b *testing.B, h http.Handler, id int) string {
	rec := serve(b, h, graphQLRequest(b, fmt.Sprintf(`{ geoNode { coolWidgetRegistries(ids: ["gid://geogen/Geo::CoolWidgetRegistry/%d"]) { edges { cursor } } } }`, id), nil))
	var resp struct {
		Data struct {
			GeoNode struct {
				R struct {
					Edges []struct{ Cursor string } `json:"edges"`
				} `json:"coolWidgetRegistries"`
			} `json:"geoNode"`
		} `json:"data"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || len(resp.Data.GeoNode.R.Edges) != 1 {
		b.Fatalf("cursor of registry %d: %v %s", id, err, rec.Body.String())
	}
	return resp.Data.GeoNode.R.Edges[0].Cursor
}

// BenchmarkMetricsScrape serves /metrics with ten types' gauges (goal: 50
// ms or less). The figures are the fixture's, counted once; a scrape
// reads the snapshot only.
func BenchmarkMetricsScrape(b *testing.B) {
	fx := readtest.Bench(b)
	status, err := metrics.ComputeSecondary(context.Background(), fx.DB, fx.Descriptor, flags.NewMemory(fx.Descriptor.ReplicationFlag))
	if err != nil {
		b.Fatal(err)
	}
	var types []*replicable.Descriptor
	var statuses []metrics.Status
	for i := range 10 {
		// Ten distinct types as a project would have them (a valid set);
		// only their names differ, and only the snapshot is read.
		d := *fx.Descriptor
		suffix := fmt.Sprintf("_%d", i)
		d.Name, d.Plural = d.Name+suffix, d.Plural+suffix
		d.RegistryTable, d.StateTable = d.RegistryTable+suffix, d.StateTable+suffix
		d.ReplicationFlag, d.VerificationFlag = d.ReplicationFlag+suffix, d.VerificationFlag+suffix
		d.GraphQLType, d.GraphQLField = fmt.Sprintf("%s%d", d.GraphQLType, i), fmt.Sprintf("%s%d", d.GraphQLField, i)
		types = append(types, &d)
		st := status
		st.Descriptor = &d
		statuses = append(statuses, st)
	}
	s, _ := benchServer(b, types)
	s.Collector().Update(secondURL, statuses)
	h := s.Handler()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, adminapi.MetricsPath, nil)
		req.Header.Set("Authorization", "Bearer "+adminToken)
		rec := serve(b, h, req)
		if n := strings.Count(rec.Body.String(), "\ngeo_"); n != 70 {
			b.Fatalf("%d geo_ samples, want 70 (ten types, seven secondary gauges each)", n)
		}
	}
}

// BenchmarkSnapshot takes the status snapshot of one type on a million
// registry rows: counts, and the oldest unsynced time walked in batches of
// 1000 unsynced foreign keys. It runs once a minute, off the request path.
func BenchmarkSnapshot(b *testing.B) {
	fx := readtest.Bench(b)
	s, _ := benchServer(b, []*replicable.Descriptor{fx.Descriptor})
	for b.Loop() {
		if err := s.Refresh(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	snap, _ := s.Snapshot()
	b.Logf("oldest unsynced time %d, registry count %d", *snap.Types[0].OldestUnsyncedTime, *snap.Types[0].RegistryCount)
}

// BenchmarkRegistriesUpdate serves GitLab's Resync button, one
// geoRegistriesUpdate mutation, over the handler on a million registry rows
// (goal: 5 ms or less): as GitLab's page asks it (errors only), and with
// the registry it returns through the Registrable union. It cycles over
// the last thousand registries, so the other benchmarks' pages are not
// moved.
func BenchmarkRegistriesUpdate(b *testing.B) {
	s, _ := benchServer(b, nil)
	h := s.Handler()
	for _, c := range []struct{ name, selection, want string }{
		{"errors", "errors", `{"data":{"geoRegistriesUpdate":{"errors":[]}}}`},
		{"registry", "errors registry { ... on CoolWidgetRegistry { id state } }", `"registry":{"id":"gid://`},
	} {
		b.Run(c.name, func(b *testing.B) {
			mutation := `mutation($id: GeoBaseRegistryID!) {
  geoRegistriesUpdate(input: { action: RESYNC, registryId: $id, registryClass: COOL_WIDGET_REGISTRY }) { ` + c.selection + ` }
}`
			i := 0
			for b.Loop() {
				id := readtest.BenchRows - i%1000
				i++
				rec := serve(b, h, graphQLRequest(b, mutation, map[string]any{"id": fmt.Sprintf("gid://gitlab/Geo::CoolWidgetRegistry/%d", id)}))
				if body := rec.Body.String(); !strings.Contains(body, c.want) || strings.Contains(body, `"errors":[{`) {
					b.Fatalf("registry %d: %s", id, body)
				}
			}
		})
	}
}
