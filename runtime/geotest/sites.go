package geotest

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geoauth"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/verification"
)

// Sites is what a primary and a secondary site of one type on an Env have
// whatever the type's strategy: BlobSites and RepositorySites embed it and
// add their storage. The primary's endpoints run on a loopback HTTP
// server, the secondary reads the primary's main database through a
// read-only view, and both sites and the tokens run on the Env's fake
// clock. Flags start with replication on.
type Sites struct {
	Env       *Env
	Flags     *flags.Memory
	MainView  *sqldb.DB // the secondary's read-only view of Env.Main
	Server    *httptest.Server
	Verifier  *geoauth.Verifier
	Signer    *geoauth.Signer
	Options   site.Options
	Primary   *site.Primary
	Secondary *site.Secondary

	strategy replicable.Strategy
	factory  replicator.Factory // nil: the runtime's
	// storage gives a site's configuration the strategy's storage.
	primaryStorage   func(*site.PrimaryConfig)
	secondaryStorage func(*site.SecondaryConfig)
	handler          atomic.Pointer[http.Handler]
}

// newSites fills what does not depend on storage; start builds the sites
// once the embedding type has set its storage.
func newSites(tb testing.TB, e *Env, opts site.Options, strategy replicable.Strategy, factory replicator.Factory) *Sites {
	tb.Helper()
	d := e.Config.Descriptor
	if d.Strategy != strategy {
		tb.Fatalf("geotest: %s has strategy %q; these sites need a %s type", d.Name, d.Strategy, strategy)
	}
	return &Sites{
		Env: e, Flags: flags.NewMemory(d.ReplicationFlag), Options: opts, MainView: ReadOnlyView(tb, e.Main),
		Verifier: &geoauth.Verifier{
			Keys:     geoauth.StaticKeys{SecondaryAccessKey: {Secret: SecondarySecret, Site: SecondaryName}},
			Audience: PrimaryName,
			Clock:    e.Clock,
		},
		Signer:   &geoauth.Signer{AccessKey: SecondaryAccessKey, Secret: SecondarySecret, Issuer: SecondaryName, Audience: PrimaryName, Clock: e.Clock},
		strategy: strategy, factory: factory,
	}
}

// start builds the primary, serves its handler and builds the secondary.
func (s *Sites) start(tb testing.TB) {
	tb.Helper()
	logger := testLogger()
	cfg := site.PrimaryConfig{
		Main: s.Env.Main, Types: s.Env.typesOf(), Flags: s.Flags, Clock: s.Env.Clock,
		Verifier: s.Verifier, Strategies: s.strategies(), Logger: logger, Options: s.Options,
	}
	s.primaryStorage(&cfg)
	var err error
	if s.Primary, err = site.NewPrimary(cfg); err != nil {
		tb.Fatal(err)
	}
	primaryHandler := s.Primary.Handler()
	s.handler.Store(&primaryHandler)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		(*s.handler.Load()).ServeHTTP(w, r)
	}))
	tb.Cleanup(s.Server.Close)
	s.Secondary = s.NewSecondary(tb, logger)
}

func (s *Sites) strategies() map[replicable.Strategy]replicator.Factory {
	if s.factory == nil {
		return nil
	}
	return map[replicable.Strategy]replicator.Factory{s.strategy: s.factory}
}

// NewSecondary returns another secondary site process on the same
// tracking database and storage (several sync workers on one database).
func (s *Sites) NewSecondary(tb testing.TB, logger *slog.Logger) *site.Secondary {
	tb.Helper()
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	cfg := site.SecondaryConfig{
		Main: s.MainView, Tracking: s.Env.Tracking, Types: s.Env.typesOf(),
		Flags: s.Flags, Clock: s.Env.Clock, PrimaryURL: s.Server.URL, Signer: s.Signer,
		Strategies: s.strategies(), Logger: logger, Options: s.Options,
	}
	s.secondaryStorage(&cfg)
	sec, err := site.NewSecondary(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return sec
}

// newSecondaryReplicator builds a secondary replicator of d outside the
// sites (a scoped or otherwise altered copy of the type) with the sites'
// factory and storage; cfg adds to its configuration. It returns the
// replicator and its registry.
func (s *Sites) newSecondaryReplicator(tb testing.TB, d *replicable.Descriptor, cfg func(*replicator.Config)) (replicator.Replicator, *registry.Store) {
	tb.Helper()
	reg := registry.NewStore(s.Env.Tracking, d, s.Env.Clock)
	reg.Main = s.MainView
	factory := s.factory
	if factory == nil {
		factory = replicator.Factories()[s.strategy]
	}
	secondary := site.SecondaryConfig{}
	s.secondaryStorage(&secondary)
	c := replicator.Config{
		Descriptor: d, Role: flags.Secondary, Flags: s.Flags, Clock: s.Env.Clock, Main: s.MainView,
		Store: secondary.Blobs, RepositoryRoot: secondary.Repositories,
		Registry: reg, Verification: verification.NewSecondary(s.Env.Tracking, d, s.Env.Clock),
		PrimaryURL: s.Server.URL, Signer: s.Signer, Logger: testLogger(),
	}
	if cfg != nil {
		cfg(&c)
	}
	r, err := factory(c)
	if err != nil {
		tb.Fatal(err)
	}
	return r, reg
}

// SetPrimaryHandler replaces what the primary's server runs, to wrap its
// endpoints (fault injection, counting); wrap receives the real handler.
func (s *Sites) SetPrimaryHandler(wrap func(http.Handler) http.Handler) {
	h := wrap(s.Primary.Handler())
	s.handler.Store(&h)
}

// Registry is the secondary's registry of the type.
func (s *Sites) Registry() *registry.Store {
	reg := registry.NewStore(s.Env.Tracking, s.Env.Config.Descriptor, s.Env.Clock)
	reg.Main = s.MainView
	return reg
}

// PrimaryVerification is the primary's verification store of the type.
func (s *Sites) PrimaryVerification() *verification.Store {
	return verification.NewPrimary(s.Env.Main, s.Env.Config.Descriptor, s.Env.Clock)
}

// testLogger discards logs unless the tests run with -v.
func testLogger() *slog.Logger {
	if testing.Verbose() {
		return slog.Default()
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// Close stops the primary's server and closes the databases' connection
// pools now rather than when the test ends, for a benchmark that builds
// new sites in every iteration: PostgreSQL refuses connections beyond its
// max_connections, and each iteration's idle connections would count
// until then. The schemas are still dropped when the test ends; closing
// again then is harmless.
func (s *Sites) Close() {
	s.Server.Close()
	for _, db := range []*sqldb.DB{s.MainView, s.Env.Main, s.Env.Tracking} {
		db.Close()
	}
}
