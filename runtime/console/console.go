package console

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/replicable"
)

// Prefix is where the console is mounted: every path it serves starts
// with it.
const Prefix = "/admin"

// Site names the site the console runs on, for its header and its
// cookies.
type Site struct {
	Name    string
	URL     string // an https URL marks the session cookie Secure
	Primary bool
}

// Config is everything the console needs.
type Config struct {
	Site    Site
	Backend Backend
	Clock   clock.Clock  // nil: the system clock
	Logger  *slog.Logger // nil: slog.Default()
}

// Console serves the admin web console of one site.
type Console struct {
	site     Site
	backend  Backend
	clock    clock.Clock
	log      *slog.Logger
	sessions *sessions
	pages    *pages
	handler  http.Handler
}

// New builds the console.
func New(cfg Config) (*Console, error) {
	if cfg.Backend == nil {
		return nil, errors.New("console config: missing Backend")
	}
	c := &Console{site: cfg.Site, backend: cfg.Backend, clock: cfg.Clock, log: cfg.Logger}
	if c.clock == nil {
		c.clock = clock.System{}
	}
	if c.log == nil {
		c.log = slog.Default()
	}
	c.sessions = newSessions(c.clock.Now)
	p, err := parsePages()
	if err != nil {
		return nil, fmt.Errorf("console templates: %w", err)
	}
	c.pages = p
	c.handler = securityHeaders(c.routes())
	return c, nil
}

// Handler serves every path under Prefix; mount it at Prefix + "/".
func (c *Console) Handler() http.Handler { return c.handler }

func (c *Console) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+Prefix+"/assets/{name}", serveAsset)
	mux.HandleFunc("GET "+Prefix+"/login", c.serveLoginForm)
	mux.HandleFunc("POST "+Prefix+"/login", c.serveLogin)
	mux.HandleFunc("POST "+Prefix+"/logout", c.action(c.serveLogout))

	mux.HandleFunc("GET "+Prefix+"/{$}", c.page(func(w http.ResponseWriter, r *http.Request, _ *session) {
		http.Redirect(w, r, SitesPath, http.StatusSeeOther)
	}))
	mux.HandleFunc("GET "+SitesPath, c.page(c.serveSites))

	mux.HandleFunc("GET "+ReplicationPath, c.page(c.serveReplicationIndex))
	mux.HandleFunc("GET "+ReplicationPath+"/{type}", c.page(c.serveReplicationList))
	mux.HandleFunc("GET "+ReplicationPath+"/{type}/bulk", c.page(c.serveBulkConfirm))
	mux.HandleFunc("POST "+ReplicationPath+"/{type}/bulk", c.action(c.serveBulk))
	mux.HandleFunc("GET "+ReplicationPath+"/{type}/{id}", c.page(c.serveRegistry))
	mux.HandleFunc("POST "+ReplicationPath+"/{type}/{id}/resync", c.action(c.serveResync))
	mux.HandleFunc("POST "+ReplicationPath+"/{type}/{id}/reverify", c.action(c.serveReverify))

	mux.HandleFunc("GET "+DataManagementPath, c.page(c.serveDataManagementIndex))
	mux.HandleFunc("GET "+DataManagementPath+"/{type}", c.page(c.serveChecksums))
	mux.HandleFunc("POST "+DataManagementPath+"/{type}/checksum", c.action(c.serveChecksumAll))
	mux.HandleFunc("POST "+DataManagementPath+"/{type}/{id}/checksum", c.action(c.serveChecksumOne))

	// Anything else: the login page for a stranger, a 404 page for an
	// administrator, so the console's paths are not probed without a
	// session.
	mux.HandleFunc("GET "+Prefix+"/", c.page(func(w http.ResponseWriter, r *http.Request, sess *session) {
		c.fail(w, r, sess, http.StatusNotFound, "There is no console page at "+r.URL.Path+". Start from the sites overview.")
	}))
	return mux
}

// The console's pages.
const (
	SitesPath          = Prefix + "/geo/sites"
	ReplicationPath    = Prefix + "/geo/replication"
	DataManagementPath = Prefix + "/data_management"
	LoginPath          = Prefix + "/login"
	LogoutPath         = Prefix + "/logout"
)

// typeNamed finds the type whose plural (or name) is in the path.
func (c *Console) typeNamed(name string) *replicable.Descriptor {
	for _, d := range c.backend.Types() {
		if name == d.Plural || name == d.Name {
			return d
		}
	}
	return nil
}

// typeList names every type, for error messages.
func (c *Console) typeList() string {
	var names []string
	for _, d := range c.backend.Types() {
		names = append(names, d.Plural)
	}
	if len(names) == 0 {
		return "none (this site replicates no types)"
	}
	return strings.Join(names, ", ")
}

// securityHeaders sets the headers every console response carries: a
// Content-Security-Policy that allows only the console's own script and
// style files (no inline script, no inline style, no other origin), no
// framing, no referrer outside the site, no content sniffing.
func securityHeaders(next http.Handler) http.Handler {
	const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}
