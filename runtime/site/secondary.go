package site

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/errgroup"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/gitrepo"
	"github.com/geogen/geogen/runtime/metrics"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/transfer"
	"github.com/geogen/geogen/runtime/verification"
)

// SecondaryConfig describes a secondary site.
type SecondaryConfig struct {
	// Main is the read-only view of the primary's main database (see
	// OpenReadOnly).
	Main *sqldb.DB
	// Tracking is the secondary's own database: registries and the event
	// log position.
	Tracking *sqldb.DB
	// Blobs is the secondary's blob store; required with a blob type.
	Blobs blobstore.Store
	// Repositories is the directory of the secondary's mirrors of the
	// primary's repositories; required with a repository type. Run
	// removes clones a crashed process left half-done under it.
	Repositories string
	// TypeBlobs and TypeRepositories give single types, by replicable
	// name, a blob store or repository root of their own in place of
	// Blobs or Repositories.
	TypeBlobs        map[string]blobstore.Store
	TypeRepositories map[string]string
	// Mirror runs git for repository syncs; nil: git from PATH.
	Mirror *gitrepo.Mirror
	// Types are the replicable types; Flags turns their replication on.
	Types []*replicable.Descriptor
	Flags flags.Source
	Clock clock.Clock // nil: the system clock

	// PrimaryURL is the primary's internal URL; Signer signs the token of
	// each download and fetch with this site's access key.
	PrimaryURL string
	Signer     transfer.TokenSigner
	Client     *http.Client // nil: transfer.NewClient()

	// Strategies adds or replaces replicator factories by strategy (a
	// repository strategy, say); replicator.Factories() is the default.
	Strategies map[replicable.Strategy]replicator.Factory

	Logger  *slog.Logger // nil: slog.Default()
	Options Options
}

// Secondary is a running secondary site's state: one replicator per type
// and the stores the workers use.
type Secondary struct {
	main     *sqldb.DB
	tracking *sqldb.DB
	storage  storage
	flags    flags.Source
	clock    clock.Clock
	log      *slog.Logger
	opts     Options
	types    []*secondaryType
	byName   map[string]*secondaryType
	wake     chan struct{} // new pending registries: sync now

	consistencyMu     sync.Mutex
	consistencyCursor map[string]int64 // per type: the last model id checked
	awaitingCursor    map[string]int64 // per type: the last record RecheckAwaitingChecksum looked at

	consumerOnce  sync.Once
	eventConsumer *eventlog.Consumer

	bulkJobs *bulkjob.Jobs

	// The failures of the claim loops (a health reason while they last)
	// and of the lease renewals, logged without repeats.
	syncClaims, verifyClaims *repeatedErrors
	renewErrors              *repeatedErrors

	damage *metrics.Damage // the damaged copies its checks found
}

// secondaryType is one type's replicator and stores on a secondary.
type secondaryType struct {
	d        *replicable.Descriptor
	r        replicator.Replicator
	registry *registry.Store
	verifier *replicator.Verifier
}

// NewSecondary checks cfg and builds the replicators of every type.
func NewSecondary(cfg SecondaryConfig) (*Secondary, error) {
	switch {
	case cfg.Main == nil || cfg.Tracking == nil:
		return nil, errors.New("secondary site: Main (read-only view of the primary's database) and Tracking are required")
	case cfg.Flags == nil:
		return nil, errors.New("secondary site: Flags is required")
	}
	st := storage{blobs: cfg.Blobs, repos: cfg.Repositories, typeBlobs: cfg.TypeBlobs, typeRepos: cfg.TypeRepositories}
	if err := checkTypes(cfg.Types, st); err != nil {
		return nil, fmt.Errorf("secondary site: %w", err)
	}
	s := &Secondary{
		main: cfg.Main, tracking: cfg.Tracking, storage: st, flags: cfg.Flags, clock: cfg.Clock, log: cfg.Logger,
		opts: cfg.Options.WithDefaults(), byName: map[string]*secondaryType{}, wake: make(chan struct{}, 1),
		consistencyCursor: map[string]int64{}, awaitingCursor: map[string]int64{},
	}
	if s.clock == nil {
		s.clock = clock.System{}
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.log = s.log.With(slog.String("site", "secondary"))
	s.syncClaims = newClaimErrors(syncPoolName, s.log, s.clock.Now)
	s.verifyClaims = newClaimErrors(secondaryVerifyPoolName, s.log, s.clock.Now)
	s.renewErrors = &repeatedErrors{log: s.log, msg: "renew sync and verification leases", now: s.clock.Now}
	s.damage = metrics.NewDamage(cfg.Types)
	limitConnections(s.opts, cfg.Main, cfg.Tracking)
	factories := mergeFactories(cfg.Strategies)
	for _, d := range cfg.Types {
		f, ok := factories[d.Strategy]
		if !ok {
			return nil, fmt.Errorf("secondary site: no replicator for %s's strategy %q (add one to Strategies)", d.Name, d.Strategy)
		}
		reg := registry.NewStore(cfg.Tracking, d, s.clock)
		reg.Main = cfg.Main
		reg.Lease = s.opts.Lease
		reg.Jitter = s.opts.retryJitter()
		vs := verification.NewSecondary(cfg.Tracking, d, s.clock)
		vs.Lease = s.opts.Lease
		vs.Jitter = s.opts.retryJitter()
		vs.ReverifyInterval = s.opts.SelfVerifyInterval
		if s.opts.VerificationTimeout > 0 {
			vs.Timeout = s.opts.VerificationTimeout
		}
		r, err := f(replicator.Config{
			Descriptor: d, Role: flags.Secondary, Flags: cfg.Flags, Clock: s.clock, Main: cfg.Main,
			Store: st.blobsOf(d.Name), RepositoryRoot: st.reposOf(d.Name), Logger: s.log, Registry: reg, Verification: vs,
			PrimaryURL: cfg.PrimaryURL, Signer: cfg.Signer, Client: cfg.Client, Mirror: cfg.Mirror,
		})
		if err != nil {
			return nil, fmt.Errorf("secondary site: %w", err)
		}
		t := &secondaryType{d: d, r: r, registry: reg, verifier: &replicator.Verifier{
			Replicator: r, Store: vs, Main: cfg.Main, Flags: cfg.Flags, Clock: s.clock, Log: s.log,
		}}
		if _, dup := s.byName[d.Name]; dup {
			return nil, fmt.Errorf("secondary site: type %s listed twice", d.Name)
		}
		s.types = append(s.types, t)
		s.byName[d.Name] = t
	}
	jobs, err := newBulkJobs(cfg.Tracking, cfg.Types, cfg.Flags, flags.Secondary, s.clock, s.opts.BulkJobs)
	if err != nil {
		return nil, fmt.Errorf("secondary site: %w", err)
	}
	s.bulkJobs = jobs
	return s, nil
}

// BulkJobs are the site's bulk resync and reverify jobs, which Run works
// through.
func (s *Secondary) BulkJobs() *bulkjob.Jobs { return s.bulkJobs }

func mergeFactories(extra map[replicable.Strategy]replicator.Factory) map[replicable.Strategy]replicator.Factory {
	f := replicator.Factories()
	for k, v := range extra {
		f[k] = v
	}
	return f
}

// Metrics returns the site's own Prometheus counters: the damaged copies
// its verification and existence checks found, per type and check
// (metrics.Damage). Register them where the site's metrics are served
// (adminapi.Config.Collectors).
func (s *Secondary) Metrics() prometheus.Collector { return s.damage }

// Damage is what Metrics counts, to read the counts directly.
func (s *Secondary) Damage() *metrics.Damage { return s.damage }

// Options are the options the site runs with, defaults filled in.
func (s *Secondary) Options() Options { return s.opts }

// Replicator returns the replicator of a type by replicable name.
func (s *Secondary) Replicator(name string) (replicator.Replicator, bool) {
	t, ok := s.byName[name]
	if !ok {
		return nil, false
	}
	return t.r, true
}

// replicating returns the types whose replication is enabled now.
func (s *Secondary) replicating() []*secondaryType {
	var out []*secondaryType
	for _, t := range s.types {
		if flags.ReplicationEnabled(s.flags, t.d) {
			out = append(out, t)
		}
	}
	return out
}

// Run runs every worker until ctx ends, then waits for them to stop and
// returns nil. Errors inside a worker are logged and the worker goes on.
//
// It first removes the temporary clones a crashed process left under the
// repository root (gitrepo.RemoveStaleTemp): run one Run per repository
// root, as a clone in progress of another process would go too.
// Temporary blob files interrupted writes left behind are removed at
// start and every TempSweepInterval, once StaleTempAge old.
func (s *Secondary) Run(ctx context.Context) error {
	for _, root := range s.storage.repoRoots(s.descriptors()) {
		if err := gitrepo.RemoveStaleTemp(root); err != nil {
			return fmt.Errorf("secondary site: %w", err)
		}
	}
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return s.runConsumer(ctx) })
	g.Go(func() error { s.runConsistency(ctx); return nil })
	g.Go(func() error { s.syncPool(false).run(ctx); return nil })
	g.Go(func() error { s.verifyPool(false).run(ctx); return nil })
	g.Go(func() error { s.runMaintenance(ctx); return nil })
	g.Go(func() error { s.runLeaseRecovery(ctx); return nil })
	g.Go(func() error { runBulkJobs(ctx, s.bulkJobs, s.opts.PollInterval, s.log, s.notifySync); return nil })
	for _, store := range s.storage.blobStores(s.descriptors()) {
		g.Go(func() error { runTempSweep(ctx, s.opts, store, s.log); return nil })
	}
	g.Go(func() error { s.runExistenceCheck(ctx); return nil })
	s.log.Info("secondary site started", "types", len(s.types), "sync_capacity", s.opts.SyncCapacity)
	err := g.Wait()
	s.log.Info("secondary site stopped")
	return err
}

// notifySync tells the sync scheduler that pending rows exist.
func (s *Secondary) notifySync() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}
