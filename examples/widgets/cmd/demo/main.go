// Command demo runs a primary and a secondary Geo site on loopback and
// shows this project's two generated types replicating.
//
// CoolWidget (blob strategy): it creates records with random blobs on the
// primary, prints progress while the secondary syncs and verifies them,
// prints both sites' status fields, then deletes a few records and shows
// the deletions replicated.
//
// Gizmo (repository strategy): it creates records whose git repositories
// have a few commits, follows the secondary mirroring and verifying them,
// pushes more commits to some (the secondary fetches them again and
// verifies the new refs), then deletes some and shows the mirrors removed.
//
// Everything lives in a temporary directory (SQLite files, two blob
// directories and two repository directories) that is removed at the end,
// or, with -postgres, the databases are two temporary schemas of a
// PostgreSQL server.
//
//	go run ./cmd/demo [-n 200] [-delete 10] [-repos 20] [-pushes 5] [-postgres URL] [-v] [-serve]
//
// It is written by hand against the generated packages (coolwidget, gizmo
// and migrations) and the runtime, as an application of the project would
// be.
package main

import (
	"context"
	cryptorand "crypto/rand"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/geogen/geogen/examples/widgets/internal/geo/coolwidget"
	"github.com/geogen/geogen/examples/widgets/internal/geo/gizmo"
	"github.com/geogen/geogen/examples/widgets/migrations"
	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geoauth"
	"github.com/geogen/geogen/runtime/metrics"
	"github.com/geogen/geogen/runtime/migrate"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/site"
)

// config is what the command line sets.
type config struct {
	records  int
	deletes  int
	repos    int
	pushes   int
	maxSize  int
	postgres string
	timeout  time.Duration
	verbose  bool
	serve    bool
}

func main() {
	var cfg config
	flag.IntVar(&cfg.records, "n", 200, "records to create on the primary")
	flag.IntVar(&cfg.deletes, "delete", 10, "records to delete once they are replicated")
	flag.IntVar(&cfg.repos, "repos", 20, "Gizmo repositories to create on the primary (a third of them, at least one, are deleted at the end)")
	flag.IntVar(&cfg.pushes, "pushes", 5, "repositories to push more commits to once they are mirrored")
	flag.IntVar(&cfg.maxSize, "max-size", 64<<10, "largest random blob, in bytes")
	flag.StringVar(&cfg.postgres, "postgres", os.Getenv("GEOGEN_DEMO_POSTGRES_URL"), "PostgreSQL URL to run on instead of SQLite (default $GEOGEN_DEMO_POSTGRES_URL)")
	flag.DurationVar(&cfg.timeout, "timeout", 45*time.Second, "give up when replication takes longer than this")
	flag.BoolVar(&cfg.verbose, "v", false, "log every worker step")
	flag.BoolVar(&cfg.serve, "serve", false, "keep both sites and their admin endpoints running after the demo, until interrupted")
	flag.Parse()
	if cfg.records < 1 || cfg.deletes < 0 || cfg.deletes > cfg.records || cfg.maxSize < 1 || cfg.repos < 1 || cfg.pushes < 0 || cfg.pushes > cfg.repos {
		fmt.Fprintln(os.Stderr, "demo: -n and -repos must be at least 1, -delete between 0 and -n, -pushes between 0 and -repos, -max-size at least 1")
		os.Exit(2)
	}
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(cfg config) error {
	ctx := context.Background()
	level := slog.LevelWarn
	if cfg.verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	dir, err := os.MkdirTemp("", "geogen-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	var dbs *databases
	engine := "SQLite files in " + dir
	if cfg.postgres != "" {
		dbs, err = openPostgres(ctx, cfg.postgres)
		engine = "PostgreSQL (two temporary schemas)"
	} else {
		dbs, err = openSQLite(ctx, dir)
	}
	if err != nil {
		return fmt.Errorf("open databases: %w", err)
	}
	defer dbs.cleanup()

	types := []*replicable.Descriptor{coolwidget.Descriptor, gizmo.Descriptor}
	if err := migrate.Up(ctx, dbs.main, migrate.Main, eventlog.MainMigrations, bulkjob.Migrations, migrations.Main); err != nil {
		return fmt.Errorf("migrate main database: %w", err)
	}
	if err := migrate.Up(ctx, dbs.tracking, migrate.Tracking, eventlog.TrackingMigrations, bulkjob.Migrations, migrations.Tracking); err != nil {
		return fmt.Errorf("migrate tracking database: %w", err)
	}
	view, err := site.OpenReadOnly(ctx, dbs.mainURL)
	if err != nil {
		return fmt.Errorf("open the secondary's read-only view: %w", err)
	}
	defer view.Close()

	primaryBlobs, err := blobstore.NewDir(filepath.Join(dir, "primary-blobs"))
	if err != nil {
		return err
	}
	secondaryBlobs, err := blobstore.NewDir(filepath.Join(dir, "secondary-blobs"))
	if err != nil {
		return err
	}
	fl := flags.NewMemory(coolwidget.Descriptor.ReplicationFlag, gizmo.Descriptor.ReplicationFlag)
	secret := []byte(cryptorand.Text())
	verifier := &geoauth.Verifier{Keys: geoauth.StaticKeys{"demo-secondary": {Secret: secret, Site: "secondary"}}, Audience: "primary"}
	signer := &geoauth.Signer{AccessKey: "demo-secondary", Secret: secret, Issuer: "secondary", Audience: "primary"}
	opts := site.Options{PollInterval: 20 * time.Millisecond, MaintenanceInterval: 200 * time.Millisecond, ConsistencyInterval: time.Second}

	primary, err := site.NewPrimary(site.PrimaryConfig{
		Main: dbs.main, Blobs: primaryBlobs, Repositories: filepath.Join(dir, "primary-repos"), Types: types, Flags: fl,
		Verifier: verifier, Logger: logger, Options: opts,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	server := &http.Server{Handler: primary.Handler(), ReadHeaderTimeout: 10 * time.Second}
	primaryURL := "http://" + ln.Addr().String()
	secondary, err := site.NewSecondary(site.SecondaryConfig{
		Main: view, Tracking: dbs.tracking, Blobs: secondaryBlobs, Repositories: filepath.Join(dir, "secondary-repos"), Types: types, Flags: fl,
		PrimaryURL: primaryURL, Signer: signer, Logger: logger, Options: opts,
	})
	if err != nil {
		return err
	}
	fmt.Printf("geogen demo: primary at %s, secondary reading it; %s\n", primaryURL, engine)

	runCtx, stop := context.WithCancel(ctx)
	g, gctx := errgroup.WithContext(runCtx)
	g.Go(func() error {
		if err := server.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	g.Go(func() error { return primary.Run(gctx) })
	g.Go(func() error { return secondary.Run(gctx) })
	token := newToken()
	admins, err := newAdminSites(types, dbs.main, view, dbs.tracking, fl, token, opts)
	if err != nil {
		stop()
		return errors.Join(err, g.Wait())
	}
	for _, a := range admins {
		g.Go(func() error { return a.serve(gctx) })
	}
	g.Go(func() error {
		<-gctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return server.Shutdown(shutdownCtx)
	})
	sites := &sites{primary: primary, secondary: secondary, secondaryBlobs: secondaryBlobs, dbs: dbs, flags: fl}
	demoErr := demoBlobs(ctx, cfg, sites)
	if demoErr == nil {
		demoErr = demoRepositories(ctx, cfg, sites)
	}
	if demoErr == nil {
		demoErr = showAdmin(ctx, cfg, types, admins, token)
	}
	stop()
	if err := g.Wait(); err != nil && demoErr == nil {
		demoErr = err
	}
	return demoErr
}

// showAdmin checks every admin endpoint of both sites, prints their URLs
// with a sample request each, and with -serve keeps everything running
// until the process is interrupted.
func showAdmin(ctx context.Context, cfg config, types []*replicable.Descriptor, admins []*adminSite, token string) error {
	fmt.Printf("\nadmin endpoints (token %s):\n", token)
	for _, a := range admins {
		if err := a.check(ctx, types, token); err != nil {
			return err
		}
		fmt.Printf("  %s %s\n", a.name, a.url)
		for _, r := range a.requests(types, token) {
			fmt.Println("    " + r)
		}
	}
	if !cfg.serve {
		fmt.Println("(run with -serve, or make demo DEMO_FLAGS=-serve, to keep the sites up and try them)")
		return nil
	}
	fmt.Println("serving until interrupted (Ctrl-C)")
	sig, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-sig.Done()
	return nil
}

// follow prints progress every 250 ms until done reports true or the
// deadline passes.
func follow(ctx context.Context, deadline time.Time, what string, progress func() (string, bool, error)) error {
	last := ""
	for {
		line, done, err := progress()
		if err != nil {
			return err
		}
		if line != last {
			fmt.Println("  " + line)
			last = line
		}
		if done {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not finish in time (last: %s); rerun with -v to see the workers' logs", what, line)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// printStatus prints the twelve status fields of each site.
func printStatus(ctx context.Context, d *replicable.Descriptor, dbs *databases, fl flags.Source) error {
	p, err := metrics.ComputePrimary(ctx, dbs.main, d, fl)
	if err != nil {
		return err
	}
	s, err := metrics.ComputeSecondary(ctx, dbs.tracking, d, fl)
	if err != nil {
		return err
	}
	fmt.Printf("%-44s %10s %10s\n", "status field", "primary", "secondary")
	pf, sf := p.Fields(), s.Fields()
	for i := range pf {
		fmt.Printf("%-44s %10s %10s\n", pf[i].Name, show(pf[i].Value), show(sf[i].Value))
	}
	return nil
}

func show(v any) string {
	switch v := v.(type) {
	case nil:
		return "-"
	case float64:
		return fmt.Sprintf("%.1f%%", v)
	}
	return fmt.Sprint(v)
}

// randomReader reads pseudo-random bytes.
type randomReader struct{ r *rand.Rand }

func (r randomReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r.r.Uint32())
	}
	return len(p), nil
}
