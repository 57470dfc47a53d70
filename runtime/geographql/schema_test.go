package geographql_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

var update = flag.Bool("update", false, "rewrite the golden SDL files in testdata")

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	readtest.Cleanup()
	os.Exit(code)
}

func TestConformanceSuites(t *testing.T) {
	for _, cfg := range []geotest.Config{readtest.Config(testtypes.CoolWidget()), readtest.Config(testtypes.Gizmo())} {
		t.Run(cfg.Descriptor.Name, func(t *testing.T) {
			t.Run("RegistryType", func(t *testing.T) { geotest.RegistryType(t, cfg) })
			t.Run("RegistriesResolver", func(t *testing.T) { geotest.RegistriesResolver(t, cfg) })
			t.Run("GetsRegistriesFor", func(t *testing.T) { geotest.GetsRegistriesFor(t, cfg) })
		})
	}
}

func TestSDLGolden(t *testing.T) {
	cases := map[string]string{
		"base.graphql":        geographql.BaseSDL(),
		"cool_widget.graphql": geographql.TypeSDL(testtypes.CoolWidget()),
		"gizmo.graphql":       geographql.TypeSDL(testtypes.Gizmo()),
		// The whole schema of both, with the Registrable union and the
		// mutations.
		"schema.graphql": geographql.ProjectSDL([]*replicable.Descriptor{testtypes.CoolWidget(), testtypes.Gizmo()}),
	}
	for name, got := range cases {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if diff := cmp.Diff(string(want), got); diff != "" {
			t.Errorf("%s changed (-want +got; run go test -update if intended):\n%s", name, diff)
		}
	}
}

func TestNewSchemaRejectsBadBindings(t *testing.T) {
	cw, gz := testtypes.CoolWidget(), testtypes.Gizmo()
	fcw := finder.New(nil, nil, cw, flags.NewMemory())
	clash := testtypes.Gizmo()
	clash.GraphQLType = cw.GraphQLType
	cases := []struct {
		name     string
		bindings []geographql.TypeBinding
		want     string
	}{
		{"no descriptor", []geographql.TypeBinding{{Finder: fcw}}, "has no Descriptor"},
		{"finder of another type", []geographql.TypeBinding{{Descriptor: gz, Finder: fcw}}, "reads cool_widget's registry"},
		{"stale SDL", []geographql.TypeBinding{{Descriptor: cw, Finder: fcw, SDL: "type Old { id: ID! }"}}, "run geogen generate"},
		{"two types, one name", []geographql.TypeBinding{
			{Descriptor: cw, Finder: fcw},
			{Descriptor: clash, Finder: finder.New(nil, nil, clash, flags.NewMemory())},
		}, `both use "CoolWidgetRegistry" (GraphQLType of gizmo)`},
	}
	for _, c := range cases {
		_, err := geographql.NewSchema(c.bindings)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// twoTypes is an Env with both test types and a schema over them.
type twoTypes struct {
	widgets, gizmos *geotest.Env
	exec            func(viewer finder.Viewer, query string) (map[string]any, []string)
}

func newTwoTypes(t *testing.T, dialect sqldb.Dialect, src flags.Source) *twoTypes {
	return newTwoTypesWith(t, dialect, src, nil)
}

// newTwoTypesWith is newTwoTypes whose bindings bind passes through first
// (nil: as they are).
func newTwoTypesWith(t *testing.T, dialect sqldb.Dialect, src flags.Source, bind func(e *geotest.Env, b []geographql.TypeBinding) []geographql.TypeBinding) *twoTypes {
	cw, gz := testtypes.CoolWidget(), testtypes.Gizmo()
	widgets := geotest.NewEnv(t, dialect, readtest.Config(cw, gz))
	gizmos := *widgets
	gizmos.Config = readtest.Config(gz, cw)
	bindings := []geographql.TypeBinding{
		{Descriptor: cw, SDL: geographql.TypeSDL(cw), Finder: finder.New(widgets.Tracking, widgets.Main, cw, src)},
		{Descriptor: gz, SDL: geographql.TypeSDL(gz), Finder: finder.New(widgets.Tracking, widgets.Main, gz, src)},
	}
	if bind != nil {
		bindings = bind(widgets, bindings)
	}
	s, err := geographql.NewSchema(bindings, geographql.WithCurrentNode(geographql.Node{Name: "here", Enabled: true}))
	if err != nil {
		t.Fatal(err)
	}
	return &twoTypes{widgets: widgets, gizmos: &gizmos, exec: func(viewer finder.Viewer, query string) (map[string]any, []string) {
		resp := s.Exec(geographql.WithViewer(context.Background(), viewer), query, "", nil)
		var errs []string
		for _, e := range resp.Errors {
			errs = append(errs, e.Message)
		}
		var data map[string]any
		if len(resp.Data) > 0 {
			if err := json.Unmarshal(resp.Data, &data); err != nil {
				t.Fatal(err)
			}
		}
		return data, errs
	}}
}

func TestOneSchemaServesEveryType(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		env := newTwoTypes(t, dialect, flags.NewMemory("geo_cool_widget_replication", "geo_gizmo_replication"))
		w := geotest.InsertRegistry(t, env.widgets, registry.Record{State: state.Synced})
		g1 := geotest.InsertRegistry(t, env.gizmos, registry.Record{State: state.Failed})
		g2 := geotest.InsertRegistry(t, env.gizmos, registry.Record{State: state.Pending})

		data, errs := env.exec(finder.Viewer{Admin: true}, `{ geoNode { name
			coolWidgetRegistries { count nodes { id coolWidgetId state } }
			gizmoRegistries(sort: ID_DESC) { count nodes { id gizmoId state } } } }`)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		want := map[string]any{"geoNode": map[string]any{
			"name": "here",
			"coolWidgetRegistries": map[string]any{"count": float64(1), "nodes": []any{
				map[string]any{"id": geographql.GlobalID(testtypes.CoolWidget(), w.ID), "coolWidgetId": itoa(w.ModelRecordID), "state": "SYNCED"},
			}},
			"gizmoRegistries": map[string]any{"count": float64(2), "nodes": []any{
				map[string]any{"id": geographql.GlobalID(testtypes.Gizmo(), g2.ID), "gizmoId": itoa(g2.ModelRecordID), "state": "PENDING"},
				map[string]any{"id": geographql.GlobalID(testtypes.Gizmo(), g1.ID), "gizmoId": itoa(g1.ModelRecordID), "state": "FAILED"},
			}},
		}}
		if diff := cmp.Diff(want, data); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

func TestBadArgumentsAreGraphQLErrors(t *testing.T) {
	env := newTwoTypes(t, sqldb.SQLite, flags.NewMemory())
	geotest.InsertRegistry(t, env.widgets, registry.Record{})
	cases := []struct{ name, args, want string }{
		{"unknown enum value", "replicationState: DONE", "DONE"},
		{"unknown sort", "sort: NAME_ASC", "NAME_ASC"},
		{"garbage cursor", `after: "xyz"`, "invalid cursor"},
		{"first and last", "first: 1, last: 1", "Can only provide either `first` or `last`, not both"},
		{"first and last, both 0", "first: 0, last: 0", "Can only provide either `first` or `last`, not both"},
		{"verification disabled", "verificationState: PENDING", "verification is not enabled for Cool Widget"},
		{"verification sort while disabled", "sort: VERIFIED_AT_ASC", "verification is not enabled"},
	}
	for _, c := range cases {
		_, errs := env.exec(finder.Viewer{Admin: true}, `{ geoNode { coolWidgetRegistries(`+c.args+`) { nodes { id } } } }`)
		joined := strings.Join(errs, "; ")
		if !strings.Contains(joined, c.want) || strings.Contains(joined, "panic") {
			t.Errorf("%s: errors %q, want one containing %q and no panic", c.name, joined, c.want)
		}
	}
	_, errs := env.exec(finder.Viewer{Admin: true}, `{ geoNode { coolWidgetRegistries { count(limit: 0) } } }`)
	if !strings.Contains(strings.Join(errs, "; "), "limit must be") {
		t.Errorf("count(limit: 0): errors %v", errs)
	}
}

// TestPageSizesAsGitLab: first and last are read as GitLab's connections
// read them (graphql-ruby's limit_pagination_argument, GitLab's
// Keyset::Connection): over 100 is 100 and below 0 is 0, without an
// error; 0 is an empty page whose pageInfo tells whether rows lie beyond.
func TestPageSizesAsGitLab(t *testing.T) {
	env := newTwoTypes(t, sqldb.SQLite, flags.NewMemory())
	const rows = finder.MaxPageSize + 5
	for range rows {
		geotest.InsertRegistry(t, env.widgets, registry.Record{})
	}
	_, lastCursor := pageOf(t, env, "last: 1")
	cases := []struct {
		name, args string
		nodes      int
		next, prev bool
	}{
		{"first over the maximum", "first: 101", finder.MaxPageSize, true, false},
		{"first far over the maximum", "first: 100000", finder.MaxPageSize, true, false},
		{"last over the maximum", "last: 1000", finder.MaxPageSize, false, true},
		{"first: 0", "first: 0", 0, true, false},
		{"negative first", "first: -3", 0, true, false},
		{"last: 0", "last: 0", 0, false, true},
		{"negative last", "last: -1", 0, false, true},
		{"first: 0 after the last row", `first: 0, after: "` + lastCursor + `"`, 0, false, true},
		{"neither", "", finder.DefaultPageSize, true, false},
	}
	for _, c := range cases {
		conn, _ := pageOf(t, env, c.args)
		nodes := conn["nodes"].([]any)
		info := conn["pageInfo"].(map[string]any)
		if len(nodes) != c.nodes || info["hasNextPage"] != c.next || info["hasPreviousPage"] != c.prev {
			t.Errorf("%s: %d nodes, pageInfo %v; want %d nodes, hasNextPage %v, hasPreviousPage %v", c.name, len(nodes), info, c.nodes, c.next, c.prev)
		}
		if c.nodes == 0 && (info["startCursor"] != nil || info["endCursor"] != nil) {
			t.Errorf("%s: an empty page with cursors %v", c.name, info)
		}
	}
}

// pageOf returns the coolWidgetRegistries connection the arguments select,
// and the cursor of its last edge.
func pageOf(t *testing.T, env *twoTypes, args string) (map[string]any, string) {
	t.Helper()
	if args != "" {
		args = "(" + args + ")"
	}
	data, errs := env.exec(finder.Viewer{Admin: true}, `{ geoNode { coolWidgetRegistries`+args+` {
		nodes { id } edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`)
	if len(errs) > 0 {
		t.Fatalf("%s: %v", args, errs)
	}
	conn := data["geoNode"].(map[string]any)["coolWidgetRegistries"].(map[string]any)
	cursor, _ := conn["pageInfo"].(map[string]any)["endCursor"].(string)
	return conn, cursor
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
