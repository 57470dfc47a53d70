package adminapi_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
)

// manyFields is a query of n aliases of each type's registries, each
// with a page and a count: 4n resolvers reading both databases.
func manyFields(n int) string {
	var q strings.Builder
	q.WriteString("{ geoNode {")
	for i := range n {
		fmt.Fprintf(&q, " c%d: coolWidgetRegistries(first: 5) { count nodes { id modelRecordId state } }", i)
		fmt.Fprintf(&q, " g%d: gizmoRegistries(first: 5) { count nodes { id state } }", i)
	}
	q.WriteString(" } }")
	return q.String()
}

// onePerDatabase opens e's databases again with pools of one connection
// each and returns the bindings of types reading through them.
func onePerDatabase(t *testing.T, e *geotest.Env, types []*replicable.Descriptor, src flags.Source) (pools []*sqldb.DB, bindings []geographql.TypeBinding) {
	t.Helper()
	tracking, main := geotest.Reopen(t, e.Tracking), geotest.Reopen(t, e.Main)
	for _, db := range []*sqldb.DB{tracking, main} {
		db.SetMaxOpenConns(1)
	}
	for _, d := range types {
		bindings = append(bindings, geographql.TypeBinding{Descriptor: d, Finder: finder.New(tracking, main, d, src)})
	}
	return []*sqldb.DB{tracking, main}, bindings
}

// waits is how many times a connection request of the pools had to wait
// for a connection another request held.
func waits(pools []*sqldb.DB) int64 {
	var n int64
	for _, db := range pools {
		n += db.Stats().WaitCount
	}
	return n
}

// waitersWhileHeld takes pool's only connection, runs run in the
// background, and counts how many connection requests came to wait for
// it (waiting at least until one does, then a while longer, for others
// to come) before giving it back; it returns once run has.
func waitersWhileHeld(t *testing.T, pool *sqldb.DB, run func()) int64 {
	t.Helper()
	ctx := context.Background()
	conn, err := pool.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before := pool.Stats().WaitCount
	done := make(chan struct{})
	go func() { defer close(done); run() }()
	deadline := time.Now().Add(10 * time.Second)
	for pool.Stats().WaitCount == before && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // room for more resolvers to start
	n := pool.Stats().WaitCount - before
	conn.Close()
	<-done
	return n
}

// TestGraphQLRequestUsesOneConnection: a request of many aliases, whose
// resolvers would each take a connection if they ran at once, is served
// whole on pools of one connection per database, and no resolver ever
// waits for a connection another holds: the request uses at most one at
// a time. With the tracking database's connection held elsewhere, one
// resolver waits and no other starts; a schema with graphql-go's default
// parallelism has several waiting, which shows the count sees concurrent
// use.
func TestGraphQLRequestUsesOneConnection(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		const aliases, records = 20, 12
		e := newEnv(t, dialect)
		for range records {
			geotest.InsertRegistry(t, e, registry.Record{})
		}
		var pools []*sqldb.DB
		s := newSite(t, e, false, func(c *adminapi.Config) {
			c.Limits = adminapi.Limits{MaxQueries: 4 * aliases, MaxSelections: 2000}
			pools, c.GraphQL = onePerDatabase(t, e, c.Types, c.Flags)
			c.Tracking, c.Main = pools[0], pools[1]
		})
		check := func(r gqlResponse) {
			t.Helper()
			if len(r.Errors) > 0 {
				t.Fatalf("errors: %v", r.messages())
			}
			node, _ := r.Data["geoNode"].(map[string]any)
			for i := range aliases {
				if c, _ := node[fmt.Sprintf("c%d", i)].(map[string]any); c == nil || c["count"] != float64(records) {
					t.Fatalf("alias c%d: %v, want a page and a count of %d", i, c, records)
				}
			}
		}
		check(s.graphql(t, adminToken, manyFields(aliases), nil))
		if w := waits(pools); w != 0 {
			t.Errorf("resolvers waited %d times for a connection another held: the request used more than one at a time", w)
		}
		var r gqlResponse
		if n := waitersWhileHeld(t, pools[0], func() { r = s.graphql(t, adminToken, manyFields(aliases), nil) }); n != 1 {
			t.Errorf("%d resolvers waited for the held connection at once, want 1", n)
		}
		check(r)

		// The control: the same query on pools of one, graphql-go's
		// default parallelism.
		pools, bindings := onePerDatabase(t, e, s.types, s.flags)
		schema, err := geographql.NewSchema(bindings)
		if err != nil {
			t.Fatal(err)
		}
		ctx := geographql.WithViewer(context.Background(), finder.Viewer{Admin: true})
		ctx = geographql.WithBudget(ctx, geographql.NewBudget(0, 0, 4*aliases))
		var errs int
		if n := waitersWhileHeld(t, pools[0], func() { errs = len(schema.Exec(ctx, manyFields(aliases), "", nil).Errors) }); n < 2 {
			t.Errorf("control: %d resolvers run in parallel waited for the held connection, want several", n)
		}
		if errs > 0 {
			t.Errorf("control: %d errors", errs)
		}
	})
}
