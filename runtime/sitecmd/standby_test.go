package sitecmd_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/sqldb"
)

// hotStandbyEnv makes TestHotStandby fail, rather than skip, when the
// PostgreSQL server programs are missing: .ci/run sets it.
const hotStandbyEnv = "GEOGEN_TEST_HOT_STANDBY"

// pgCluster is a PostgreSQL cluster of the test's own, in a temporary
// directory on a free port (run as the postgres user when the test runs
// as root, which the server refuses).
type pgCluster struct {
	t     *testing.T
	bin   string
	root  string
	data  string
	port  int
	runAs string
}

func serverPrograms(t *testing.T) string {
	t.Helper()
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	if p, err := exec.LookPath("initdb"); err == nil {
		dirs = append([]string{filepath.Dir(p)}, dirs...)
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_basebackup")); err == nil {
			return d
		}
	}
	if os.Getenv(hotStandbyEnv) != "" {
		t.Fatal("the PostgreSQL server programs (initdb, pg_ctl, pg_basebackup) are not installed: apt-get install postgresql")
	}
	t.Skip("needs the PostgreSQL server programs; set " + hotStandbyEnv + "=1 to fail instead")
	return ""
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

func newPGCluster(t *testing.T, bin, name string) *pgCluster {
	t.Helper()
	root, err := os.MkdirTemp("", "geogen-standby-"+name+"-")
	if err != nil {
		t.Fatal(err)
	}
	c := &pgCluster{t: t, bin: bin, root: root, data: filepath.Join(root, "data"), port: freePorts(t, 1)[0]}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		c.run(ctx, "pg_ctl", "-D", c.data, "-m", "immediate", "-w", "stop")
		os.RemoveAll(root)
	})
	if os.Geteuid() == 0 {
		c.runAs = "postgres"
		u, err := user.Lookup(c.runAs)
		if err != nil {
			t.Fatalf("running as root, the cluster needs the postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(root, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func (c *pgCluster) run(ctx context.Context, name string, args ...string) error {
	path := filepath.Join(c.bin, name)
	cmd := exec.CommandContext(ctx, path, args...)
	if c.runAs != "" {
		cmd = exec.CommandContext(ctx, "runuser", append([]string{"-u", c.runAs, "--", path}, args...)...)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, out.String())
	}
	return nil
}

func (c *pgCluster) must(name string, args ...string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := c.run(ctx, name, args...); err != nil {
		c.t.Fatal(err)
	}
}

func (c *pgCluster) configure(settings string) {
	c.t.Helper()
	f, err := os.OpenFile(filepath.Join(c.data, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		c.t.Fatal(err)
	}
	defer f.Close()
	if _, err := fmt.Fprintf(f, "\nlisten_addresses = '127.0.0.1'\nport = %d\nunix_socket_directories = '%s'\nfsync = off\n%s\n", c.port, c.root, settings); err != nil {
		c.t.Fatal(err)
	}
}

func (c *pgCluster) start() {
	c.t.Helper()
	c.must("pg_ctl", "-D", c.data, "-l", filepath.Join(c.root, "log"), "-w", "-t", "60", "start")
}

func (c *pgCluster) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// newHotStandby makes a primary cluster and a hot standby streaming from
// it: a secondary's view of the main database.
func newHotStandby(t *testing.T) (primary, standby *pgCluster) {
	t.Helper()
	bin := serverPrograms(t)
	primary = newPGCluster(t, bin, "primary")
	primary.must("initdb", "-D", primary.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions")
	primary.configure("wal_level = replica\nmax_wal_senders = 4")
	primary.start()
	standby = newPGCluster(t, bin, "standby")
	standby.must("pg_basebackup", "-h", "127.0.0.1", "-p", strconv.Itoa(primary.port), "-U", "postgres", "-D", standby.data, "-R", "-X", "stream", "--no-sync")
	standby.configure("hot_standby = on")
	standby.start()
	return primary, standby
}

// TestHotStandby runs a secondary whose view of the main database is a
// PostgreSQL hot standby, and holds the standby's replay back while the
// primary writes: the lag shows in the secondary's health while it lasts,
// nothing fails because of it, and the secondary catches up once replay
// resumes.
func TestHotStandby(t *testing.T) {
	primaryDB, standbyDB := newHotStandby(t)
	d := newDeployment(t)
	d.mainURL = primaryDB.url()
	for _, f := range []string{d.primary, d.secondary} {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.Replace(body, []byte(fmt.Sprintf("%q", "sqlite:"+filepath.Join(d.dir, "main.db"))), []byte(fmt.Sprintf("%q", primaryDB.url())), 1)
		if f == d.secondary {
			body = append(body, fmt.Sprintf("databases: {main_replica: %q}\nhealth: {max_replication_lag: 1s}\n", standbyDB.url())...)
		}
		d.write(f, string(body))
	}
	ctx, stop := context.WithCancel(context.Background())
	defer func() {
		stop()
		d.running.Wait()
	}()
	d.mustGeo(d.primary, "migrate")
	d.mustGeo(d.secondary, "migrate")
	d.mustGeo(d.primary, "flags", "enable", "geo_cool_widget_replication", "--actor", "test")
	d.start(ctx, "primary", d.primary)
	// The standby replays the schema and the flag some seconds later.
	eventually(t, "the standby to replay the migrations", func() bool {
		code, _ := d.geo(d.secondary, "check-replication")
		return code == 0
	})
	d.start(ctx, "secondary", d.secondary)

	replica, err := sqldb.Open(ctx, standbyDB.url())
	if err != nil {
		t.Fatal(err)
	}
	defer replica.Close()
	if _, err := replica.ExecContext(ctx, "SELECT pg_wal_replay_pause()"); err != nil {
		t.Fatal(err)
	}
	app, _ := d.application(ctx)
	createWidgets(t, ctx, app, 10)
	sawLag := false
	eventually(t, "the replication lag to show in the secondary's health", func() bool {
		sec, _ := d.statusJSON(d.secondary)
		for _, reason := range sec.Health {
			if strings.Contains(reason, "database replication lag") && sec.DBReplicationLagSeconds != nil && *sec.DBReplicationLagSeconds > 1 {
				sawLag = true
			}
		}
		return sawLag
	})
	if code, out := d.geo(d.secondary, "check-replication"); code != 1 || !strings.Contains(out, "database replication lag") {
		t.Fatalf("check-replication while the standby lags: exit %d\n%s", code, out)
	}
	if _, err := replica.ExecContext(ctx, "SELECT pg_wal_replay_resume()"); err != nil {
		t.Fatal(err)
	}
	out := d.mustGeo(d.secondary, "wait", "--timeout", "2m", "--interval", "200ms")
	if !strings.Contains(out, "SUCCESS") {
		t.Fatalf("wait:\n%s", out)
	}
	sec, _ := d.statusJSON(d.secondary)
	if tr := sec.Types[0]; tr.Count != 10 || tr.SyncedCount != 10 || tr.VerifiedCount != 10 || tr.FailedCount != 0 || !sec.Healthy {
		t.Fatalf("after catching up: %+v", sec)
	}
	// Nothing failed on the way: no sync was recorded as failed and retried.
	tracking, err := sqldb.Open(ctx, "sqlite:"+filepath.Join(d.dir, "tracking.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer tracking.Close()
	var failures int
	if err := tracking.QueryRowContext(ctx, "SELECT COUNT(*) FROM cool_widget_registry WHERE retry_count > 0 OR last_sync_failure IS NOT NULL").Scan(&failures); err != nil {
		t.Fatal(err)
	}
	if failures != 0 {
		t.Fatalf("%d registries recorded a sync failure while the standby lagged", failures)
	}
	if code, out := d.geo(d.secondary, "status"); code != 0 || !strings.Contains(out, "Database replication lag: ") || strings.Contains(out, "Database replication lag: Not applicable") {
		t.Fatalf("status: exit %d\n%s", code, out)
	}
}
