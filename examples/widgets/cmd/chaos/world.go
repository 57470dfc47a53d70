package main

import (
	"context"
	cryptorand "crypto/rand"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/geogen/geogen/examples/widgets/internal/geo/coolwidget"
	"github.com/geogen/geogen/examples/widgets/internal/geo/gizmo"
	"github.com/geogen/geogen/examples/widgets/migrations"
	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geoauth"
	"github.com/geogen/geogen/runtime/migrate"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sitestatus"
	"github.com/geogen/geogen/runtime/sqldb"
)

// types are the example's replicable types, replicated by both sites.
var types = []*replicable.Descriptor{coolwidget.Descriptor, gizmo.Descriptor}

// siteFlags turns replication (and so verification) of every type on.
func siteFlags() flags.Source {
	return flags.NewMemory(coolwidget.Descriptor.ReplicationFlag, gizmo.Descriptor.ReplicationFlag)
}

// The sites' tuning: intervals short enough for a round to converge in
// seconds, capacities small enough for a shared machine.
const (
	// lease is how long a row may stay started after the process that
	// started it died; the sites are configured with it.
	lease = 5 * time.Second
	// maxConnections is the cluster's max_connections.
	maxConnections = 60
	// handleConnections bounds each database handle of a site
	// (Options.MaxConnections): the primary has one (its main
	// database), a secondary two (its view of the main database and its
	// tracking database).
	handleConnections = 4
	// A temporary file is removed once it has not changed for
	// staleTempAge, by a sweep every tempSweepInterval (and at start).
	staleTempAge      = 3 * time.Second
	tempSweepInterval = time.Second
)

// siteConnections is the most database connections a site may hold.
var siteConnections = map[string]int{"chaos-primary": handleConnections, "chaos-secondary": 2 * handleConnections}

func siteOptions() site.Options {
	return site.Options{
		PollInterval:         50 * time.Millisecond,
		MaintenanceInterval:  500 * time.Millisecond,
		ConsistencyInterval:  time.Second,
		SyncCapacity:         4,
		VerificationCapacity: 4,
		Lease:                lease,
		MaxConnections:       handleConnections,
		ConnectionIdleTime:   2 * time.Second,
		// A sync cut off by a kill is retried 16 s later, not 16 to 74 s.
		RetryJitterMax:    1,
		TempSweepInterval: tempSweepInterval,
		StaleTempAge:      staleTempAge,
		// The secondary checks that its copies exist every 2 s, and
		// checksums them again once their verification is 10 s old.
		ExistenceCheckInterval: 2 * time.Second,
		SelfVerifyInterval:     10 * time.Second,
	}
}

// world is everything a run sets up: the cluster, both sites' processes
// and directories, and the harness's own view of both sites.
type world struct {
	cfg   config
	dir   string
	rng   *rand.Rand
	pg    *cluster
	main  *sqldb.DB // the primary's main database, as the application uses it
	track *sqldb.DB // the secondary's tracking database, for the checks
	// app creates records on the primary as the application does (never
	// Run: the primary process does the work).
	app *site.Primary
	// view reads the secondary's registries and checksums its copies on
	// disk (never Run either).
	view *site.Secondary

	primary, secondary *siteProcess
	primaryBlobs       *blobstore.Dir
	secondaryBlobs     *blobstore.Dir
	secondaryRepos     string

	secondaryLog *logScanner

	widgets, gizmos []int64 // every record created so far
	conns           *connSampler
}

func newWorld(ctx context.Context, cfg config) (w *world, err error) {
	dir, err := os.MkdirTemp("", "geogen-chaos-")
	if err != nil {
		return nil, err
	}
	// The cluster's user (postgres, when the harness is root) must reach
	// the cluster's directory.
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	w = &world{cfg: cfg, dir: dir, rng: rand.New(rand.NewPCG(cfg.seed, cfg.seed^0x9e3779b97f4a7c15))}
	defer func() {
		if err != nil {
			w.close()
		}
	}()
	pgRoot := filepath.Join(dir, "pg")
	if err := os.Mkdir(pgRoot, 0o700); err != nil {
		return nil, err
	}
	start := time.Now()
	if w.pg, err = newCluster(ctx, pgRoot, maxConnections); err != nil {
		return nil, fmt.Errorf("PostgreSQL cluster: %w", err)
	}
	admin, err := sqldb.Open(ctx, w.pg.url("postgres", "chaos-harness"))
	if err != nil {
		return nil, err
	}
	for _, db := range []string{"geo_main", "geo_tracking"} {
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+db); err != nil {
			admin.Close()
			return nil, err
		}
	}
	admin.Close()
	fmt.Printf("PostgreSQL cluster on 127.0.0.1:%d in %s (max_connections %d), ready in %s\n",
		w.pg.port, pgRoot, maxConnections, time.Since(start).Round(time.Millisecond))

	mainURL, trackingURL := w.pg.url("geo_main", "chaos-harness"), w.pg.url("geo_tracking", "chaos-harness")
	if w.main, err = sqldb.Open(ctx, mainURL); err != nil {
		return nil, err
	}
	if w.track, err = sqldb.Open(ctx, trackingURL); err != nil {
		return nil, err
	}
	w.main.SetMaxOpenConns(4)
	w.track.SetMaxOpenConns(4)
	// The runtime's tables and the project's, as the site binary's
	// migrate applies them.
	if err := migrate.Up(ctx, w.main, migrate.Main, eventlog.MainMigrations, flags.MainMigrations, sitestatus.MainMigrations,
		bulkjob.Migrations, migrations.Main); err != nil {
		return nil, fmt.Errorf("migrate main database: %w", err)
	}
	if err := migrate.Up(ctx, w.track, migrate.Tracking, eventlog.TrackingMigrations, bulkjob.Migrations, migrations.Tracking); err != nil {
		return nil, fmt.Errorf("migrate tracking database: %w", err)
	}

	dirs := map[string]string{}
	for _, d := range []string{"primary-blobs", "primary-repos", "secondary-blobs", "secondary-repos", "logs"} {
		dirs[d] = filepath.Join(dir, d)
		if err := os.Mkdir(dirs[d], 0o755); err != nil {
			return nil, err
		}
	}
	if w.primaryBlobs, err = blobstore.NewDir(dirs["primary-blobs"]); err != nil {
		return nil, err
	}
	if w.secondaryBlobs, err = blobstore.NewDir(dirs["secondary-blobs"]); err != nil {
		return nil, err
	}
	w.secondaryRepos = dirs["secondary-repos"]
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	listen := fmt.Sprintf("127.0.0.1:%d", port)
	secret := cryptorand.Text()
	common := siteConfig{AccessKey: "chaos-secondary", Secret: secret, Options: siteOptions(), Verbose: cfg.verbose}

	pc := common
	pc.Role, pc.MainURL, pc.Blobs, pc.Repositories, pc.Listen = "primary", w.pg.url("geo_main", "chaos-primary"), dirs["primary-blobs"], dirs["primary-repos"], listen
	sc := common
	sc.Role, sc.MainURL, sc.TrackingURL, sc.Blobs, sc.Repositories, sc.PrimaryURL = "secondary",
		w.pg.url("geo_main", "chaos-secondary"), w.pg.url("geo_tracking", "chaos-secondary"), dirs["secondary-blobs"], dirs["secondary-repos"], "http://"+listen
	w.primary = &siteProcess{name: "primary", cfg: pc, log: filepath.Join(dirs["logs"], "primary.log")}
	w.secondary = &siteProcess{name: "secondary", cfg: sc, log: filepath.Join(dirs["logs"], "secondary.log")}
	w.secondaryLog = &logScanner{path: w.secondary.log}

	if w.app, err = site.NewPrimary(site.PrimaryConfig{
		Main: w.main, Blobs: w.primaryBlobs, Repositories: dirs["primary-repos"], Types: types, Flags: siteFlags(),
		// It never serves: no secondary has a key.
		Verifier: &geoauth.Verifier{Keys: geoauth.StaticKeys{}, Audience: "primary"},
	}); err != nil {
		return nil, err
	}
	viewMain, err := site.OpenReadOnly(ctx, mainURL)
	if err != nil {
		return nil, err
	}
	viewMain.SetMaxOpenConns(2)
	if w.view, err = site.NewSecondary(site.SecondaryConfig{
		Main: viewMain, Tracking: w.track, Blobs: w.secondaryBlobs, Repositories: w.secondaryRepos, Types: types, Flags: siteFlags(),
		PrimaryURL: sc.PrimaryURL, Signer: signer(sc),
	}); err != nil {
		return nil, err
	}
	if err := w.primary.start(); err != nil {
		return nil, err
	}
	if err := waitListening(ctx, listen); err != nil {
		return nil, fmt.Errorf("primary: %w (see %s)", err, w.primary.log)
	}
	if err := w.secondary.start(); err != nil {
		return nil, err
	}
	w.conns = startConnSampler(ctx, w.pg.url("postgres", "chaos-sampler"))
	return w, nil
}

// close stops both sites and the cluster and removes the directory
// unless -keep.
func (w *world) close() {
	for _, p := range []*siteProcess{w.secondary, w.primary} {
		if p != nil {
			p.kill()
		}
	}
	if w.conns != nil {
		w.conns.close()
	}
	for _, db := range []*sqldb.DB{w.main, w.track} {
		if db != nil {
			db.Close()
		}
	}
	if w.pg != nil {
		w.pg.destroy()
	}
	if w.cfg.keep {
		fmt.Printf("kept %s (site logs in %s)\n", w.dir, filepath.Join(w.dir, "logs"))
		return
	}
	os.RemoveAll(w.dir)
}

// blobReplicators and repositoryReplicators are the application's
// replicator on the primary and the harness's on the secondary.
func (w *world) blobReplicators() (app, view *replicator.Blob) {
	a, _ := w.app.Replicator(coolwidget.Descriptor.Name)
	v, _ := w.view.Replicator(coolwidget.Descriptor.Name)
	return a.(*replicator.Blob), v.(*replicator.Blob)
}

func (w *world) repositoryReplicators() (app, view *replicator.Repository) {
	a, _ := w.app.Replicator(gizmo.Descriptor.Name)
	v, _ := w.view.Replicator(gizmo.Descriptor.Name)
	return a.(*replicator.Repository), v.(*replicator.Repository)
}
