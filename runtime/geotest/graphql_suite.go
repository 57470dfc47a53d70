package geotest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
)

// RegistryType is the conformance suite 'a Geo registry type': cfg's type
// appears in the GraphQL schema under its GraphQLType name with every
// registry field, its connection type and its GeoNode field with every
// filter argument, and only admins can read it.
func RegistryType(t *testing.T, cfg Config) {
	t.Helper()
	EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		registryTypeSuite(t, NewEnv(t, dialect, cfg), newSchemaExecutor)
	})
}

// Names of the Geo nodes the GraphQL suites' schemas know.
const (
	currentNodeName = "geotest-current"
	otherNodeName   = "geotest-other"
)

// gqlResult is an executed query's data and error messages.
type gqlResult struct {
	Data   map[string]any
	Errors []string
}

// graphQLExecutor runs a GraphQL query as a viewer.
type graphQLExecutor func(ctx context.Context, viewer finder.Viewer, query string, vars map[string]any) gqlResult

// newGraphQLExecutorFunc builds the schema under test for an Env and flag source.
type newGraphQLExecutorFunc func(tb testing.TB, e *Env, src flags.Source) graphQLExecutor

func newSchemaExecutor(tb testing.TB, e *Env, src flags.Source) graphQLExecutor {
	return schemaExecutor(tb, e, e.Config.Descriptor, src)
}

// schemaExecutor builds the schema of one type, d, over e's databases. The
// schema's current node reads them; another node is known by name.
func schemaExecutor(tb testing.TB, e *Env, d *replicable.Descriptor, src flags.Source) graphQLExecutor {
	tb.Helper()
	binding := geographql.TypeBinding{Descriptor: d, SDL: geographql.TypeSDL(d), Finder: finder.New(e.Tracking, e.Main, d, src)}
	s, err := geographql.NewSchema([]geographql.TypeBinding{binding},
		geographql.WithCurrentNode(geographql.Node{Name: currentNodeName, URL: "https://current.example/", Enabled: true}),
		geographql.WithOtherNodes(geographql.Node{Name: otherNodeName, URL: "https://other.example/", Enabled: true}))
	if err != nil {
		tb.Fatalf("build the GraphQL schema of %s: %v", d.Name, err)
	}
	return schemaRunner(s)
}

// schemaRunner runs queries on s.
func schemaRunner(s *graphql.Schema) graphQLExecutor {
	return func(ctx context.Context, viewer finder.Viewer, query string, vars map[string]any) gqlResult {
		resp := s.Exec(geographql.WithViewer(ctx, viewer), query, "", vars)
		var res gqlResult
		for _, e := range resp.Errors {
			res.Errors = append(res.Errors, e.Message)
		}
		if len(resp.Data) > 0 {
			if err := json.Unmarshal(resp.Data, &res.Data); err != nil {
				res.Errors = append(res.Errors, "undecodable data: "+err.Error())
			}
		}
		return res
	}
}

// dig walks nested objects by key; nil when a step is missing or null.
func digJSON(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// list returns v as a list of objects.
func objectList(v any) []map[string]any {
	items, _ := v.([]any)
	out := make([]map[string]any, 0, len(items))
	for _, it := range items {
		m, _ := it.(map[string]any)
		out = append(out, m)
	}
	return out
}

// registryFieldTypes are the fields every registry type has (GitLab's
// RegistryType), with their GraphQL types.
var registryFieldTypes = map[string]string{
	"id": "ID!", "state": "RegistryState", "retryCount": "Int", "lastSyncFailure": "String",
	"retryAt": "Time", "lastSyncedAt": "Time", "verifiedAt": "Time", "verificationRetryAt": "Time",
	"createdAt": "Time", "verificationState": "VerificationStateEnum", "verificationStartedAt": "Time",
	"verificationRetryCount": "Int", "verificationChecksum": "String", "verificationFailure": "String",
	"verificationChecksumMismatched": "String", "checksumMismatch": "Boolean", "forceToRedownload": "Boolean",
	"missingOnPrimary": "Boolean", "modelRecordId": "Int",
}

const typeIntrospection = `query($name: String!) {
  __type(name: $name) {
    name description
    fields(includeDeprecated: true) { name args { name type { name kind ofType { name kind ofType { name } } } } type { name kind ofType { name kind } } }
  }
}`

func registryTypeSuite(tb testing.TB, e *Env, newExecutor newGraphQLExecutorFunc) {
	tb.Helper()
	ctx := context.Background()
	d := e.Config.Descriptor
	exec := newExecutor(tb, e, flags.NewMemory(d.ReplicationFlag))

	res := exec(ctx, adminViewer, typeIntrospection, map[string]any{"name": d.GraphQLType})
	if len(res.Errors) > 0 || digJSON(res.Data, "__type") == nil {
		tb.Fatalf("type %s is not in the schema (errors: %v)", d.GraphQLType, res.Errors)
	}
	if desc, _ := digJSON(res.Data, "__type", "description").(string); !strings.Contains(desc, d.Title) {
		tb.Errorf("type %s: description %q does not name %q", d.GraphQLType, desc, d.Title)
	}
	fields := introspectedFields(digJSON(res.Data, "__type", "fields"))
	want := map[string]string{d.GraphQLFKField: "ID!"}
	for name, typ := range registryFieldTypes {
		want[name] = typ
	}
	for name, typ := range want {
		if got, ok := fields[name]; !ok {
			tb.Errorf("type %s has no field %s", d.GraphQLType, name)
		} else if got.typ != typ {
			tb.Errorf("type %s: field %s is %s, want %s", d.GraphQLType, name, got.typ, typ)
		}
	}

	res = exec(ctx, adminViewer, typeIntrospection, map[string]any{"name": d.GraphQLType + "Connection"})
	conn := introspectedFields(digJSON(res.Data, "__type", "fields"))
	for name, typ := range map[string]string{"count": "Int!", "edges": "[" + d.GraphQLType + "Edge]", "nodes": "[" + d.GraphQLType + "]", "pageInfo": "PageInfo!"} {
		if conn[name].typ != typ {
			tb.Errorf("type %sConnection: field %s is %q, want %s", d.GraphQLType, name, conn[name].typ, typ)
		}
	}

	res = exec(ctx, adminViewer, typeIntrospection, map[string]any{"name": "GeoNode"})
	field, ok := introspectedFields(digJSON(res.Data, "__type", "fields"))[d.GraphQLField]
	if !ok {
		tb.Fatalf("GeoNode has no field %s", d.GraphQLField)
	}
	if field.typ != d.GraphQLType+"Connection" {
		tb.Errorf("GeoNode.%s is %s, want %sConnection", d.GraphQLField, field.typ, d.GraphQLType)
	}
	wantArgs := []string{"after", "before", "first", "ids", "keyword", "last", "replicationState", "sort", "verificationState"}
	if !slices.Equal(field.args, wantArgs) {
		tb.Errorf("GeoNode.%s has arguments %v, want %v", d.GraphQLField, field.args, wantArgs)
	}

	// Registries need admin rights: anyone else sees no Geo node at all.
	InsertRegistry(tb, e, registry.Record{})
	query := fmt.Sprintf(`{ geoNode { %s { nodes { id } } } }`, d.GraphQLField)
	res = exec(ctx, finder.Viewer{}, query, nil)
	if nodes := objectList(digJSON(res.Data, "geoNode", d.GraphQLField, "nodes")); len(nodes) != 0 || len(res.Errors) != 0 {
		tb.Errorf("non-admin: %d %s visible (errors %v), want none", len(nodes), d.GraphQLType, res.Errors)
	}
	res = exec(ctx, adminViewer, query, nil)
	if nodes := objectList(digJSON(res.Data, "geoNode", d.GraphQLField, "nodes")); len(nodes) != 1 {
		tb.Errorf("admin: %d %s visible (errors %v), want 1", len(nodes), d.GraphQLType, res.Errors)
	}
}

type introspectedField struct {
	typ  string   // e.g. "ID!", "[FooEdge]"
	args []string // sorted argument names
}

func introspectedFields(v any) map[string]introspectedField {
	out := map[string]introspectedField{}
	for _, f := range objectList(v) {
		name, _ := f["name"].(string)
		var args []string
		for _, a := range objectList(f["args"]) {
			n, _ := a["name"].(string)
			args = append(args, n)
		}
		slices.Sort(args)
		out[name] = introspectedField{typ: typeString(f["type"]), args: args}
	}
	return out
}

// typeString prints an introspected type reference as SDL does.
func typeString(v any) string {
	m, _ := v.(map[string]any)
	if m == nil {
		return ""
	}
	switch m["kind"] {
	case "NON_NULL":
		return typeString(m["ofType"]) + "!"
	case "LIST":
		return "[" + typeString(m["ofType"]) + "]"
	}
	name, _ := m["name"].(string)
	return name
}
