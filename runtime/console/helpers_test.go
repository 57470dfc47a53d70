package console_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
)

func TestMain(m *testing.M) {
	code := m.Run()
	readtest.Cleanup()
	os.Exit(code)
}

const (
	adminToken = "console-admin-token-0123456789"
	userToken  = "console-user-token-0123456789"
)

var tokens = adminapi.StaticTokens{
	{Token: adminToken, Viewer: finder.Viewer{Admin: true}},
	{Token: userToken, Viewer: finder.Viewer{Admin: false}},
}

// site is one site's admin server under test, with its console.
type site struct {
	env    *geotest.Env
	server *adminapi.Server
	jobs   *bulkjob.Jobs
	flags  *flags.Memory
	types  []*replicable.Descriptor
	url    string
}

func newEnv(t *testing.T) *geotest.Env {
	return geotest.NewEnv(t, sqldb.SQLite, readtest.Config(testtypes.CoolWidget(), testtypes.Gizmo()))
}

// newSite serves a secondary's (or the primary's) admin API over e, with
// replication and verification of both types on.
func newSite(t *testing.T, e *geotest.Env, primary bool, edit func(*adminapi.Config)) *site {
	t.Helper()
	cw := e.Config.Descriptor
	types := []*replicable.Descriptor{cw, testtypes.Gizmo()}
	src := flags.NewMemory(cw.ReplicationFlag, cw.VerificationFlag, types[1].ReplicationFlag)
	set, err := replicable.NewSet(types...)
	if err != nil {
		t.Fatal(err)
	}
	role, jobsDB := flags.Secondary, e.Tracking
	if primary {
		role, jobsDB = flags.Primary, e.Main
	}
	cfg := adminapi.Config{
		Site:  adminapi.Site{Name: "secondary-1", URL: "http://secondary.example/"},
		Jobs:  bulkjob.New(jobsDB, set, src, role, e.Clock, bulkjob.Options{}),
		Auth:  tokens,
		Types: types, Flags: src, Main: e.Main,
		Clock:  e.Clock,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	for _, d := range types {
		cfg.GraphQL = append(cfg.GraphQL, geographql.TypeBinding{Descriptor: d, Finder: finder.New(e.Tracking, e.Main, d, src)})
	}
	if primary {
		cfg.Site = adminapi.Site{Name: "primary", URL: "http://primary.example/", Primary: true}
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
	return &site{env: e, server: s, jobs: cfg.Jobs, flags: src, types: types, url: ts.URL}
}

// seedRegistries creates n records of the type under test on the primary
// and their registries on the secondary, and returns the registry ids.
func seedRegistries(t *testing.T, e *geotest.Env, n int) []int64 {
	t.Helper()
	store := registry.NewStore(e.Tracking, e.Config.Descriptor, e.Clock)
	var ids []int64
	for range n {
		rec, err := store.Create(context.Background(), e.CreateRecord(t))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, rec.ID)
	}
	return ids
}

// exec runs a statement on db, failing the test on error.
func exec(t *testing.T, db *sqldb.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// browser is an HTTP client with a cookie jar that does not follow
// redirects, so tests see every 303.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newBrowser(t *testing.T, base string) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, base: base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// response is what a request returned.
type response struct {
	status int
	header http.Header
	body   string
}

func (b *browser) do(method, path string, form url.Values, header map[string]string) response {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.base+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: string(raw)}
}

func (b *browser) get(path string) response { return b.do(http.MethodGet, path, nil, nil) }

// page GETs a page that must answer 200 with a well-formed, accessible
// document.
func (b *browser) page(path string) response {
	b.t.Helper()
	r := b.get(path)
	if r.status != http.StatusOK {
		b.t.Fatalf("GET %s: status %d, want 200\n%s", path, r.status, r.body)
	}
	checkDocument(b.t, path, r.body)
	return r
}

func (b *browser) post(path string, form url.Values) response {
	return b.do(http.MethodPost, path, form, nil)
}

// login logs in with the admin token.
func (b *browser) login() {
	b.t.Helper()
	r := b.post("/admin/login", url.Values{"token": {adminToken}, "return_to": {"/admin/geo/sites"}})
	if r.status != http.StatusSeeOther {
		b.t.Fatalf("login: status %d, want 303\n%s", r.status, r.body)
	}
}

var csrfPattern = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// csrf reads the CSRF token from a page of the session.
func (b *browser) csrf() string {
	b.t.Helper()
	m := csrfPattern.FindStringSubmatch(b.page("/admin/geo/sites").body)
	if m == nil {
		b.t.Fatal("no csrf_token on the sites page")
	}
	return m[1]
}

// action POSTs a console form with the session's CSRF token and expects
// a 303 back to returnTo.
func (b *browser) action(path, returnTo string, form url.Values) {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf_token", b.csrf())
	form.Set("return_to", returnTo)
	r := b.post(path, form)
	if r.status != http.StatusSeeOther {
		b.t.Fatalf("POST %s: status %d, want 303\n%s", path, r.status, r.body)
	}
	if loc := r.header.Get("Location"); loc != returnTo {
		b.t.Fatalf("POST %s: redirected to %q, want %q", path, loc, returnTo)
	}
}

type adminapiConfig = adminapi.Config

func mustURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// registryState reads a registry's replication state.
func registryState(t *testing.T, e *geotest.Env, id int64) int {
	t.Helper()
	var st int
	if err := e.Tracking.QueryRowContext(context.Background(), "SELECT state FROM cool_widget_registry WHERE id = $1", id).Scan(&st); err != nil {
		t.Fatal(err)
	}
	return st
}
