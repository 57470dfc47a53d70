package adminapi_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
)

// lockedBuffer is a log sink safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// TestInternalErrorsAreSanitized: a database failure reaches the client as
// one generic error per field with the request's correlation id, and the
// log holds the details under the same id; errors about the request keep
// their message.
func TestInternalErrorsAreSanitized(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		e := newEnv(t, dialect)
		geotest.InsertRegistry(t, e, registry.Record{})
		var logs lockedBuffer
		s := newSite(t, e, false, func(c *adminapi.Config) {
			c.Logger = slog.New(slog.NewTextHandler(io.MultiWriter(&logs), nil))
		})
		if _, err := e.Tracking.Exec("DROP TABLE " + e.Config.Descriptor.RegistryTable); err != nil {
			t.Fatal(err)
		}
		body := []byte(`{"query":"{ geoNode { a: coolWidgetRegistries { count nodes { id } } b: coolWidgetRegistries(first: 5) { nodes { id } } } }"}`)
		code, header, b := do(t, http.MethodPost, s.url+adminapi.GraphQLPath, adminToken, "application/json", body)
		if code != http.StatusOK {
			t.Fatalf("status %d: %s", code, b)
		}
		r := decodeGraphQL(t, b)
		id := header.Get(adminapi.CorrelationHeader)
		if id == "" {
			t.Fatalf("no %s header", adminapi.CorrelationHeader)
		}
		if len(r.Errors) != 2 {
			t.Errorf("errors %v: want one per failing field (a and b)", r.messages())
		}
		for _, m := range r.messages() {
			if !strings.Contains(m, id) || !strings.HasPrefix(m, "Internal server error") {
				t.Errorf("error %q: want the generic message with correlation id %s", m, id)
			}
		}
		leaks := []string{"SQLSTATE", e.Config.Descriptor.RegistryTable, "does not exist", "no such table", "postgres", "127.0.0.1", "sql:"}
		if containsAny(string(b), leaks...) {
			t.Errorf("response leaks database details: %s", b)
		}
		if log := logs.String(); !strings.Contains(log, id) || !strings.Contains(log, e.Config.Descriptor.RegistryTable) {
			t.Errorf("log lacks the details under correlation id %s:\n%s", id, log)
		}

		r = s.graphql(t, adminToken, `{ geoNode { coolWidgetRegistries(first: 1, last: 1) { nodes { id } } } }`, nil)
		if msgs := strings.Join(r.messages(), "; "); !strings.Contains(msgs, "Can only provide either `first` or `last`") || len(r.Errors) != 1 {
			t.Errorf("an argument error: %v, want it once, as it is", r.messages())
		}
	})
}

// TestRequestBudget: aliases multiply pages until the rows budget
// refuses the rest; a long ids list and too many queries are refused too.
func TestRequestBudget(t *testing.T) {
	e := newEnv(t, sqldb.SQLite)
	geotest.InsertRegistry(t, e, registry.Record{})
	s := newSite(t, e, false, func(c *adminapi.Config) {
		c.Limits = adminapi.Limits{MaxRows: 250, MaxIDs: 3, MaxQueries: 6, MaxSelections: 2000}
	})
	var q strings.Builder
	q.WriteString("{ geoNode {")
	for i := range 4 {
		fmt.Fprintf(&q, " a%d: coolWidgetRegistries(first: 100) { nodes { id } }", i)
	}
	q.WriteString(" } }")
	r := s.graphql(t, adminToken, q.String(), nil)
	node, _ := r.Data["geoNode"].(map[string]any)
	served := 0
	for i := range 4 {
		if node[fmt.Sprintf("a%d", i)] != nil {
			served++
		}
	}
	if served != 2 || len(r.Errors) != 2 || !strings.Contains(r.Errors[0].Message, "cost budget") {
		t.Errorf("4 pages of 100 with 250 rows: %d served, errors %v; want 2 served and 2 refused for the budget", served, r.messages())
	}

	gid := func(n int) string {
		return fmt.Sprintf("%q", fmt.Sprintf("gid://gitlab/Geo::CoolWidgetRegistry/%d", n))
	}
	r = s.graphql(t, adminToken, fmt.Sprintf(`{ geoNode { coolWidgetRegistries(ids: [%s, %s, %s, %s]) { nodes { id } } } }`, gid(1), gid(2), gid(3), gid(4)), nil)
	if msgs := strings.Join(r.messages(), "; "); !strings.Contains(msgs, "4 ids in one filter, at most 3") {
		t.Errorf("4 ids with MaxIDs 3: errors %v", r.messages())
	}

	r = s.graphql(t, adminToken, fmt.Sprintf(`mutation { geoRegistriesBulkUpdate(input: {registryClass: COOL_WIDGET_REGISTRY, action: RESYNC_ALL, ids: [%s, %s, %s, %s]}) { errors jobId } }`, gid(1), gid(2), gid(3), gid(4)), nil)
	if msgs := strings.Join(r.messages(), "; "); !strings.Contains(msgs, "4 ids, at most 3") {
		t.Errorf("a bulk update of 4 ids with MaxIDs 3: errors %v", r.messages())
	}
	if jobs, err := s.jobs.List(context.Background()); err != nil || len(jobs) != 0 {
		t.Errorf("a refused bulk update queued jobs %v, %v", jobs, err)
	}

	q.Reset()
	q.WriteString("{ geoNode {")
	for i := range 7 {
		fmt.Fprintf(&q, " a%d: coolWidgetRegistries(first: 1) { count }", i)
	}
	q.WriteString(" } }")
	r = s.graphql(t, adminToken, q.String(), nil)
	if msgs := strings.Join(r.messages(), "; "); !strings.Contains(msgs, "more than 6 registry queries") {
		t.Errorf("7 fields and 7 counts with MaxQueries 6: errors %v", r.messages())
	}
}
