package adminapi

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	graphql "github.com/graph-gophers/graphql-go"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/metrics"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
)

// The paths the Handler serves, where GitLab serves them.
const (
	GraphQLPath    = "/api/graphql"
	GeoGraphQLPath = "/api/v4/geo/graphql" // the same GraphQL API, where a secondary's proxied clients look
	StatusPath     = "/api/v4/geo_sites/current/status"
	MetricsPath    = "/metrics"
)

// DefaultSnapshotInterval is how often the status is counted again:
// GitLab's metrics worker runs every minute.
const DefaultSnapshotInterval = time.Minute

// Site names the site the API runs on.
type Site struct {
	Name    string // the GeoNode name; geoNode without arguments is this site
	ID      int64  // the site's id in GitLab's REST API (geo_node_id); 0 is taken as 1 on a primary, 2 on a secondary
	URL     string // labels the Prometheus gauges (metrics.SiteLabel)
	Primary bool   // the primary counts its main database, a secondary its registries

	// What GeoNode shows of the site's configuration: the URL other sites
	// use (empty: URL), its sync and verification capacities and its
	// reverification interval (site.Options.WithDefaults has the values a
	// site runs with; a zero interval shows the verification default).
	InternalURL          string
	SyncCapacity         int
	VerificationCapacity int
	ReverifyInterval     time.Duration
}

// Config is everything the admin API needs. Auth is required; the rest may
// be empty (a site with no types serves an empty GeoNode and status).
type Config struct {
	Site Site
	Auth Authenticator

	// GraphQL lists the types geoNode exposes, each with a Finder over
	// the tracking database (generated code returns the list). A primary
	// passes the same list: it has no registries, so its GeoNode answers
	// every registries field with an empty connection, and every site
	// serves the same schema.
	GraphQL    []geographql.TypeBinding
	OtherNodes []geographql.Node // other sites geoNode(name:) knows; their registries are always empty
	Limits     Limits
	// GlobalIDApp is the application name of the GlobalIDs the API
	// writes: "gitlab" for GitLab's clients; geographql.DefaultGlobalIDApp
	// when empty.
	GlobalIDApp string

	// Types are the types whose status is counted, Flags tells which are
	// enabled. Main is the main database (a secondary's read-only view of
	// it); Tracking is a secondary's tracking database, nil on a primary.
	Types    []*replicable.Descriptor
	Flags    flags.Source
	Main     *sqldb.DB
	Tracking *sqldb.DB
	// Jobs runs the bulk actions (geoRegistriesBulkUpdate on a secondary,
	// the data management checksum-all on a primary) and reports their
	// progress in the status and GraphQL; nil: bulk actions are refused.
	// Single-record actions need only the databases.
	Jobs *bulkjob.Jobs
	// Verifier checksums one record at once on a primary (the data
	// management API's checksum of one record, which answers the record
	// with its new checksum, as GitLab's does): site.Primary. Nil: that
	// endpoint is refused.
	Verifier RecordVerifier
	// FeatureFlags serves the feature flag REST API (FeaturesPath): the
	// persistent flags (*flags.Store), changed only on a primary; nil: the
	// API is not served.
	FeatureFlags FlagAdmin
	// Sites lists the other sites whose status the REST status endpoints
	// serve beside this one's; nil: only this site.
	Sites SiteStatusSource
	// Events reports the site's event log position; nil reports none.
	Events EventSource
	// SnapshotInterval is how often Run counts; DefaultSnapshotInterval
	// when zero.
	SnapshotInterval time.Duration

	// PublicMetrics serves /metrics without a token, for a Prometheus
	// that is kept off the network some other way (GitLab restricts its
	// metrics endpoint by address, not by token).
	PublicMetrics bool

	// Collectors are the running site's own metrics, served on /metrics
	// with the url label (SiteLabel) of the gauges: a secondary's
	// site.Secondary.Metrics(), the damaged copies its checks found.
	Collectors []prometheus.Collector

	Clock  clock.Clock  // nil: the system clock
	Logger *slog.Logger // nil: slog.Default()
}

// Server serves the admin API of one site: GraphQL, the status document,
// Prometheus metrics and the web console (ConsolePath). The status and metrics come from the last
// snapshot Run or Refresh took; requests never count rows.
type Server struct {
	site         Site
	app          string
	auth         Authenticator
	schema       *graphql.Schema
	limits       Limits
	types        []*replicable.Descriptor
	flags        flags.Source
	main         *sqldb.DB
	tracking     *sqldb.DB
	events       EventSource
	sites        SiteStatusSource
	jobs         *bulkjob.Jobs
	verifier     RecordVerifier
	featureFlags FlagAdmin
	interval     time.Duration
	public       bool
	clock        clock.Clock
	log          *slog.Logger
	collector    *metrics.Collector
	registry     *prometheus.Registry
	snapshot     atomic.Pointer[Snapshot]
	handler      http.Handler

	siteCollectors []prometheus.Collector // Config.Collectors
}

// New checks cfg and builds the server. It does not count anything yet:
// call Run (or Refresh) for the status and metrics to have figures.
func New(cfg Config) (*Server, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	s := &Server{
		site: cfg.Site, app: cfg.GlobalIDApp, auth: cfg.Auth, limits: cfg.Limits.withDefaults(),
		types: cfg.Types, flags: cfg.Flags, main: cfg.Main, tracking: cfg.Tracking,
		events: cfg.Events, sites: cfg.Sites, jobs: cfg.Jobs, verifier: cfg.Verifier, featureFlags: cfg.FeatureFlags, interval: cfg.SnapshotInterval, public: cfg.PublicMetrics,
		clock: cfg.Clock, log: cfg.Logger, siteCollectors: cfg.Collectors,
	}
	if s.interval <= 0 {
		s.interval = DefaultSnapshotInterval
	}
	if s.clock == nil {
		s.clock = clock.System{}
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	schema, err := s.buildSchema(s.siteBindings(cfg.GraphQL), cfg.OtherNodes)
	if err != nil {
		return nil, err
	}
	s.schema = schema
	if err := s.buildMetrics(); err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc(GraphQLPath, s.serveGraphQL)
	mux.HandleFunc(GeoGraphQLPath, s.serveGraphQL)
	s.routeSiteStatus(mux) // StatusPath among them
	s.routeDataManagement(mux)
	s.routeFeatures(mux)
	mux.Handle(MetricsPath, s.metricsHandler())
	c, err := s.newConsole()
	if err != nil {
		return nil, err
	}
	mux.Handle(ConsolePath, c.Handler())
	s.handler = mux
	return s, nil
}

func (c Config) check() error {
	var errs []error
	if c.Auth == nil {
		errs = append(errs, errors.New("missing Auth (use adminapi.AdminToken(token) for a static administrator token)"))
	}
	if c.Site.URL == "" {
		errs = append(errs, errors.New("empty Site.URL (it labels the Prometheus gauges)"))
	}
	if len(c.Types) > 0 && c.Flags == nil {
		errs = append(errs, errors.New("missing Flags (they tell which types are counted)"))
	}
	if len(c.Types) > 0 && c.Site.Primary && c.Main == nil {
		errs = append(errs, errors.New("missing Main: a primary counts its main database"))
	}
	if len(c.Types) > 0 && !c.Site.Primary && c.Tracking == nil {
		errs = append(errs, errors.New("missing Tracking: a secondary counts its tracking database"))
	}
	if _, err := replicable.NewSet(c.Types...); err != nil {
		errs = append(errs, err) // their names go into SQL and metric names
	}
	for _, p := range metrics.CheckNames(c.Types) {
		errs = append(errs, p) // one gauge twice would fail every scrape
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("admin API config: %w", err)
	}
	return nil
}

// Handler returns the handler of every endpoint, to mount at the root of
// the site's HTTP server (its paths are absolute).
func (s *Server) Handler() http.Handler { return s.handler }

// Schema returns the executable GraphQL schema, with the limits applied.
func (s *Server) Schema() *graphql.Schema { return s.schema }

// Collector returns the gauges' collector, so a primary can add the
// snapshots its secondaries report (metrics.Collector.Update with their
// URL).
func (s *Server) Collector() *metrics.Collector { return s.collector }

func (s *Server) role() flags.Role {
	if s.site.Primary {
		return flags.Primary
	}
	return flags.Secondary
}
