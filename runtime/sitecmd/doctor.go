package sitecmd

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/geogen/geogen/runtime/geoauth"
	"github.com/geogen/geogen/runtime/migrate"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/siteconfig"
	"github.com/geogen/geogen/runtime/sitestatus"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/verification"
)

// check is one line of geo doctor: what it checks, and either nothing
// (yes) or what is wrong and how to fix it.
type check struct {
	name string
	run  func(ctx context.Context) (problem, fix string)
}

func (a *app) doctorCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "doctor",
		Short: "Check that this site can run: databases, migrations, primary, clock, git, storage",
		Long: `doctor runs every check of this site, one line each, in the layout of GitLab's
gitlab:geo:check ("name ... yes", or "no" with what to try), and exits 1 when any
failed: the databases answer, their migrations are applied, (a secondary) the
primary answers a signed request and its clock is within the token leeway, git is
on the PATH when the project has repository types, and the storage is writable.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, "Checking Geo ...")
			fmt.Fprintln(a.stdout)
			failed := 0
			for _, ch := range a.checks(cfg) {
				ctx, cancel := context.WithTimeout(c.Context(), 30*time.Second)
				problem, fix := ch.run(ctx)
				cancel()
				if problem == "" {
					fmt.Fprintf(a.stdout, "%s ... yes\n", ch.name)
					continue
				}
				failed++
				fmt.Fprintf(a.stdout, "%s ... no\n  %s\n  Try fixing it:\n  %s\n", ch.name, problem, fix)
			}
			fmt.Fprintln(a.stdout)
			fmt.Fprintln(a.stdout, "Checking Geo ... Finished")
			if failed > 0 {
				return &exitError{code: exitFailed, err: fmt.Errorf("%d check%s failed", failed, plural(failed))}
			}
			return nil
		},
	}
}

// checks are the doctor's checks for the configured role.
func (a *app) checks(cfg siteconfig.Config) []check {
	secondary := cfg.Role == siteconfig.RoleSecondary
	var out []check
	dbCheck := func(name, dsn string, readOnly bool) check {
		return check{name, func(ctx context.Context) (string, string) {
			open := sqldb.Open
			if readOnly {
				open = site.OpenReadOnly
			}
			db, err := open(ctx, dsn)
			if err != nil {
				return err.Error(), "start the database, or correct its URL in the configuration"
			}
			db.Close()
			return "", ""
		}}
	}
	if secondary {
		out = append(out, dbCheck("Main database (read-only view) is reachable", mainView(cfg), true),
			dbCheck("Tracking database is reachable", cfg.TrackingDatabase, false))
	} else {
		out = append(out, dbCheck("Main database is reachable", cfg.MainDatabase, false))
	}
	out = append(out, check{"Database migrations are applied", func(ctx context.Context) (string, string) {
		set, sources := a.migrationSet(cfg.Role)
		dsn := cfg.MainDatabase
		if secondary {
			dsn = cfg.TrackingDatabase
		}
		db, err := sqldb.Open(ctx, dsn)
		if err != nil {
			return "the database does not answer", "fix the database check above"
		}
		defer db.Close()
		n, err := migrate.Pending(ctx, db, set, sources...)
		if err != nil {
			return err.Error(), "check the database user's rights"
		}
		if n > 0 {
			return fmt.Sprintf("%d migration%s of the %s database pending", n, plural(n), set), "run geo migrate"
		}
		return "", ""
	}})
	if !secondary {
		out = append(out, check{"Verification tables have the columns verification needs", func(ctx context.Context) (string, string) {
			db, err := sqldb.Open(ctx, cfg.MainDatabase)
			if err != nil {
				return "the database does not answer", "fix the database check above"
			}
			defer db.Close()
			var problems []string
			for _, d := range a.project.Types {
				if err := verification.CheckColumns(ctx, db, d); err != nil {
					problems = append(problems, err.Error())
				}
			}
			if len(problems) > 0 {
				// Pending migrations are the usual cause; once they are
				// applied, what is left is a table of the user's own.
				set, sources := a.migrationSet(siteconfig.RolePrimary)
				if n, err := migrate.Pending(ctx, db, set, sources...); err == nil && n > 0 {
					return strings.Join(problems, "\n  "), fmt.Sprintf("run geo migrate: %d migration%s pending", n, plural(n))
				}
				return strings.Join(problems, "\n  "), "every migration is applied: add what each line names with a migration of your own"
			}
			return "", ""
		}})
	}
	if secondary {
		out = append(out, check{"Primary is reachable with a valid token", func(ctx context.Context) (string, string) {
			_, err := (&sitestatus.Client{PrimaryURL: cfg.PrimaryURL, Signer: signer(cfg)}).Ping(ctx)
			if err != nil {
				return err.Error(), "start the primary, check primary.url, and give both sites the same secrets.site_secret"
			}
			return "", ""
		}}, check{"Clock skew with the primary is within the token leeway", func(ctx context.Context) (string, string) {
			sent := time.Now()
			pong, err := (&sitestatus.Client{PrimaryURL: cfg.PrimaryURL, Signer: signer(cfg)}).Ping(ctx)
			if err != nil {
				return "the primary does not answer", "fix the primary check above"
			}
			received := time.Now()
			// The primary read its clock between sent and received.
			mid := sent.Add(received.Sub(sent) / 2)
			skew := pong.Time.Sub(mid)
			if skew < 0 {
				skew = -skew
			}
			if skew > geoauth.DefaultLeeway-received.Sub(sent) {
				return fmt.Sprintf("the clocks differ by about %s; tokens tolerate %s", skew.Round(time.Second), geoauth.DefaultLeeway),
					"synchronise both machines' clocks (NTP)"
			}
			return "", ""
		}})
	}
	needs := a.needs()
	if len(needs.RepositoryTypes) > 0 {
		out = append(out, check{"git is installed", func(ctx context.Context) (string, string) {
			if _, err := exec.LookPath("git"); err != nil {
				return err.Error(), "install git and put it on the PATH"
			}
			return "", ""
		}})
	}
	writable := func(name, dir string) check {
		return check{name, func(ctx context.Context) (string, string) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err.Error(), "create the directory or give the site's user write access"
			}
			f, err := os.CreateTemp(dir, ".geo-doctor-*")
			if err != nil {
				return err.Error(), "give the site's user write access to " + dir
			}
			f.Close()
			os.Remove(f.Name())
			return "", ""
		}}
	}
	// One line per distinct directory, named by the types that use it.
	var dirs []string
	users := map[string][]string{}
	for _, t := range []struct {
		names []string
		of    func(string) string
	}{{needs.BlobTypes, cfg.BlobStorageOf}, {needs.RepositoryTypes, cfg.RepositoryStorageOf}} {
		for _, name := range t.names {
			loc := t.of(name)
			if !isDirectory(loc) {
				continue
			}
			dir := filepath.Clean(strings.TrimPrefix(loc, "file://"))
			if _, ok := users[dir]; !ok {
				dirs = append(dirs, dir)
			}
			users[dir] = append(users[dir], name)
		}
	}
	for _, dir := range dirs {
		out = append(out, writable(fmt.Sprintf("Storage %s is writable (%s)", dir, strings.Join(users[dir], ", ")), dir))
	}
	return out
}

func isDirectory(location string) bool {
	return !strings.Contains(location, "://") || strings.HasPrefix(location, "file://")
}
