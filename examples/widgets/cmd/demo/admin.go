package main

import (
	"context"
	cryptorand "crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/geogen/geogen/examples/widgets/internal/geo"
	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sqldb"
)

// adminSite is one site's admin endpoints (GraphQL, /metrics, status
// JSON) on a loopback listener of its own.
type adminSite struct {
	name   string
	url    string
	server *adminapi.Server
	http   *http.Server
	ln     net.Listener
}

// newAdminSites builds the admin endpoints of both sites. The secondary
// serves the GraphQL registries of every generated type (geo.GraphQL);
// both serve metrics and status from snapshots refreshed every second.
func newAdminSites(types []*replicable.Descriptor, main, view, tracking *sqldb.DB, fl flags.Source, token string, opts site.Options) ([]*adminSite, error) {
	run := opts.WithDefaults() // what GeoNode shows of each site's configuration
	auth := adminapi.StaticTokens{{Token: token, Viewer: finder.Viewer{Admin: true}}}
	cursor := (&eventlog.Consumer{Main: view, Tracking: tracking}).Position
	var sites []*adminSite
	for _, s := range []struct {
		name string
		cfg  adminapi.Config
	}{
		{"primary", adminapi.Config{Main: main, Events: adminapi.EventLog(main, nil)}},
		{"secondary", adminapi.Config{Main: view, Tracking: tracking, Events: adminapi.EventLog(view, cursor),
			GraphQL: geo.GraphQL(tracking, view, fl)}},
	} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		url := "http://" + ln.Addr().String()
		cfg := s.cfg
		cfg.Site = adminapi.Site{Name: s.name, URL: url, Primary: s.name == "primary",
			SyncCapacity: run.SyncCapacity, VerificationCapacity: run.VerificationCapacity, ReverifyInterval: run.ReverifyInterval}
		cfg.Auth, cfg.Types, cfg.Flags, cfg.SnapshotInterval = auth, types, fl, time.Second
		srv, err := adminapi.New(cfg)
		if err != nil {
			ln.Close()
			return nil, fmt.Errorf("%s admin endpoints: %w", s.name, err)
		}
		sites = append(sites, &adminSite{name: s.name, url: url, server: srv, ln: ln,
			http: &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}})
	}
	return sites, nil
}

// serve runs the site's snapshots and HTTP server until ctx ends.
func (a *adminSite) serve(ctx context.Context) error {
	go a.server.Run(ctx)
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = a.http.Shutdown(shutdown)
	}()
	if err := a.http.Serve(a.ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// requests are the sample requests printed for each site.
func (a *adminSite) requests(types []*replicable.Descriptor, token string) []string {
	auth := "-H 'Authorization: Bearer " + token + "'"
	plurals := make([]string, len(types))
	fields := make([]string, len(types))
	for i, d := range types {
		plurals[i] = d.Plural
		fields[i] = fmt.Sprintf(`%s(first: 3, replicationState: SYNCED) { count nodes { id %s state verificationState lastSyncedAt } pageInfo { endCursor hasNextPage } }`,
			d.GraphQLField, d.GraphQLFKField)
	}
	out := []string{
		fmt.Sprintf("curl -s %s %s%s", auth, a.url, adminapi.StatusPath),
		fmt.Sprintf("curl -s %s %s%s | grep -E '^geo_(%s)'", auth, a.url, adminapi.MetricsPath, strings.Join(plurals, "|")),
	}
	if a.name == "secondary" {
		query := fmt.Sprintf(`{"query":"{ geoNode { %s } }"}`, strings.Join(fields, " "))
		out = append(out, fmt.Sprintf("curl -s %s -H 'Content-Type: application/json' -d '%s' %s%s", auth, query, a.url, adminapi.GraphQLPath))
	}
	return out
}

// check sends each sample request once, so the demo proves every
// endpoint answers (an admin token) before it prints them.
func (a *adminSite) check(ctx context.Context, types []*replicable.Descriptor, token string) error {
	if err := a.server.Refresh(ctx); err != nil {
		return fmt.Errorf("%s status snapshot: %w", a.name, err)
	}
	paths := []string{adminapi.StatusPath, adminapi.MetricsPath}
	if a.name == "secondary" {
		paths = append(paths, adminapi.GraphQLPath)
	}
	for _, p := range paths {
		var body io.Reader
		method := http.MethodGet
		if p == adminapi.GraphQLPath {
			method = http.MethodPost
			fields := make([]string, len(types))
			for i, d := range types {
				fields[i] = d.GraphQLField + "(first: 1) { count }"
			}
			body = strings.NewReader(fmt.Sprintf(`{"query":"{ geoNode { %s } }"}`, strings.Join(fields, " ")))
		}
		req, err := http.NewRequestWithContext(ctx, method, a.url+p, body)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return fmt.Errorf("%s %s: %w", a.name, p, err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || strings.Contains(string(data), `"errors"`) {
			return fmt.Errorf("%s %s answered %s: %.200s", a.name, p, resp.Status, data)
		}
	}
	return nil
}

func newToken() string { return "demo-" + strings.ToLower(cryptorand.Text()[:20]) }
