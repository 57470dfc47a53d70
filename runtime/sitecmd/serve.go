package sitecmd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"
	"golang.org/x/sync/errgroup"

	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/siteconfig"
	"github.com/geogen/geogen/runtime/sitestatus"
	"github.com/geogen/geogen/runtime/sqldb"
)

func (a *app) runCommand(role string) *cobra.Command {
	long := map[string]string{
		siteconfig.RolePrimary: `primary runs the primary site: the transfer API secondaries download from, the
verification of every record, the status reports of secondaries and the pruning of
the event log, and the admin API. SIGTERM or SIGINT stops it: it stops taking
work, lets in-flight checksums finish or gives them back (pending again at once),
and exits 0. Work still running after shutdown_timeout has its claims given back;
the site logs it and exits 1.`,
		siteconfig.RoleSecondary: `secondary runs a secondary site: the event consumer, the sync and verification
workers, the registry consistency pass, the status reports to the primary, and the
admin API. SIGTERM or SIGINT stops it: it stops taking work, lets in-flight syncs
and checksums finish or gives them back (pending again at once, for the next
worker), and exits 0. Work still running after shutdown_timeout has its claims
given back; the site logs it and exits 1.`,
	}[role]
	return &cobra.Command{
		Use:   role,
		Short: "Run the " + role + " site",
		Long:  long,
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			if cfg.Role != role {
				return usage("the configuration's role is %s: run geo %s, or set role: %s", cfg.Role, cfg.Role, role)
			}
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return a.serve(ctx, cfg)
		},
	}
}

// listener is one HTTP server of the site.
type listener struct {
	name    string
	ln      net.Listener
	handler http.Handler
}

// serve runs the configured site until ctx ends.
func (a *app) serve(ctx context.Context, cfg siteconfig.Config) error {
	log := logger(cfg, os.Stderr).With("site_name", cfg.SiteName)
	dbs, err := openDatabases(ctx, cfg)
	if err != nil {
		return err
	}
	defer dbs.Close()
	if err := a.migrated(ctx, cfg, dbs); err != nil {
		return err
	}
	fl, err := a.flagStore(ctx, cfg, dbs.Main)
	if err != nil {
		return err
	}
	st, err := a.openStorage(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	opts := site.Options{
		PollInterval: cfg.PollInterval, MaintenanceInterval: cfg.MaintenanceInterval, ConsistencyInterval: cfg.ConsistencyInterval,
		SyncCapacity: cfg.SyncCapacity, VerificationCapacity: cfg.VerificationCapacity, ReverifyInterval: cfg.ReverifyInterval,
		VerificationTimeout: cfg.VerificationTimeout, Lease: cfg.Lease, StaleTempAge: cfg.StaleTempAge, RetryJitterMax: cfg.RetryJitterMax,
		MaxConnections: cfg.MaxConnections, ConnectionIdleTime: cfg.ConnectionIdleTime,
		SelfVerifyInterval: cfg.SelfVerifyInterval, ExistenceCheckInterval: cfg.ExistenceCheckInterval, TempSweepInterval: cfg.TempSweepInterval,
	}
	run := opts.WithDefaults()
	primary := cfg.Role == siteconfig.RolePrimary
	adminCfg := adminapi.Config{
		Site: adminapi.Site{Name: cfg.SiteName, URL: cfg.SiteURL, Primary: primary,
			SyncCapacity: run.SyncCapacity, VerificationCapacity: run.VerificationCapacity, ReverifyInterval: run.ReverifyInterval},
		Auth: adminapi.AdminToken(cfg.AdminToken.Reveal()), Types: a.project.Types, Flags: fl, FeatureFlags: fl, Main: dbs.Main,
		SnapshotInterval: cfg.StatusInterval, Logger: log, GlobalIDApp: cfg.GlobalIDApp,
	}
	// Every site serves the same GraphQL schema; a primary's registries
	// fields are empty (adminapi drops its bindings' finders).
	if a.project.GraphQL != nil {
		adminCfg.GraphQL = a.project.GraphQL(dbs.Tracking, dbs.Main, fl)
	}
	var giveBack func(context.Context) (int64, error)
	workers := []func(context.Context) error{
		func(ctx context.Context) error { fl.Run(ctx, cfg.FlagsRefreshInterval, log); return nil },
	}
	var siteHandler http.Handler
	if primary {
		p, err := site.NewPrimary(site.PrimaryConfig{
			Main: dbs.Main, Blobs: st.blobs, Repositories: st.repos, TypeBlobs: st.typeBlobs, TypeRepositories: st.typeRepos, Types: a.project.Types, Flags: fl,
			Verifier: verifier(cfg), Logger: log, Options: opts,
		})
		if err != nil {
			return err
		}
		mux := http.NewServeMux()
		mux.Handle(sitestatus.ReportPath, sitestatus.Handler(cfg.SiteName, dbs.Main, verifier(cfg), nil, log))
		mux.Handle("/", p.Handler())
		siteHandler = mux
		adminCfg.Events = adminapi.EventLog(dbs.Main, nil)
		adminCfg.Sites = knownSites(dbs.Main, cfg.SilentAfter)
		adminCfg.Jobs = p.BulkJobs()
		adminCfg.Verifier = p
		giveBack = p.GiveBackClaims
		workers = append(workers, p.Run, func(ctx context.Context) error { a.pruneLoop(ctx, cfg, dbs, log); return nil })
	} else {
		s, err := site.NewSecondary(site.SecondaryConfig{
			Main: dbs.Main, Tracking: dbs.Tracking, Blobs: st.blobs, Repositories: st.repos, TypeBlobs: st.typeBlobs, TypeRepositories: st.typeRepos, Types: a.project.Types, Flags: fl,
			PrimaryURL: cfg.PrimaryURL, Signer: signer(cfg), Logger: log, Options: opts,
		})
		if err != nil {
			return err
		}
		siteHandler = http.NotFoundHandler()
		adminCfg.Tracking = dbs.Tracking
		adminCfg.Events = adminapi.EventLog(dbs.Main, (&eventlog.Consumer{Main: dbs.Main, Tracking: dbs.Tracking}).Position)
		adminCfg.Jobs = s.BulkJobs()
		adminCfg.Collectors = []prometheus.Collector{s.Metrics()}
		giveBack = s.GiveBackClaims
		workers = append(workers, s.Run, func(ctx context.Context) error { a.reportLoop(ctx, cfg, dbs, fl, s.FailingWorkers, log); return nil })
	}
	admin, err := adminapi.New(adminCfg)
	if err != nil {
		return err
	}
	workers = append(workers, func(ctx context.Context) error { admin.Run(ctx); return nil })

	var listeners []listener
	for _, l := range []struct {
		name, addr string
		h          http.Handler
	}{{"site", cfg.ListenSite, siteHandler}, {"admin", cfg.ListenAdmin, admin.Handler()}} {
		ln, err := net.Listen("tcp", l.addr)
		if err != nil {
			for _, open := range listeners {
				open.ln.Close()
			}
			return fmt.Errorf("listen.%s: %w", l.name, err)
		}
		listeners = append(listeners, listener{name: l.name, ln: ln, handler: l.h})
	}
	log.Info("site running", "role", cfg.Role, "site_api", "http://"+listeners[0].ln.Addr().String(),
		"admin_api", "http://"+listeners[1].ln.Addr().String(), "types", len(a.project.Types))
	return runUntilDone(ctx, cfg.ShutdownTimeout, log, listeners, workers, giveBack)
}

// giveBackTimeout bounds the giving back of claims after the shutdown
// timeout: the process exits either way.
const giveBackTimeout = 10 * time.Second

// runUntilDone serves the listeners and runs the workers until ctx ends
// (a signal) or one of them fails, then shuts the servers down and waits
// for the workers, at most timeout. Workers that stop in time give their
// unfinished rows back themselves; past the timeout giveBack returns the
// rest (nil: nothing to give back) and runUntilDone returns an error, for
// a non-zero exit.
func runUntilDone(ctx context.Context, timeout time.Duration, log *slog.Logger, listeners []listener, workers []func(context.Context) error,
	giveBack func(context.Context) (int64, error)) error {
	g, gctx := errgroup.WithContext(ctx)
	var servers []*http.Server
	for _, l := range listeners {
		srv := &http.Server{Handler: l.handler, ReadHeaderTimeout: 10 * time.Second}
		servers = append(servers, srv)
		g.Go(func() error {
			if err := srv.Serve(l.ln); !errors.Is(err, http.ErrServerClosed) {
				return fmt.Errorf("%s API: %w", l.name, err)
			}
			return nil
		})
	}
	for _, w := range workers {
		g.Go(func() error { return w(gctx) })
	}
	g.Go(func() error {
		<-gctx.Done()
		log.Info("stopping: finishing in-flight work", "timeout", timeout)
		shutdown, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		for _, srv := range servers {
			_ = srv.Shutdown(shutdown)
		}
		return nil
	})
	done := make(chan error, 1)
	go func() { done <- g.Wait() }()
	result := func(err error) error {
		log.Info("stopped")
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
		return nil
	}
	select {
	case err := <-done: // a server or worker failed
		return result(err)
	case <-ctx.Done():
	}
	select {
	case err := <-done:
		return result(err)
	case <-time.After(timeout):
	}
	var given int64
	var err error
	if giveBack != nil {
		gctx, cancel := context.WithTimeout(context.Background(), giveBackTimeout)
		given, err = giveBack(gctx)
		cancel()
	}
	if err != nil {
		log.Error("stopping: in-flight work did not finish within shutdown_timeout, and giving its claims back failed; "+
			"they are retried when their leases expire", "timeout", timeout, "given_back", given, "error", err)
		return fmt.Errorf("in-flight work did not finish within shutdown_timeout %s; %d claims given back, the rest retried when their leases expire: %w", timeout, given, err)
	}
	log.Error("stopping: in-flight work did not finish within shutdown_timeout; its claims were given back for other workers", "timeout", timeout, "given_back", given)
	return fmt.Errorf("in-flight work did not finish within shutdown_timeout %s; %d claims given back to be retried", timeout, given)
}

// reportLoop sends the secondary's status to its primary every status
// interval, with the health reasons of its running workers.
func (a *app) reportLoop(ctx context.Context, cfg siteconfig.Config, dbs *databases, fl flags.Source, workers func() []string, log *slog.Logger) {
	client := &sitestatus.Client{PrimaryURL: cfg.PrimaryURL, Signer: signer(cfg)}
	every(ctx, cfg.StatusInterval, func(ctx context.Context) {
		r := a.collectWith(ctx, cfg, dbs, fl, workers)
		if err := client.Send(ctx, r); err != nil && ctx.Err() == nil {
			log.Warn("status report to the primary failed", "error", err)
		}
	})
}

// pruneLoop prunes the primary's event log every status interval.
func (a *app) pruneLoop(ctx context.Context, cfg siteconfig.Config, dbs *databases, log *slog.Logger) {
	if !cfg.PruneEvents {
		return
	}
	p := &sitestatus.Pruner{Main: dbs.Main, SilentAfter: cfg.SilentAfter, Batch: cfg.PruneBatch, Pause: 10 * time.Millisecond}
	every(ctx, cfg.StatusInterval, func(ctx context.Context) {
		res, err := p.Prune(ctx, time.Now())
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("event log pruning failed", "error", err)
		case res.Held != "":
			log.Debug("event log pruning " + res.Held)
		case res.Deleted > 0:
			log.Info("event log pruned", "events", res.Deleted, "up_to_id", res.Below)
		}
	})
}

// every runs f now and then every interval until ctx ends.
func every(ctx context.Context, interval time.Duration, f func(context.Context)) {
	for {
		f(ctx)
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

// collect is the site's status now, as its databases show it.
func (a *app) collect(ctx context.Context, cfg siteconfig.Config, dbs *databases, fl flags.Source) sitestatus.Report {
	return a.collectWith(ctx, cfg, dbs, fl, nil)
}

// collectWith is the site's status now, with the health reasons of the
// workers running in this process (nil: none).
func (a *app) collectWith(ctx context.Context, cfg siteconfig.Config, dbs *databases, fl flags.Source, workers func() []string) sitestatus.Report {
	return sitestatus.Collect(ctx, sitestatus.Site{
		Name: cfg.SiteName, URL: cfg.SiteURL, Primary: cfg.Role == siteconfig.RolePrimary, Types: a.project.Types,
		Flags: fl, Main: dbs.Main, Tracking: dbs.Tracking, MaxLag: cfg.MaxReplicationLag,
		WorkerWindow: cfg.FailingWorkersWindow, WorkerFailurePercent: cfg.FailingWorkersPercent,
		Workers: workers,
	})
}

// knownSites serves the secondaries' last reports in the admin API's
// status array; a silent one is shown unhealthy.
func knownSites(main *sqldb.DB, silentAfter time.Duration) adminapi.SiteStatusSource {
	return adminapi.SiteStatusesFunc(func(ctx context.Context) ([]adminapi.SiteStatus, error) {
		known, err := sitestatus.List(ctx, main)
		if err != nil {
			return nil, err
		}
		now := time.Now()
		out := make([]adminapi.SiteStatus, 0, len(known))
		for _, k := range known {
			out = append(out, adminapi.SiteStatus{ID: k.ID, Status: k.Current(now, silentAfter).Document()})
		}
		return out, nil
	})
}
