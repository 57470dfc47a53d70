package adminapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"

	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/internal/testregistrable"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
)

func TestMain(m *testing.M) {
	code := m.Run()
	readtest.Cleanup()
	os.Exit(code)
}

const (
	adminToken = "admin-token-0123456789"
	userToken  = "user-token-0123456789"
	primaryURL = "https://primary.example/"
	secondURL  = "https://secondary.example/"
)

// tokens knows one administrator and one ordinary user.
var tokens = adminapi.StaticTokens{
	{Token: adminToken, Viewer: finder.Viewer{Admin: true}},
	{Token: userToken, Viewer: finder.Viewer{Admin: false}},
}

// site is one admin API under test, served by httptest.
type site struct {
	jobs   *bulkjob.Jobs
	env    *geotest.Env
	types  []*replicable.Descriptor
	flags  *flags.Memory
	server *adminapi.Server
	url    string
}

// newEnv migrates both databases for CoolWidget (the type under test) and
// Gizmo.
func newEnv(t *testing.T, dialect sqldb.Dialect) *geotest.Env {
	return geotest.NewEnv(t, dialect, readtest.Config(testtypes.CoolWidget(), testtypes.Gizmo()))
}

// newSite serves the admin API of a secondary (or, with primary, the
// primary) over e's databases, with every type's replication on; edit
// changes the config before New.
func newSite(t *testing.T, e *geotest.Env, primary bool, edit func(*adminapi.Config)) *site {
	t.Helper()
	cw := e.Config.Descriptor
	types := []*replicable.Descriptor{cw, testtypes.Gizmo()}
	src := flags.NewMemory(cw.ReplicationFlag, types[1].ReplicationFlag)
	set, err := replicable.NewSet(types...)
	if err != nil {
		t.Fatal(err)
	}
	role, jobsDB := flags.Secondary, e.Tracking
	if primary {
		role, jobsDB = flags.Primary, e.Main
	}
	cfg := adminapi.Config{
		Site:  adminapi.Site{Name: "secondary-1", URL: secondURL, Primary: primary},
		Jobs:  bulkjob.New(jobsDB, set, src, role, e.Clock, bulkjob.Options{}),
		Auth:  tokens,
		Types: types, Flags: src, Main: e.Main,
		Clock:  e.Clock,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	// Both sites get the same bindings, as a project's generated list
	// serves every site.
	for _, d := range types {
		cfg.GraphQL = append(cfg.GraphQL, geographql.TypeBinding{Descriptor: d, Finder: finder.New(e.Tracking, e.Main, d, src)})
	}
	cfg.GraphQL = geographql.BindUnion[testregistrable.Registrable](cfg.GraphQL...)
	if primary {
		cfg.Site = adminapi.Site{Name: "primary", URL: primaryURL, Primary: true}
	} else {
		cfg.Tracking = e.Tracking
	}
	if edit != nil {
		edit(&cfg)
	}
	s, err := adminapi.New(cfg)
	if err != nil {
		t.Fatalf("adminapi.New: %v", err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return &site{jobs: cfg.Jobs, env: e, types: types, flags: src, server: s, url: ts.URL}
}

// gqlResponse is a GraphQL response as a client decodes it; RawData tells
// a missing "data" from "data": null.
type gqlResponse struct {
	Errors []struct {
		Message string `json:"message"`
	} `json:"errors"`
	RawData json.RawMessage `json:"data"`
	Data    map[string]any  `json:"-"`
}

func (r gqlResponse) messages() []string {
	var out []string
	for _, e := range r.Errors {
		out = append(out, e.Message)
	}
	return out
}

// do sends a request with an optional bearer token and returns the status,
// headers and body.
func do(t *testing.T, method, target, token, contentType string, body []byte) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, target, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// graphql POSTs a query as the given token and decodes the response; a
// status other than 200 fails the test.
func (s *site) graphql(t *testing.T, token, query string, vars map[string]any) gqlResponse {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	status, _, b := do(t, http.MethodPost, s.url+adminapi.GraphQLPath, token, "application/json", body)
	if status != http.StatusOK {
		t.Fatalf("POST %s: status %d, body %s", adminapi.GraphQLPath, status, b)
	}
	return decodeGraphQL(t, b)
}

// graphqlGET sends a query with GET.
func (s *site) graphqlGET(t *testing.T, token, query string, vars map[string]any) gqlResponse {
	t.Helper()
	v := url.Values{"query": {query}}
	if vars != nil {
		b, _ := json.Marshal(vars)
		v.Set("variables", string(b))
	}
	status, _, b := do(t, http.MethodGet, s.url+adminapi.GraphQLPath+"?"+v.Encode(), token, "", nil)
	if status != http.StatusOK {
		t.Fatalf("GET %s: status %d, body %s", adminapi.GraphQLPath, status, b)
	}
	return decodeGraphQL(t, b)
}

func decodeGraphQL(t *testing.T, b []byte) gqlResponse {
	t.Helper()
	var r gqlResponse
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("response is not GraphQL JSON: %v\n%s", err, b)
	}
	if len(r.RawData) > 0 && string(r.RawData) != "null" {
		if err := json.Unmarshal(r.RawData, &r.Data); err != nil {
			t.Fatalf("data is not an object: %v\n%s", err, b)
		}
	}
	return r
}

// refresh takes a snapshot now.
func (s *site) refresh(t *testing.T) {
	t.Helper()
	if err := s.server.Refresh(context.Background()); err != nil {
		t.Fatalf("Refresh: %v", err)
	}
}

// status fetches the status document as the admin.
func (s *site) status(t *testing.T) map[string]any {
	t.Helper()
	code, _, b := do(t, http.MethodGet, s.url+adminapi.StatusPath, adminToken, "", nil)
	if code != http.StatusOK {
		t.Fatalf("GET %s: status %d, body %s", adminapi.StatusPath, code, b)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("status is not a JSON object: %v\n%s", err, b)
	}
	return doc
}

// dig walks nested objects by key; nil when a step is missing.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func list(v any) []map[string]any {
	items, _ := v.([]any)
	out := make([]map[string]any, 0, len(items))
	for _, it := range items {
		m, _ := it.(map[string]any)
		out = append(out, m)
	}
	return out
}
