package site

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"golang.org/x/sync/errgroup"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/gitrepo"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/transfer"
	"github.com/geogen/geogen/runtime/verification"
)

// PrimaryConfig describes a primary site.
type PrimaryConfig struct {
	Main  *sqldb.DB       // the main database
	Blobs blobstore.Store // the primary's blob store; required with a blob type
	// Repositories is the directory of the primary's repositories;
	// required with a repository type. A record's repository is at its
	// descriptor's Location under it.
	Repositories string
	// TypeBlobs and TypeRepositories give single types, by replicable
	// name, a blob store or repository root of their own in place of
	// Blobs or Repositories.
	TypeBlobs        map[string]blobstore.Store
	TypeRepositories map[string]string
	Types            []*replicable.Descriptor
	Flags            flags.Source
	Clock            clock.Clock // nil: the system clock
	// Verifier checks the tokens of transfer and git requests
	// (*geoauth.Verifier with the secondaries' access keys).
	Verifier transfer.TokenVerifier

	// Strategies adds or replaces replicator factories by strategy;
	// replicator.Factories() is the default.
	Strategies map[replicable.Strategy]replicator.Factory

	Logger  *slog.Logger // nil: slog.Default()
	Options Options
}

// Primary is a primary site: its replicators, its transfer API and its
// verification worker.
type Primary struct {
	main     *sqldb.DB
	storage  storage
	flags    flags.Source
	clock    clock.Clock
	log      *slog.Logger
	opts     Options
	verifier transfer.TokenVerifier
	types    []*primaryType
	byName   map[string]*primaryType
	bulkJobs *bulkjob.Jobs

	// The failures of the verification worker's claims (a health reason
	// while they last) and of its lease renewals, logged without repeats.
	verifyClaims, renewErrors *repeatedErrors
}

type primaryType struct {
	d        *replicable.Descriptor
	r        replicator.Replicator
	verifier *replicator.Verifier
}

// NewPrimary checks cfg and builds the replicators of every type.
func NewPrimary(cfg PrimaryConfig) (*Primary, error) {
	switch {
	case cfg.Main == nil || cfg.Flags == nil:
		return nil, errors.New("primary site: Main and Flags are required")
	case cfg.Verifier == nil:
		return nil, errors.New("primary site: Verifier (the secondaries' access keys) is required to serve transfers")
	}
	st := storage{blobs: cfg.Blobs, repos: cfg.Repositories, typeBlobs: cfg.TypeBlobs, typeRepos: cfg.TypeRepositories}
	if err := checkTypes(cfg.Types, st); err != nil {
		return nil, fmt.Errorf("primary site: %w", err)
	}
	p := &Primary{
		main: cfg.Main, storage: st, flags: cfg.Flags, clock: cfg.Clock, log: cfg.Logger,
		opts: cfg.Options.WithDefaults(), verifier: cfg.Verifier, byName: map[string]*primaryType{},
	}
	if p.clock == nil {
		p.clock = clock.System{}
	}
	if p.log == nil {
		p.log = slog.Default()
	}
	p.log = p.log.With(slog.String("site", "primary"))
	p.verifyClaims = newClaimErrors(primaryVerifyPoolName, p.log, p.clock.Now)
	p.renewErrors = &repeatedErrors{log: p.log, msg: "renew verification leases", now: p.clock.Now}
	// Verification workers, upkeep and concurrent transfer requests.
	limitConnections(p.opts, cfg.Main)
	factories := mergeFactories(cfg.Strategies)
	for _, d := range cfg.Types {
		f, ok := factories[d.Strategy]
		if !ok {
			return nil, fmt.Errorf("primary site: no replicator for %s's strategy %q (add one to Strategies)", d.Name, d.Strategy)
		}
		r, err := f(replicator.Config{
			Descriptor: d, Role: flags.Primary, Flags: cfg.Flags, Clock: p.clock, Main: cfg.Main,
			Store: st.blobsOf(d.Name), RepositoryRoot: st.reposOf(d.Name), Logger: p.log,
		})
		if err != nil {
			return nil, fmt.Errorf("primary site: %w", err)
		}
		vs := verification.NewPrimary(cfg.Main, d, p.clock)
		vs.Lease = p.opts.Lease
		vs.Jitter = p.opts.retryJitter()
		if p.opts.VerificationTimeout > 0 {
			vs.Timeout = p.opts.VerificationTimeout
		}
		if p.opts.ReverifyInterval > 0 {
			vs.ReverifyInterval = p.opts.ReverifyInterval
		}
		if _, dup := p.byName[d.Name]; dup {
			return nil, fmt.Errorf("primary site: type %s listed twice", d.Name)
		}
		t := &primaryType{d: d, r: r, verifier: &replicator.Verifier{
			Replicator: r, Store: vs, Main: cfg.Main, Flags: cfg.Flags, Clock: p.clock, Log: p.log,
		}}
		p.types = append(p.types, t)
		p.byName[d.Name] = t
	}
	jobs, err := newBulkJobs(cfg.Main, cfg.Types, cfg.Flags, flags.Primary, p.clock, p.opts.BulkJobs)
	if err != nil {
		return nil, fmt.Errorf("primary site: %w", err)
	}
	p.bulkJobs = jobs
	return p, nil
}

// BulkJobs are the site's bulk checksum jobs, which Run works through.
func (p *Primary) BulkJobs() *bulkjob.Jobs { return p.bulkJobs }

// VerifyRecord checksums one record of a type at once and records the
// outcome, as the verification workers would (replicator.Verifier
// VerifyNow): the data management API's checksum of one record.
func (p *Primary) VerifyRecord(ctx context.Context, name string, modelRecordID int64) (replicator.Outcome, error) {
	t, ok := p.byName[name]
	if !ok {
		return 0, fmt.Errorf("verify %s %d: the primary has no such type", name, modelRecordID)
	}
	return t.verifier.VerifyNow(ctx, modelRecordID)
}

// Replicator returns the replicator of a type by replicable name. Blob
// types' replicators are *replicator.Blob and repository types'
// *replicator.Repository, whose Create, Destroy (and AfterPush) are how
// the application adds, deletes (and pushes to) records.
func (p *Primary) Replicator(name string) (replicator.Replicator, bool) {
	t, ok := p.byName[name]
	if !ok {
		return nil, false
	}
	return t.r, true
}

// blobLocator is implemented by replicators whose records are served by
// the transfer API.
type blobLocator interface {
	Locate(ctx context.Context, modelRecordID int64) (transfer.Location, error)
}

// repositoryLocator is implemented by replicators whose records are
// repositories served over git.
type repositoryLocator interface {
	Locate(ctx context.Context, modelRecordID int64) (string, error)
}

// Handler returns what secondaries fetch from: the transfer API (GET
// /api/v4/geo/retrieve/{name}/{id}) serving the blobs of every blob type,
// and, when the site has a repository root, the read-only git endpoint
// (gitrepo.ServePrefix + "{name}/{id}.git/") serving the repositories of
// every repository type; types whose replication is off are not served.
func (p *Primary) Handler() http.Handler {
	locate := transfer.LocatorFunc(func(ctx context.Context, name string, id int64) (transfer.Location, error) {
		t, ok := p.byName[name]
		if !ok || !flags.ReplicationEnabled(p.flags, t.d) {
			return transfer.Location{}, fmt.Errorf("%q: %w", name, transfer.ErrUnknownReplicable)
		}
		l, ok := t.r.(blobLocator)
		if !ok {
			return transfer.Location{}, fmt.Errorf("%q is not a blob type: %w", name, transfer.ErrUnknownReplicable)
		}
		loc, err := l.Locate(ctx, id)
		if _, own := p.storage.typeBlobs[name]; own {
			loc.Store = p.storage.blobsOf(name)
		}
		return loc, err
	})
	blobs := transfer.NewHandler(p.verifier, locate, p.storage.blobs, p.log)
	if len(p.storage.repoRoots(p.descriptors())) == 0 {
		return blobs
	}
	mux := http.NewServeMux()
	if p.storage.repos != "" {
		mux.Handle(gitrepo.ServePrefix, gitrepo.NewServer(p.storage.repos, p.verifier, p.locateRepository, p.log))
	}
	// A type with a root of its own has a server of its own: git's
	// http-backend serves one root.
	for name, root := range p.storage.typeRepos {
		mux.Handle(gitrepo.ServePrefix+name+"/", gitrepo.NewServer(root, p.verifier, p.locateRepository, p.log))
	}
	mux.Handle("/", blobs)
	return mux
}

// locateRepository is the git endpoint's gitrepo.Locate. A type the
// primary does not know, or that is not a repository type, is not found;
// a type whose replication is off is an error (500), not "not found":
// secondaries would record that as missing on the primary.
func (p *Primary) locateRepository(ctx context.Context, name string, id int64) (string, error) {
	t, ok := p.byName[name]
	if !ok {
		return "", fmt.Errorf("unknown replicable %q: %w", name, gitrepo.ErrRepositoryNotFound)
	}
	l, ok := t.r.(repositoryLocator)
	if !ok {
		return "", fmt.Errorf("%q is not a repository type: %w", name, gitrepo.ErrRepositoryNotFound)
	}
	if !flags.ReplicationEnabled(p.flags, t.d) {
		return "", fmt.Errorf("replication of %s is disabled on the primary: enable %s to serve its repositories", name, t.d.ReplicationFlag)
	}
	return l.Locate(ctx, id)
}

// verifying returns the verifiers of the types verified on the primary
// now: replication or the verification flag on.
func (p *Primary) verifying() []*replicator.Verifier {
	var out []*replicator.Verifier
	for _, t := range p.types {
		if flags.VerificationEnabled(p.flags, t.d, flags.Primary) {
			out = append(out, t.verifier)
		}
	}
	return out
}

// VerifyAll checksums every record whose verification is pending or due
// for a retry now and returns how many verifications ran.
func (p *Primary) VerifyAll(ctx context.Context) int {
	return p.verifyPool(true).run(ctx)
}

func (p *Primary) verifyPool(untilIdle bool) *pool[verifyJob] {
	return newVerifyPool(primaryVerifyPoolName, p.opts, p.log, untilIdle, p.verifying, p.renewLeases, p.verifyClaims, nil)
}

// FailingWorkers returns the health reasons of this site's workers that
// its database does not show: a verification worker whose every claim
// has failed for ClaimFailureGrace or longer.
func (p *Primary) FailingWorkers() []string {
	return failingWorkers(p.clock.Now(), claimLoop{primaryVerifyPoolName, p.verifyClaims})
}

// renewLeases extends the leases of the verifications this process runs.
func (p *Primary) renewLeases(ctx context.Context) {
	var errs []error
	for _, t := range p.types {
		if _, err := t.verifier.Store.RenewLeases(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	logOutcome(ctx, p.renewErrors, errors.Join(errs...))
}

// RecoverExpired sets the verifications whose lease has expired (their
// worker, in this process or another, stopped renewing them) back to
// pending and returns how many there were.
func (p *Primary) RecoverExpired(ctx context.Context) (int64, error) {
	var total int64
	var errs []error
	for _, t := range p.types {
		n, err := t.verifier.Store.RecoverExpired(ctx)
		total += n
		errs = append(errs, err)
	}
	return total, errors.Join(errs...)
}

// Maintain runs one pass of the primary's verification upkeep for every
// verified type: state rows for records that have none (backfill), one
// batch of succeeded rows older than the re-verification interval back to
// pending, and timed-out verifications failed. It returns how many rows it
// changed.
func (p *Primary) Maintain(ctx context.Context) (int64, error) {
	var total int64
	var errs []error
	add := func(n int64, err error) {
		total += n
		if err != nil {
			errs = append(errs, err)
		}
	}
	for _, v := range p.verifying() {
		add(v.Store.Backfill(ctx, p.opts.BackfillBatch))
		add(v.Store.ReverifyBatch(ctx, p.opts.ReverifyBatch))
		add(v.Store.RecoverTimedOut(ctx))
	}
	return total, errors.Join(errs...)
}

// CheckColumns checks that every type's state table (or model table,
// for a type verified on it) has the columns verification reads and
// writes: a state table adopted from before the type existed may lack
// some, and the verification worker would otherwise fail on every batch.
func (p *Primary) CheckColumns(ctx context.Context) error {
	var errs []error
	for _, t := range p.types {
		errs = append(errs, verification.CheckColumns(ctx, p.main, t.d))
	}
	return errors.Join(errs...)
}

// Run runs the primary verification worker and its upkeep (expired
// leases, stale temporary blob files) until ctx ends, then returns nil;
// it refuses to start when a type's verification columns are missing
// (CheckColumns). Serving the transfer API is the caller's: mount
// Handler on an http.Server.
func (p *Primary) Run(ctx context.Context) error {
	if err := p.CheckColumns(ctx); err != nil {
		return fmt.Errorf("primary site: %w", err)
	}
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { p.verifyPool(false).run(ctx); return nil })
	g.Go(func() error {
		errs := &repeatedErrors{log: p.log, msg: "verification upkeep"}
		every(ctx, p.opts.MaintenanceInterval, func(ctx context.Context) {
			n, err := p.Maintain(ctx)
			logOutcome(ctx, errs, err)
			if err == nil && n > 0 {
				p.log.Debug("verification upkeep", "rows", n)
			}
		})
		return nil
	})
	g.Go(func() error {
		errs := &repeatedErrors{log: p.log, msg: "recover verifications with expired leases"}
		every(ctx, p.opts.Lease/2, func(ctx context.Context) {
			n, err := p.RecoverExpired(ctx)
			logOutcome(ctx, errs, err)
			if err == nil && n > 0 {
				p.log.Warn("took back verifications whose worker stopped renewing them", "count", n)
			}
		})
		return nil
	})
	g.Go(func() error { runBulkJobs(ctx, p.bulkJobs, p.opts.PollInterval, p.log, nil); return nil })
	for _, store := range p.storage.blobStores(p.descriptors()) {
		g.Go(func() error { runTempSweep(ctx, p.opts, store, p.log); return nil })
	}
	p.log.Info("primary site started", "types", len(p.types))
	err := g.Wait()
	p.log.Info("primary site stopped")
	return err
}
