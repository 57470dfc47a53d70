package adminapi_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// seed inserts n CoolWidget registries cycling through the replication
// states, verification succeeded on every other synced one, and returns
// them in id order.
func seed(t *testing.T, e *geotest.Env, n int) []registry.Record {
	t.Helper()
	states := []state.Replication{state.Synced, state.Failed, state.Synced, state.Pending, state.Started}
	var out []registry.Record
	for i := range n {
		r := registry.Record{State: states[i%len(states)]}
		if r.State == state.Synced {
			at := e.Clock.Now().Add(-time.Duration(i) * time.Minute)
			r.LastSyncedAt = &at
			if i%2 == 0 {
				r.VerificationState, r.VerifiedAt = state.VerificationSucceeded, &at
			}
		}
		out = append(out, geotest.InsertRegistry(t, e, r))
	}
	return out
}

func ids(rs []registry.Record, keep func(registry.Record) bool) []string {
	d := testtypes.CoolWidget()
	var out []string
	for _, r := range rs {
		if keep == nil || keep(r) {
			out = append(out, geographql.GlobalID(d, r.ID))
		}
	}
	return out
}

func nodeIDs(conn any) []string {
	var out []string
	for _, n := range list(dig(conn, "nodes")) {
		out = append(out, fmt.Sprint(n["id"]))
	}
	return out
}

const pageQuery = `query($first: Int, $after: String, $state: ReplicationStateEnum) {
  geoNode { coolWidgetRegistries(first: $first, after: $after, replicationState: $state) {
    nodes { id state }
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    count
  } } }`

// TestGraphQLPagination walks every page over HTTP (POST and GET) and
// checks the pages add up to the whole list, in order, with cursors that
// are the same every time the page is read.
func TestGraphQLPagination(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		e := newEnv(t, dialect)
		s := newSite(t, e, false, nil)
		rows := seed(t, e, 11)
		for _, c := range []struct {
			name  string
			state any
			want  []string
		}{
			{"all", nil, ids(rows, nil)},
			{"synced only", "SYNCED", ids(rows, func(r registry.Record) bool { return r.State == state.Synced })},
		} {
			t.Run(c.name, func(t *testing.T) {
				var got, cursors []string
				after := any(nil)
				for page := 0; ; page++ {
					vars := map[string]any{"first": 3, "after": after, "state": c.state}
					res := s.graphql(t, adminToken, pageQuery, vars)
					if len(res.Errors) > 0 {
						t.Fatalf("page %d: %v", page, res.messages())
					}
					conn := dig(res.Data, "geoNode", "coolWidgetRegistries")
					again := s.graphqlGET(t, adminToken, pageQuery, vars)
					if diff := cmp.Diff(conn, dig(again.Data, "geoNode", "coolWidgetRegistries")); diff != "" {
						t.Fatalf("page %d read twice (POST, then GET) differs:\n%s", page, diff)
					}
					if n := dig(conn, "count"); n != float64(len(c.want)) {
						t.Errorf("page %d: count %v, want %d", page, n, len(c.want))
					}
					if prev := dig(conn, "pageInfo", "hasPreviousPage"); prev != (page > 0) {
						t.Errorf("page %d: hasPreviousPage %v", page, prev)
					}
					edges := list(dig(conn, "edges"))
					for i, id := range nodeIDs(conn) {
						if dig(edges[i], "node", "id") != id {
							t.Errorf("page %d: edge %d is %v, node is %s", page, i, dig(edges[i], "node", "id"), id)
						}
						cursors = append(cursors, fmt.Sprint(edges[i]["cursor"]))
					}
					got = append(got, nodeIDs(conn)...)
					if len(edges) > 0 && dig(conn, "pageInfo", "endCursor") != edges[len(edges)-1]["cursor"] {
						t.Errorf("page %d: endCursor is not the last edge's cursor", page)
					}
					if dig(conn, "pageInfo", "hasNextPage") != true {
						break
					}
					if page > len(c.want) {
						t.Fatal("pagination does not end")
					}
					after = dig(conn, "pageInfo", "endCursor")
				}
				if diff := cmp.Diff(c.want, got); diff != "" {
					t.Errorf("pages together (-want +got):\n%s", diff)
				}
				if hasDuplicates(cursors) {
					t.Errorf("cursors repeat: %v", cursors)
				}
			})
		}
	})
}

func hasDuplicates(s []string) bool {
	seen := map[string]bool{}
	for _, v := range s {
		if seen[v] {
			return true
		}
		seen[v] = true
	}
	return false
}

// TestGraphQLFiltersCombined applies ids, replication state, verification
// state and keyword together: the result is the intersection.
func TestGraphQLFiltersCombined(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		e := newEnv(t, dialect)
		s := newSite(t, e, false, nil)
		rows := seed(t, e, 10)
		if _, err := e.Main.Exec("UPDATE cool_widgets SET name = 'blue ' || name WHERE id IN ($1, $2, $3)",
			rows[0].ModelRecordID, rows[2].ModelRecordID, rows[3].ModelRecordID); err != nil {
			t.Fatal(err)
		}
		// Synced: rows 0, 2, 5 and 7, verified when even; blue: rows 0, 2 and 3.
		all := ids(rows, nil)
		cases := []struct {
			name string
			args string
			want []string
		}{
			{"keyword", `keyword: "blue"`, []string{all[0], all[2], all[3]}},
			{"keyword and replication state", `keyword: "blue", replicationState: SYNCED`, []string{all[0], all[2]}},
			{"ids, keyword and replication state", fmt.Sprintf(`ids: [%q, %q, %q], keyword: "blue", replicationState: SYNCED`, all[0], all[1], all[3]), []string{all[0]}},
			{"replication and verification state", `replicationState: SYNCED, verificationState: SUCCEEDED`,
				ids(rows, func(r registry.Record) bool {
					return r.State == state.Synced && r.VerificationState == state.VerificationSucceeded
				})},
			{"verification state pending and keyword", `verificationState: PENDING, keyword: "blue"`, nil},
			{"every filter, nothing matches", fmt.Sprintf(`ids: [%q], replicationState: FAILED, verificationState: SUCCEEDED, keyword: "blue"`, all[1]), nil},
			{"sort with filter", `replicationState: SYNCED, sort: ID_DESC, first: 2`, []string{all[7], all[5]}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				res := s.graphql(t, adminToken, fmt.Sprintf(`{ geoNode { coolWidgetRegistries(%s) { nodes { id } count } } }`, c.args), nil)
				if len(res.Errors) > 0 {
					t.Fatalf("errors: %v", res.messages())
				}
				conn := dig(res.Data, "geoNode", "coolWidgetRegistries")
				if diff := cmp.Diff(c.want, nodeIDs(conn)); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
				if n, _ := dig(conn, "count").(float64); !strings.Contains(c.args, "first") && int(n) != len(c.want) {
					t.Errorf("count %v, want %d", n, len(c.want))
				}
			})
		}
	})
}

// TestGraphQLErrors: whatever is wrong with a query is a GraphQL error in
// a 200 response, never a 5xx, and leaves no data for the failed field.
func TestGraphQLErrors(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		e := newEnv(t, dialect)
		s := newSite(t, e, false, func(c *adminapi.Config) {
			c.Limits = adminapi.Limits{MaxDepth: 4, MaxQueryLength: 600, MaxSelections: 12}
		})
		seed(t, e, 3)
		cases := []struct {
			name  string
			query string
			vars  map[string]any
			want  string // a substring of an error message
		}{
			{"unknown replication state", `{ geoNode { coolWidgetRegistries(replicationState: BOGUS) { count } } }`, nil, "BOGUS"},
			{"unknown verification state in a variable", `query($v: VerificationStateEnum) { geoNode { coolWidgetRegistries(verificationState: $v) { count } } }`,
				map[string]any{"v": "SOMETIMES"}, "SOMETIMES"},
			{"unknown sort", `{ geoNode { coolWidgetRegistries(sort: SIZE_ASC) { count } } }`, nil, "SIZE_ASC"},
			{"invalid cursor", `{ geoNode { coolWidgetRegistries(after: "not-a-cursor") { nodes { id } } } }`, nil, "invalid cursor"},
			{"cursor of another sort", `query($c: String) { geoNode { coolWidgetRegistries(after: $c, sort: LAST_SYNCED_AT_ASC) { nodes { id } } } }`,
				map[string]any{"c": "djE6aWQ6MQ"}, "invalid cursor"},
			// Page sizes out of range are cut to it, as GitLab's are
			// (geographql's TestPageSizesAsGitLab); both at once is an error.
			{"first and last", `{ geoNode { coolWidgetRegistries(first: 1, last: 1) { nodes { id } } } }`, nil, "Can only provide either `first` or `last`, not both"},
			{"count limit", `{ geoNode { coolWidgetRegistries { count(limit: 5000) } } }`, nil, "less than or equal to 1000"},
			{"unknown field", `{ geoNode { coolWidgetRegistries { nodes { size } } } }`, nil, "size"},
			{"syntax error", `{ geoNode { `, nil, "syntax error"},
			{"over the depth limit", `{ geoNode { coolWidgetRegistries { edges { node { id } } } } }`, nil, "depth"},
			{"over the length limit", `{ geoNode { name ` + strings.Repeat("url ", 200) + `} }`, nil, "query length"},
			{"over the selection limit", `{ geoNode { a1: name a2: name a3: name a4: name a5: name a6: name a7: name a8: name a9: name a10: name a11: name a12: name a13: name } }`, nil, "selections"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				res := s.graphql(t, adminToken, c.query, c.vars)
				msgs := strings.Join(res.messages(), "; ")
				if !strings.Contains(msgs, c.want) {
					t.Errorf("errors %q, want one containing %q", msgs, c.want)
				}
				if regs := dig(res.Data, "geoNode", "coolWidgetRegistries"); regs != nil {
					t.Errorf("the failed field still has data: %v", regs)
				}
			})
		}
	})
}

// TestGraphQLDepthLimit checks MaxDepth at its boundary.
func TestGraphQLDepthLimit(t *testing.T) {
	e := newEnv(t, sqldb.SQLite)
	s := newSite(t, e, false, func(c *adminapi.Config) { c.Limits.MaxDepth = 4 })
	fits := s.graphql(t, adminToken, `{ geoNode { coolWidgetRegistries { nodes { id } } } }`, nil)
	if len(fits.Errors) > 0 {
		t.Errorf("depth 4 with MaxDepth 4: %v", fits.messages())
	}
	tooDeep := s.graphql(t, adminToken, `{ geoNode { coolWidgetRegistries { edges { node { id } } } } }`, nil)
	if msgs := strings.Join(tooDeep.messages(), "; "); !strings.Contains(msgs, "depth") || tooDeep.Data != nil {
		t.Errorf("depth 5 with MaxDepth 4: errors %q, data %v; want a depth error and no data", msgs, tooDeep.Data)
	}
}

// TestGraphQLTransport covers what is wrong with the request rather than
// the query: 4xx statuses with a GraphQL error body.
func TestGraphQLTransport(t *testing.T) {
	e := newEnv(t, sqldb.SQLite)
	s := newSite(t, e, false, func(c *adminapi.Config) { c.Limits.MaxBodyBytes = 256 })
	target := s.url + adminapi.GraphQLPath
	cases := []struct {
		name, method, target, contentType, body string
		want                                    int
	}{
		{"PUT", http.MethodPut, target, "application/json", `{"query":"{ geoNode { name } }"}`, http.StatusMethodNotAllowed},
		{"not JSON", http.MethodPost, target, "application/json", `query=1`, http.StatusBadRequest},
		{"wrong content type", http.MethodPost, target, "text/plain", `{"query":"{ geoNode { name } }"}`, http.StatusUnsupportedMediaType},
		{"no query", http.MethodPost, target, "application/json", `{"variables":{}}`, http.StatusBadRequest},
		{"body too large", http.MethodPost, target, "application/json", `{"query":"` + strings.Repeat(" ", 300) + `{ geoNode { name } }"}`, http.StatusRequestEntityTooLarge},
		{"GET with bad variables", http.MethodGet, target + "?query=%7B%7D&variables=nope", "", "", http.StatusBadRequest},
		{"GET without query", http.MethodGet, target, "", "", http.StatusBadRequest},
		{"JSON with charset", http.MethodPost, target, "application/json; charset=utf-8", `{"query":"{ geoNode { name } }"}`, http.StatusOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, _, body := do(t, c.method, c.target, adminToken, c.contentType, []byte(c.body))
			if status != c.want {
				t.Fatalf("status %d, want %d (body %s)", status, c.want, body)
			}
			res := decodeGraphQL(t, body)
			if c.want != http.StatusOK && (len(res.Errors) != 1 || res.RawData != nil) {
				t.Errorf("body %s: want one GraphQL error and no data", body)
			}
		})
	}
}

// TestGraphQLBatchedRequests: a body that is an array of requests, as
// GitLab's frontend sends them (Apollo's BatchHttpLink) and GitLab's
// GraphqlController multiplexes them, gets the array of responses in
// order; an operation's error stays in its own response.
func TestGraphQLBatchedRequests(t *testing.T) {
	e := newEnv(t, sqldb.SQLite)
	s := newSite(t, e, false, nil)
	seed(t, e, 3)
	target := s.url + adminapi.GraphQLPath
	body := `[{"operationName":"a","query":"query a { geoNode { name } }","variables":{}},
		{"query":"query($n: Int) { geoNode { coolWidgetRegistries(first: $n) { count nodes { id } } } }","variables":{"n":2}},
		{"query":"{ geoNode { nope } }"}]`
	status, _, b := do(t, http.MethodPost, target, adminToken, "application/json", []byte(body))
	if status != http.StatusOK {
		t.Fatalf("status %d, want 200 (body %s)", status, b)
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(b, &raws); err != nil || len(raws) != 3 {
		t.Fatalf("want an array of 3 responses, got %s (%v)", b, err)
	}
	first, second, third := decodeGraphQL(t, raws[0]), decodeGraphQL(t, raws[1]), decodeGraphQL(t, raws[2])
	if dig(first.Data, "geoNode", "name") != "secondary-1" || len(first.Errors) > 0 {
		t.Errorf("first response %s", raws[0])
	}
	if dig(second.Data, "geoNode", "coolWidgetRegistries", "count") != float64(3) || len(list(dig(second.Data, "geoNode", "coolWidgetRegistries", "nodes"))) != 2 {
		t.Errorf("second response %s", raws[1])
	}
	if len(third.Errors) != 1 || !strings.Contains(third.Errors[0].Message, "nope") {
		t.Errorf("third response %s, want its own validation error", raws[2])
	}

	for _, c := range []struct{ name, body string }{
		{"empty batch", `[]`},
		{"operation without query", `[{"query":"{ geoNode { name } }"},{"variables":{}}]`},
		{"too many", "[" + strings.TrimSuffix(strings.Repeat(`{"query":"{ geoNode { name } }"},`, 51), ",") + "]"},
	} {
		status, _, b := do(t, http.MethodPost, target, adminToken, "application/json", []byte(c.body))
		if res := decodeGraphQL(t, b); status != http.StatusBadRequest || len(res.Errors) != 1 {
			t.Errorf("%s: status %d body %s, want 400 and one error", c.name, status, b)
		}
	}
}

// TestGraphQLVariablesAsAString: variables sent as a string holding a
// JSON object are read, as GitLab's GraphqlController reads them (a
// String is parsed into a Hash; "" and null are no variables), in a
// single request and in a batch; a string or value that is not an object
// is refused.
func TestGraphQLVariablesAsAString(t *testing.T) {
	e := newEnv(t, sqldb.SQLite)
	s := newSite(t, e, false, nil)
	seed(t, e, 3)
	target := s.url + adminapi.GraphQLPath
	const query = `"query($n: Int) { geoNode { coolWidgetRegistries(first: $n) { nodes { id } } } }"`
	cases := []struct {
		name, variables string
		nodes           int // first: $n; without variables, the whole list
	}{
		{"object", `{"n":2}`, 2},
		{"string holding an object", `"{\"n\":2}"`, 2},
		{"string holding a string holding an object", `"\"{\\\"n\\\":1}\""`, 1},
		{"empty string", `""`, 3},
		{"blank string", `"  "`, 3},
		{"string holding null", `"null"`, 3},
		{"null", `null`, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			one := `{"query":` + query + `,"variables":` + c.variables + `}`
			for _, body := range []string{one, "[" + one + "," + one + "]"} {
				status, _, b := do(t, http.MethodPost, target, adminToken, "application/json", []byte(body))
				if status != http.StatusOK {
					t.Fatalf("body %s: status %d, want 200 (response %s)", body, status, b)
				}
				var raws []json.RawMessage
				if body[0] != '[' {
					raws = []json.RawMessage{b}
				} else if err := json.Unmarshal(b, &raws); err != nil || len(raws) != 2 {
					t.Fatalf("body %s: want an array of 2 responses, got %s (%v)", body, b, err)
				}
				for _, raw := range raws {
					res := decodeGraphQL(t, raw)
					if got := len(list(dig(res.Data, "geoNode", "coolWidgetRegistries", "nodes"))); got != c.nodes || len(res.Errors) > 0 {
						t.Errorf("body %s: %d nodes (errors %v), want %d", body, got, res.messages(), c.nodes)
					}
				}
			}
		})
	}
	for _, bad := range []string{`"nope"`, `"[1]"`, `"\"nope\""`, `"2"`, `2`, `[{"n":2}]`} {
		one := `{"query":` + query + `,"variables":` + bad + `}`
		for _, body := range []string{one, "[" + one + "]"} {
			status, _, b := do(t, http.MethodPost, target, adminToken, "application/json", []byte(body))
			if res := decodeGraphQL(t, b); status != http.StatusBadRequest || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "variables") {
				t.Errorf("body %s: status %d, response %s; want 400 and one error about the variables", body, status, b)
			}
		}
	}
}

// TestGraphQLGeoNode: the current node is this site; introspection works.
func TestGraphQLGeoNode(t *testing.T) {
	e := newEnv(t, sqldb.SQLite)
	s := newSite(t, e, false, func(c *adminapi.Config) {
		c.OtherNodes = []geographql.Node{{Name: "primary", URL: primaryURL, Primary: true, Enabled: true}}
	})
	seed(t, e, 2)
	res := s.graphql(t, adminToken, `{ current: geoNode { name url primary coolWidgetRegistries { count } }
		other: geoNode(name: "primary") { name primary coolWidgetRegistries { count } }
		__type(name: "CoolWidgetRegistry") { name } }`, nil)
	want := map[string]any{
		"current": map[string]any{"name": "secondary-1", "url": secondURL, "primary": false, "coolWidgetRegistries": map[string]any{"count": float64(2)}},
		"other":   map[string]any{"name": "primary", "primary": true, "coolWidgetRegistries": map[string]any{"count": float64(0)}},
		"__type":  map[string]any{"name": "CoolWidgetRegistry"},
	}
	if diff := cmp.Diff(want, res.Data); diff != "" || len(res.Errors) > 0 {
		t.Errorf("errors %v; (-want +got):\n%s", res.messages(), diff)
	}
}

// TestGeoNodeIDIsTheSiteNumber: GeoNode.id is gid://gitlab/GeoNode/<n>,
// n the site's geo_node_id in the REST status API, as GitLab writes a
// GeoNode's GlobalID with its database id; an unnumbered site is 1 on a
// primary and 2 on a secondary in both APIs.
func TestGeoNodeIDIsTheSiteNumber(t *testing.T) {
	e := newEnv(t, sqldb.SQLite)
	for _, tc := range []struct {
		name    string
		primary bool
		id      int64
		want    string
	}{
		{"numbered secondary", false, 7, "gid://gitlab/GeoNode/7"},
		{"unnumbered secondary", false, 0, "gid://gitlab/GeoNode/2"},
		{"unnumbered primary", true, 0, "gid://gitlab/GeoNode/1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t, e, tc.primary, func(c *adminapi.Config) {
				c.Site.ID = tc.id
				c.GlobalIDApp = "gitlab"
				c.OtherNodes = []geographql.Node{{ID: 5, Name: "other", Enabled: true}}
			})
			s.refresh(t)
			res := s.graphql(t, adminToken, `{ current: geoNode { id } other: geoNode(name: "other") { id } }`, nil)
			want := map[string]any{"current": map[string]any{"id": tc.want}, "other": map[string]any{"id": "gid://gitlab/GeoNode/5"}}
			if diff := cmp.Diff(want, res.Data); diff != "" || len(res.Errors) > 0 {
				t.Errorf("errors %v; (-want +got):\n%s", res.messages(), diff)
			}
			// The REST list of sites has this site first.
			code, _, b := do(t, http.MethodGet, s.url+adminapi.SitesStatusPath, adminToken, "", nil)
			var all []map[string]any
			if err := json.Unmarshal(b, &all); code != http.StatusOK || err != nil || len(all) == 0 {
				t.Fatalf("GET %s: status %d, %s (%v)", adminapi.SitesStatusPath, code, b, err)
			}
			if got := fmt.Sprintf("gid://gitlab/GeoNode/%v", all[0]["geo_node_id"]); got != tc.want {
				t.Errorf("REST geo_node_id %v, GraphQL id %s: they name different sites", all[0]["geo_node_id"], tc.want)
			}
		})
	}
}

// GeoNode shows the site's own configuration: the URL other sites use,
// its capacities and its reverification interval (the verification
// default when the site leaves it unset).
func TestGeoNodeShowsTheSiteConfiguration(t *testing.T) {
	e := newEnv(t, sqldb.SQLite)
	const query = `{ geoNode { name url internalUrl primary enabled filesMaxCapacity reposMaxCapacity verificationMaxCapacity minimumReverificationInterval } }`
	for _, tc := range []struct {
		name string
		site adminapi.Site
		want map[string]any
	}{
		{"configured", adminapi.Site{Name: "secondary-1", URL: secondURL, InternalURL: "http://10.0.0.2:8080/",
			SyncCapacity: 25, VerificationCapacity: 7, ReverifyInterval: 30 * 24 * time.Hour},
			map[string]any{"name": "secondary-1", "url": secondURL, "internalUrl": "http://10.0.0.2:8080/", "primary": false, "enabled": true,
				"filesMaxCapacity": 25.0, "reposMaxCapacity": 25.0, "verificationMaxCapacity": 7.0, "minimumReverificationInterval": 30.0}},
		{"defaults", adminapi.Site{Name: "secondary-1", URL: secondURL},
			map[string]any{"name": "secondary-1", "url": secondURL, "internalUrl": secondURL, "primary": false, "enabled": true,
				"filesMaxCapacity": 0.0, "reposMaxCapacity": 0.0, "verificationMaxCapacity": 0.0, "minimumReverificationInterval": 90.0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t, e, false, func(c *adminapi.Config) { c.Site = tc.site })
			res := s.graphql(t, adminToken, query, nil)
			if len(res.Errors) > 0 {
				t.Fatalf("errors: %v", res.messages())
			}
			if diff := cmp.Diff(tc.want, res.Data["geoNode"]); diff != "" {
				t.Errorf("geoNode (-want +got):\n%s", diff)
			}
		})
	}
}

// TestGeoNodeHasGitLabsSiteSettings: GeoNode has GitLab's fields for the
// settings a site does not have (container repositories, selective sync,
// object storage), with GitLab's types, answered as GitLab answers for a
// site that syncs everything: GitLab's default container capacity, no
// selective sync type, no shards, no namespaces. A secondary replicates
// blobs in object storage, a primary syncs nothing.
func TestGeoNodeHasGitLabsSiteSettings(t *testing.T) {
	e := newEnv(t, sqldb.SQLite)
	const query = `{ geoNode { containerRepositoriesMaxCapacity syncObjectStorage selectiveSyncType selectiveSyncShards
		selectiveSyncNamespaces(first: 20) { nodes { id fullPath name } edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }
		__type(name: "GeoNode") { fields { name type { kind name ofType { kind name } } } } }`
	wantTypes := map[string]string{
		"containerRepositoriesMaxCapacity": "Int", "syncObjectStorage": "Boolean", "selectiveSyncType": "String",
		"selectiveSyncShards": "LIST of String", "selectiveSyncNamespaces": "NamespaceConnection",
	}
	for _, primary := range []bool{false, true} {
		s := newSite(t, e, primary, nil)
		res := s.graphql(t, adminToken, query, nil)
		if len(res.Errors) > 0 {
			t.Fatalf("primary %v: errors %v", primary, res.messages())
		}
		want := map[string]any{"containerRepositoriesMaxCapacity": 10.0, "syncObjectStorage": !primary, "selectiveSyncType": nil,
			"selectiveSyncShards": []any{},
			"selectiveSyncNamespaces": map[string]any{"nodes": []any{}, "edges": []any{},
				"pageInfo": map[string]any{"hasNextPage": false, "endCursor": nil}}}
		got := maps.Clone(res.Data["geoNode"].(map[string]any))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("primary %v: geoNode (-want +got):\n%s", primary, diff)
		}
		types := map[string]string{}
		for _, f := range dig(res.Data, "__type", "fields").([]any) {
			f := f.(map[string]any)
			typ := f["type"].(map[string]any)
			if typ["kind"] == "LIST" {
				types[f["name"].(string)] = "LIST of " + fmt.Sprint(typ["ofType"].(map[string]any)["name"])
			} else if typ["kind"] != "NON_NULL" {
				types[f["name"].(string)] = fmt.Sprint(typ["name"])
			}
		}
		for name, typ := range wantTypes {
			if types[name] != typ {
				t.Errorf("GeoNode.%s is %q, want GitLab's nullable %s", name, types[name], typ)
			}
		}
	}
}

// TestEverySiteServesTheSameSchema: a primary, given the same bindings,
// serves the secondary's schema; its registries fields answer empty
// connections, and its mutations say registries are a secondary's.
func TestEverySiteServesTheSameSchema(t *testing.T) {
	e := newEnv(t, sqldb.SQLite)
	seed(t, e, 3)
	primary := newSite(t, e, true, nil)
	secondary := newSite(t, e, false, nil)
	const introspection = `{ __schema { types { name kind fields { name args { name type { name ofType { name ofType { name } } } } } inputFields { name } enumValues { name } } } }`
	p, s := primary.graphql(t, adminToken, introspection, nil), secondary.graphql(t, adminToken, introspection, nil)
	if len(p.Errors)+len(s.Errors) > 0 {
		t.Fatalf("introspection: %v %v", p.messages(), s.messages())
	}
	if diff := cmp.Diff(s.Data, p.Data); diff != "" {
		t.Errorf("the primary's schema differs from the secondary's (-secondary +primary):\n%s", diff)
	}
	r := primary.graphql(t, adminToken, `{ geoNode { primary coolWidgetRegistries { count nodes { id } } gizmoRegistries { count } } }`, nil)
	want := map[string]any{"geoNode": map[string]any{"primary": true,
		"coolWidgetRegistries": map[string]any{"count": float64(0), "nodes": []any{}},
		"gizmoRegistries":      map[string]any{"count": float64(0)}}}
	if diff := cmp.Diff(want, r.Data); diff != "" || len(r.Errors) > 0 {
		t.Errorf("a primary's registries: errors %v (-want +got):\n%s", r.messages(), diff)
	}
	r = primary.graphql(t, adminToken, `mutation { geoRegistriesUpdate(input: {registryId: "gid://gitlab/Geo::CoolWidgetRegistry/1", action: RESYNC}) { errors } }`, nil)
	if msgs := fmt.Sprint(dig(r.Data, "geoRegistriesUpdate", "errors")); len(r.Errors) > 0 || !strings.Contains(msgs, "not tracked on this site") {
		t.Errorf("a primary's geoRegistriesUpdate: %v %v", r.Data, r.messages())
	}
}

// TestUpdateMutationReturnsTheRegistry: over HTTP, with GitLab's GlobalIDs,
// geoRegistriesUpdate answers the registry it resynced through the
// Registrable union, in its type's member only.
func TestUpdateMutationReturnsTheRegistry(t *testing.T) {
	e := newEnv(t, sqldb.SQLite)
	rows := seed(t, e, 2) // 0 synced, 1 failed
	s := newSite(t, e, false, func(c *adminapi.Config) { c.GlobalIDApp = "gitlab" })
	id := "gid://gitlab/Geo::CoolWidgetRegistry/" + strconv.FormatInt(rows[1].ID, 10)
	r := s.graphql(t, adminToken, `mutation($id: GeoBaseRegistryID!) { geoRegistriesUpdate(input: {registryId: $id, action: RESYNC}) {
		errors registry { __typename ... on CoolWidgetRegistry { id state } ... on GizmoRegistry { id gizmoId } } } }`, map[string]any{"id": id})
	want := map[string]any{"errors": []any{}, "registry": map[string]any{"__typename": "CoolWidgetRegistry", "id": id, "state": "PENDING"}}
	if diff := cmp.Diff(want, dig(r.Data, "geoRegistriesUpdate")); len(r.Errors) > 0 || diff != "" {
		t.Errorf("geoRegistriesUpdate: %v (-want +got):\n%s", r.messages(), diff)
	}
	if got := registryOf(t, e, rows[1].ID); got.State != state.Pending {
		t.Errorf("registry after the resync: %s, want pending", got.State)
	}
}
