package main

import (
	"context"
	cryptorand "crypto/rand"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
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
	"github.com/geogen/geogen/runtime/registry"
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

// siteTuning is the sites' configuration beyond their addresses: the
// values above, and intervals short enough for a round to converge in
// seconds.
var siteTuning = fmt.Sprintf(`capacities: {sync: 4, verification: 4}
databases: {max_connections: %d, connection_idle_time: 2s}
timeouts: {lease: %s, stale_temp: %s, retry_jitter: 1}
intervals: {poll: 50ms, maintenance: 500ms, consistency: 1s, temp_sweep: %s, existence_check: 2s, self_verify: 10s, status: 2s, flags_refresh: 1s}
shutdown_timeout: 10s
`, handleConnections, lease, staleTempAge, tempSweepInterval)

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
	if err := migrate.Up(ctx, w.track, migrate.Tracking, eventlog.TrackingMigrations, registry.TrackingMigrations, bulkjob.Migrations, migrations.Tracking); err != nil {
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
	// Replication of every type on, as an operator turns it on (geo flags
	// enable): the sites read the flags from the main database.
	stored := flags.NewStore(w.main, flags.TypeDefinitions(types), nil)
	for _, d := range types {
		if err := stored.Set(ctx, d.ReplicationFlag, true, "chaos"); err != nil {
			return nil, err
		}
	}
	geo, err := siteBinary(ctx, cfg.geo, dir)
	if err != nil {
		return nil, err
	}
	var ports []string
	for range 4 {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		ports = append(ports, fmt.Sprintf("127.0.0.1:%d", port))
	}
	listen := ports[0]
	secret := cryptorand.Text()
	secretFile := filepath.Join(dir, "secret")
	if err := os.WriteFile(secretFile, []byte(secret+"\n"), 0o600); err != nil {
		return nil, err
	}
	pc := siteConfig{Role: "primary", MainURL: w.pg.url("geo_main", "chaos-primary"), Blobs: dirs["primary-blobs"], Repositories: dirs["primary-repos"],
		Listen: listen, AdminListen: ports[1], SecretFile: secretFile, Verbose: cfg.verbose}
	sc := siteConfig{Role: "secondary", MainURL: w.pg.url("geo_main", "chaos-secondary"), TrackingURL: w.pg.url("geo_tracking", "chaos-secondary"),
		Blobs: dirs["secondary-blobs"], Repositories: dirs["secondary-repos"], Listen: ports[2], AdminListen: ports[3], PrimaryURL: "http://" + listen,
		SecretFile: secretFile, Verbose: cfg.verbose}
	w.primary = &siteProcess{name: "primary", geo: geo, cfg: pc, log: filepath.Join(dirs["logs"], "primary.log")}
	w.secondary = &siteProcess{name: "secondary", geo: geo, cfg: sc, log: filepath.Join(dirs["logs"], "secondary.log")}
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
		PrimaryURL: sc.PrimaryURL, Signer: &geoauth.Signer{AccessKey: "secondary", Secret: []byte(secret), Issuer: "secondary", Audience: "primary"},
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

// siteBinary is the project's site binary: path, or one built from
// ./cmd/geo into dir.
func siteBinary(ctx context.Context, path, dir string) (string, error) {
	if path != "" {
		abs, err := filepath.Abs(path)
		if err != nil {
			return "", err
		}
		if _, err := os.Stat(abs); err != nil {
			return "", fmt.Errorf("-geo: %w (build it with go build -o %s ./cmd/geo)", err, path)
		}
		return abs, nil
	}
	out := filepath.Join(dir, "geo")
	build := exec.CommandContext(ctx, "go", "build", "-o", out, "./cmd/geo")
	if msg, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build the site binary (./cmd/geo; run from the project's directory or pass -geo): %w\n%s", err, msg)
	}
	return out, nil
}
