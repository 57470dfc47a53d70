// Command demo runs this project's site binary (cmd/geo) as a primary and
// a secondary, two processes on loopback, and shows an operator's day:
//
//   - geo migrate on both sites, geo flags enable on the primary;
//   - geo primary and geo secondary started in the background;
//   - an application (this program) creating CoolWidgets with random blobs
//     and Gizmos with git repositories on the primary, then pushing to some
//     and deleting some;
//   - geo wait on the secondary until it is fully synced and verified,
//     geo check-replication, geo status on both sites, geo doctor;
//   - SIGTERM to both sites, which must shut down cleanly.
//
// Everything lives in a temporary directory that is removed at the end
// (SQLite files, blob and repository directories, configuration, logs),
// or, with -postgres, the databases are two temporary schemas.
//
//	go run ./cmd/demo [-n 30] [-delete 3] [-repos 6] [-pushes 2] [-postgres URL] [-v] [-serve]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

type options struct {
	records, deletes, repos, pushes, maxSize int
	postgres, geo                            string
	timeout                                  time.Duration
	verbose, serve                           bool
}

func main() {
	var o options
	flag.IntVar(&o.records, "n", 30, "Cool Widgets to create on the primary")
	flag.IntVar(&o.deletes, "delete", 3, "Cool Widgets to delete once they are replicated")
	flag.IntVar(&o.repos, "repos", 6, "Gizmos (git repositories) to create; a third of them are deleted")
	flag.IntVar(&o.pushes, "pushes", 2, "Gizmo repositories to push to once they are mirrored")
	flag.IntVar(&o.maxSize, "max-size", 64<<10, "largest random blob, in bytes")
	flag.StringVar(&o.postgres, "postgres", os.Getenv("GEOGEN_DEMO_POSTGRES_URL"), "PostgreSQL URL to run on instead of SQLite (default $GEOGEN_DEMO_POSTGRES_URL)")
	flag.StringVar(&o.geo, "geo", "", "the site binary (default: go build ./cmd/geo)")
	flag.DurationVar(&o.timeout, "timeout", 2*time.Minute, "geo wait's timeout")
	flag.BoolVar(&o.verbose, "v", false, "show the sites' logs")
	flag.BoolVar(&o.serve, "serve", false, "keep both sites running at the end, until interrupted")
	flag.Parse()
	if o.records < 1 || o.deletes < 0 || o.deletes > o.records || o.maxSize < 1 || o.repos < 1 || o.pushes < 0 || o.pushes > o.repos {
		fmt.Fprintln(os.Stderr, "demo: -n and -repos must be at least 1, -delete between 0 and -n, -pushes between 0 and -repos, -max-size at least 1")
		os.Exit(2)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	dir, err := os.MkdirTemp("", "geogen-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if o.geo == "" {
		o.geo = filepath.Join(dir, "geo")
		build := exec.CommandContext(ctx, "go", "build", "-o", o.geo, "./cmd/geo")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("build the site binary: %w", err)
		}
	}
	dbs := sqliteDatabases(dir)
	engine := "SQLite files in " + dir
	if o.postgres != "" {
		if dbs, err = postgresDatabases(ctx, o.postgres); err != nil {
			return err
		}
		engine = "PostgreSQL (two temporary schemas)"
	}
	defer dbs.cleanup()
	s, err := configure(dir, o.geo, dbs, o.verbose)
	if err != nil {
		return err
	}
	fmt.Printf("geogen demo: a primary and a secondary of cmd/geo on loopback; %s\n", engine)
	fmt.Printf("configuration: %s and %s\n", s.primary, s.secondary)
	err = operate(ctx, o, s, dbs)
	if stopErr := s.stop(); stopErr != nil && err == nil {
		err = fmt.Errorf("a site did not shut down cleanly on SIGTERM: %w", stopErr)
	} else if err == nil {
		fmt.Println("\nboth sites stopped cleanly on SIGTERM")
	}
	return err
}

// operate is the operator's day, with the application's writes in it.
func operate(ctx context.Context, o options, s *sites, dbs *databases) error {
	steps := [][]string{
		{s.primary, "migrate"}, {s.secondary, "migrate"},
		{s.primary, "flags", "enable", "geo_cool_widget_replication", "geo_gizmo_replication", "--actor", "demo"},
	}
	for _, st := range steps {
		if err := s.mustRun(ctx, st[0], st[1:]...); err != nil {
			return err
		}
	}
	fmt.Println()
	if err := s.start("primary", s.primary); err != nil {
		return err
	}
	if err := s.start("secondary", s.secondary); err != nil {
		return err
	}
	if err := s.waitForPrimary(ctx); err != nil {
		return err
	}
	if err := s.mustRun(ctx, s.secondary, "doctor"); err != nil {
		return err
	}

	app, err := newApplication(ctx, dbs.main, s.dir)
	if err != nil {
		return err
	}
	defer app.Close()
	fmt.Println()
	widgets, err := app.createWidgets(ctx, o.records, o.maxSize)
	if err != nil {
		return err
	}
	gizmos, err := app.createGizmos(ctx, o.repos)
	if err != nil {
		return err
	}
	wait := []string{"wait", "--timeout", o.timeout.String(), "--interval", "500ms"}
	if err := s.mustRun(ctx, s.secondary, wait...); err != nil {
		return err
	}

	fmt.Println()
	if err := app.push(ctx, gizmos[:o.pushes]); err != nil {
		return err
	}
	if err := app.deleteRecords(ctx, widgets[:o.deletes], gizmos[len(gizmos)-max(1, o.repos/3):]); err != nil {
		return err
	}
	if err := s.mustRun(ctx, s.secondary, wait...); err != nil {
		return err
	}
	if err := s.mustRun(ctx, s.secondary, "check-replication"); err != nil {
		return err
	}
	if err := s.mustRun(ctx, s.secondary, "status"); err != nil {
		return err
	}
	// The primary lists the secondary once it has reported.
	time.Sleep(1500 * time.Millisecond)
	if err := s.mustRun(ctx, s.primary, "status"); err != nil {
		return err
	}
	if err := s.mustRun(ctx, s.primary, "flags", "list"); err != nil {
		return err
	}

	fmt.Printf(`
operator commands (the configuration files are in %[1]s):
  geo -c %[2]s status [--json]         this site, and every secondary's last report
  geo -c %[3]s check-replication     exit 0 only when fully synced and verified
  geo -c %[3]s wait --timeout 30m    block until it is, with progress
  geo -c %[3]s resync cool_widget --failed --wait
  geo -c %[3]s reverify gizmo --ids 1,2       bulk jobs the running site works off (geo jobs)
  geo -c %[2]s flags list|enable|disable|history
  geo -c %[3]s doctor                databases, migrations, primary, clock, git, storage
  geo -c %[2]s config                the configuration as the site runs with it
  geo config keys                     every key, its environment variable and default
`, s.dir, s.primary, s.secondary)
	if !o.serve {
		fmt.Println("(run with -serve, or make demo DEMO_FLAGS=-serve, to keep the sites up and try them)")
		return nil
	}
	fmt.Printf("serving until interrupted (Ctrl-C); binary: %s\n", s.geo)
	<-ctx.Done()
	if errors.Is(ctx.Err(), context.Canceled) {
		return nil
	}
	return ctx.Err()
}
