package console_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/state"
)

// BenchmarkReplicationListPage renders the replication list page, with
// filters and sorts, over readtest's million registries on PostgreSQL:
// the whole request as the server handles it (session check, finder
// query, template), without the network. The goal is 100 ms a page. It
// first checks with EXPLAIN that every list query reads an index, not
// the whole table.
func BenchmarkReplicationListPage(b *testing.B) {
	fx := readtest.Bench(b)
	d := fx.Descriptor
	src := flags.NewMemory(d.ReplicationFlag)
	srv, err := adminapi.New(adminapi.Config{
		Site:  adminapi.Site{Name: "secondary-bench", URL: "http://secondary.example/"},
		Auth:  tokens,
		Types: []*replicable.Descriptor{d}, Flags: src, Main: fx.DB, Tracking: fx.DB,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	cookie := benchLogin(b, h)
	// readtest's tables are at the first schema revision; a project
	// generated now has the finder's sort indexes too (templates/sql,
	// Revision 2): add them as it does.
	for _, col := range []string{"last_synced_at", "verified_at"} {
		if _, err := fx.DB.ExecContext(context.Background(), "CREATE INDEX IF NOT EXISTS index_"+d.RegistryTable+"_on_"+col+" ON "+d.RegistryTable+" USING btree ("+col+")"); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := fx.DB.ExecContext(context.Background(), "ANALYZE "+d.RegistryTable); err != nil {
		b.Fatal(err)
	}

	// A cursor deep in the table: 50,000 failed registries in.
	f := finder.New(fx.DB, fx.DB, d, src)
	failed := state.Failed
	q := finder.Query{ReplicationState: &failed, First: 100}
	for range 500 {
		page, err := f.Find(context.Background(), finder.Viewer{Admin: true}, q)
		if err != nil {
			b.Fatal(err)
		}
		q.After = page.EndCursor
	}

	base := "/admin/geo/replication/" + d.Plural
	// A time sort reads two segments (rows with the time, then without,
	// or the reverse), each its own query: explain is every query the
	// page's first segment may run.
	cases := []struct {
		name, query string
		explain     []string // the list queries' conditions and orders, for EXPLAIN
	}{
		{"no filter", "", []string{"true ORDER BY id ASC"}},
		{"failed", "replication_state=failed", []string{"state = 3 ORDER BY id ASC"}},
		{"failed, last synced newest first", "replication_state=failed&sort=last_synced_at_desc", []string{
			"state = 3 AND last_synced_at IS NULL ORDER BY id DESC",
			"state = 3 AND last_synced_at IS NOT NULL ORDER BY last_synced_at DESC, id DESC"}},
		{"failed, last synced oldest first", "replication_state=failed&sort=last_synced_at_asc", []string{
			"state = 3 AND last_synced_at IS NOT NULL ORDER BY last_synced_at ASC, id ASC"}},
		{"verification failed, last verified newest first", "verification_state=failed&sort=verified_at_desc", []string{
			"state = 2 AND verification_state = 3 AND verified_at IS NULL ORDER BY id DESC"}},
		{"no filter, last verified newest first", "sort=verified_at_desc", []string{
			"verified_at IS NULL ORDER BY id DESC"}},
		{"synced, last verified oldest first", "replication_state=synced&sort=verified_at_asc", []string{
			"state = 2 AND verified_at IS NOT NULL ORDER BY verified_at ASC, id ASC"}},
		{"pending, 100 a page", "replication_state=pending&first=100", []string{"state = 0 ORDER BY id ASC"}},
		{"ids", "ids=10,20,30,999999,500000", []string{"id IN (10, 20, 30, 999999, 500000) ORDER BY id ASC"}},
		{"failed, deep page", "replication_state=failed&after=" + url.QueryEscape(q.After), []string{"state = 3 AND id > 500000 ORDER BY id ASC"}},
	}
	for _, tc := range cases {
		for _, cond := range tc.explain {
			plan := readtest.Explain(b, fx.DB, "SELECT "+registry.Columns(d)+" FROM "+d.RegistryTable+" WHERE "+cond+" LIMIT 21")
			if strings.Contains(plan, "Seq Scan on "+d.RegistryTable) {
				b.Fatalf("%s: the list query reads the whole table:\n%s", tc.name, plan)
			}
		}
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			target := base
			if tc.query != "" {
				target += "?" + tc.query
			}
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, target, nil)
				req.AddCookie(cookie)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `id="registries"`) {
					b.Fatalf("GET %s: status %d\n%s", target, rec.Code, rec.Body.String())
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/page")
		})
	}
}

// benchLogin logs in and returns the session cookie.
func benchLogin(b *testing.B, h http.Handler) *http.Cookie {
	b.Helper()
	req := httptest.NewRequest(http.MethodPost, "/admin/login", strings.NewReader(url.Values{"token": {adminToken}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Name == "geogen_session" {
			return c
		}
	}
	b.Fatalf("login: status %d, no session cookie", rec.Code)
	return nil
}
