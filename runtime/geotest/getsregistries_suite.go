package geotest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// GetsRegistriesFor is the conformance suite 'gets registries for': a
// request for geoNode { <type>Registries { nodes { every field } } }
// returns each registry's values in their GraphQL forms (global id, the
// foreign key as an ID, upper-case states, ISO 8601 times in whole seconds
// as GitLab writes them, hex checksums),
// count honours its limit and the filters, and cursor pagination pages
// forward in order.
func GetsRegistriesFor(t *testing.T, cfg Config) {
	t.Helper()
	EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		getsRegistriesForSuite(t, NewEnv(t, dialect, cfg), newSchemaExecutor)
	})
}

func getsRegistriesForSuite(tb testing.TB, e *Env, newExecutor newGraphQLExecutorFunc) {
	tb.Helper()
	ctx := context.Background()
	d := e.Config.Descriptor
	exec := newExecutor(tb, e, flags.NewMemory(d.ReplicationFlag))

	// Times with a fraction of a second, which GraphQL does not show.
	now := e.Clock.Now().Add(123456 * time.Microsecond)
	at := func(h int) *time.Time { t := now.Add(time.Duration(h) * time.Hour); return &t }
	rows := []registry.Record{
		InsertRegistry(tb, e, registry.Record{
			State: state.Synced, LastSyncedAt: at(-2), RetryCount: 2, RetryAt: at(1), LastSyncFailure: "sync failed once",
			VerificationState: state.VerificationFailed, VerifiedAt: at(-1), VerificationStartedAt: at(-1), VerificationRetryAt: at(3),
			VerificationRetryCount: 1, VerificationChecksum: []byte{0xab, 0xcd}, VerificationChecksumMismatched: []byte{0x01, 0x02},
			VerificationFailure: "checksum mismatch", ChecksumMismatch: true, MissingOnPrimary: true,
		}),
		InsertRegistry(tb, e, registry.Record{State: state.Failed, LastSyncFailure: "boom", RetryCount: 1}),
		InsertRegistry(tb, e, registry.Record{State: state.Pending}),
	}

	fields := []string{"id", d.GraphQLFKField, "state", "retryCount", "lastSyncFailure", "retryAt", "lastSyncedAt",
		"createdAt", "forceToRedownload", "missingOnPrimary", "checksumMismatch", "verificationChecksumMismatched",
		"modelRecordId", "verificationChecksum", "verificationFailure", "verificationRetryCount",
		"verificationStartedAt", "verificationState", "verifiedAt", "verificationRetryAt"}
	res := exec(ctx, adminViewer, fmt.Sprintf(`{ geoNode { %s { nodes { %s } } } }`, d.GraphQLField, strings.Join(fields, " ")), nil)
	if len(res.Errors) > 0 {
		tb.Fatalf("query every %s field: %v", d.GraphQLType, res.Errors)
	}
	nodes := objectList(digJSON(res.Data, "geoNode", d.GraphQLField, "nodes"))
	if len(nodes) != len(rows) {
		tb.Fatalf("got %d %s, want %d", len(nodes), d.GraphQLType, len(rows))
	}
	for i, r := range rows {
		if diff := cmp.Diff(expectedRegistryJSON(e, r), nodes[i]); diff != "" {
			tb.Errorf("%s %d (-want +got):\n%s", d.GraphQLType, r.ID, diff)
		}
	}

	counts := []struct {
		name, args string
		want       float64
	}{
		{"count", "", 3},
		{"count(limit: 1), more rows exist", "(limit: 1)", 2},
		{"count(limit: 1000)", "(limit: 1000)", 3},
	}
	for _, c := range counts {
		res := exec(ctx, adminViewer, fmt.Sprintf(`{ geoNode { %s { count%s } } }`, d.GraphQLField, c.args), nil)
		if got := digJSON(res.Data, "geoNode", d.GraphQLField, "count"); got != c.want || len(res.Errors) > 0 {
			tb.Errorf("%s = %v (errors %v), want %v", c.name, got, res.Errors, c.want)
		}
	}
	res = exec(ctx, adminViewer, fmt.Sprintf(`{ geoNode { %s(replicationState: FAILED) { count } } }`, d.GraphQLField), nil)
	if got := digJSON(res.Data, "geoNode", d.GraphQLField, "count"); got != float64(1) {
		tb.Errorf("count with replicationState: FAILED = %v (errors %v), want 1", got, res.Errors)
	}
	res = exec(ctx, adminViewer, fmt.Sprintf(`{ geoNode { %s { count(limit: 1500) } } }`, d.GraphQLField), nil)
	if !strings.Contains(strings.Join(res.Errors, "; "), "limit must be less than or equal to 1000") {
		tb.Errorf("count(limit: 1500): errors %v, want \"limit must be less than or equal to 1000\"", res.Errors)
	}

	// Cursor pagination: two, then the rest.
	page := fmt.Sprintf(`query($after: String) { geoNode { %s(first: 2, after: $after) {
		nodes { id } edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`, d.GraphQLField)
	first := exec(ctx, adminViewer, page, map[string]any{"after": nil})
	conn := digJSON(first.Data, "geoNode", d.GraphQLField)
	gotIDs := nodeIDs(digJSON(conn, "nodes"))
	wantIDs := []string{geographql.GlobalID(d, rows[0].ID), geographql.GlobalID(d, rows[1].ID)}
	if len(first.Errors) > 0 || !cmp.Equal(gotIDs, wantIDs) || digJSON(conn, "pageInfo", "hasNextPage") != true || digJSON(conn, "pageInfo", "hasPreviousPage") != false {
		tb.Fatalf("first page: ids %v, pageInfo %v (errors %v); want ids %v, hasNextPage, no previous page", gotIDs, digJSON(conn, "pageInfo"), first.Errors, wantIDs)
	}
	edges := objectList(digJSON(conn, "edges"))
	if len(edges) != 2 || digJSON(edges[1], "cursor") != digJSON(conn, "pageInfo", "endCursor") || digJSON(edges[1], "node", "id") != wantIDs[1] {
		tb.Errorf("first page edges %v do not match its nodes and endCursor", edges)
	}
	second := exec(ctx, adminViewer, page, map[string]any{"after": digJSON(conn, "pageInfo", "endCursor")})
	conn = digJSON(second.Data, "geoNode", d.GraphQLField)
	gotIDs = nodeIDs(digJSON(conn, "nodes"))
	wantIDs = []string{geographql.GlobalID(d, rows[2].ID)}
	if len(second.Errors) > 0 || !cmp.Equal(gotIDs, wantIDs) || digJSON(conn, "pageInfo", "hasNextPage") != false || digJSON(conn, "pageInfo", "hasPreviousPage") != true {
		tb.Errorf("second page: ids %v, pageInfo %v (errors %v); want ids %v, no next page, hasPreviousPage", gotIDs, digJSON(conn, "pageInfo"), second.Errors, wantIDs)
	}
	bad := exec(ctx, adminViewer, page, map[string]any{"after": "garbage"})
	if !strings.Contains(strings.Join(bad.Errors, "; "), "invalid cursor") {
		tb.Errorf("a garbage cursor gave errors %v, want \"invalid cursor\"", bad.Errors)
	}
}

// expectedRegistryJSON is r as the GraphQL response shows it.
func expectedRegistryJSON(e *Env, r registry.Record) map[string]any {
	d := e.Config.Descriptor
	isoTime := func(t *time.Time) any {
		if t == nil {
			return nil
		}
		return t.UTC().Truncate(time.Second).Format("2006-01-02T15:04:05Z")
	}
	hexOrNil := func(b []byte) any {
		if b == nil {
			return nil
		}
		return fmt.Sprintf("%x", b)
	}
	stringOrNil := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	return map[string]any{
		"id":                             geographql.GlobalID(d, r.ID),
		d.GraphQLFKField:                 strconv.FormatInt(r.ModelRecordID, 10),
		"state":                          strings.ToUpper(r.State.String()),
		"retryCount":                     float64(r.RetryCount),
		"lastSyncFailure":                stringOrNil(r.LastSyncFailure),
		"retryAt":                        isoTime(r.RetryAt),
		"lastSyncedAt":                   isoTime(r.LastSyncedAt),
		"createdAt":                      isoTime(&r.CreatedAt),
		"forceToRedownload":              nil, // deprecated: always null
		"missingOnPrimary":               r.MissingOnPrimary,
		"checksumMismatch":               r.ChecksumMismatch,
		"verificationChecksumMismatched": hexOrNil(r.VerificationChecksumMismatched),
		"modelRecordId":                  float64(r.ModelRecordID),
		"verificationChecksum":           hexOrNil(r.VerificationChecksum),
		"verificationFailure":            stringOrNil(r.VerificationFailure),
		"verificationRetryCount":         float64(r.VerificationRetryCount),
		"verificationStartedAt":          isoTime(r.VerificationStartedAt),
		"verificationState":              strings.ToUpper(r.VerificationState.String()),
		"verifiedAt":                     isoTime(r.VerifiedAt),
		"verificationRetryAt":            isoTime(r.VerificationRetryAt),
	}
}

func nodeIDs(v any) []string {
	var ids []string
	for _, n := range objectList(v) {
		id, _ := n["id"].(string)
		ids = append(ids, id)
	}
	return ids
}
