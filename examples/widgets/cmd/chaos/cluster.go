package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"time"
)

// cluster is a PostgreSQL cluster of the harness's own, in a temporary
// directory on a free port, so that it can be stopped and started at will
// without touching any other server. When the harness runs as root, which
// initdb and postgres refuse, the cluster's commands run as the postgres
// user.
type cluster struct {
	bin     string // the directory of initdb, pg_ctl and postgres
	dir     string // data directory
	logFile string
	port    int
	runAs   string // "" or the user the commands run as
}

// clusterSettings are written to postgresql.conf. max_connections is low
// on purpose: a site whose pool is not bounded runs out of connections
// where a default server would, only sooner.
const clusterSettings = `
listen_addresses = '127.0.0.1'
port = %d
unix_socket_directories = '%s'
max_connections = %d
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 32MB
log_min_messages = warning
`

// newCluster creates (initdb) and starts a cluster under root, a directory
// the harness owns.
func newCluster(ctx context.Context, root string, maxConnections int) (*cluster, error) {
	bin, err := postgresBin()
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	c := &cluster{bin: bin, dir: filepath.Join(root, "data"), logFile: filepath.Join(root, "postgres.log"), port: port}
	if os.Geteuid() == 0 {
		c.runAs = "postgres"
		if err := chownTo(root, c.runAs); err != nil {
			return nil, err
		}
	}
	if _, err := c.run(ctx, "initdb", "-D", c.dir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"); err != nil {
		return nil, err
	}
	conf := fmt.Sprintf(clusterSettings, port, root, maxConnections)
	if err := appendFile(filepath.Join(c.dir, "postgresql.conf"), conf); err != nil {
		return nil, err
	}
	if err := c.start(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// url is the URL of database on the cluster; appName names the
// connections in pg_stat_activity.
func (c *cluster) url(database, appName string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable&application_name=%s", c.port, database, appName)
}

func (c *cluster) start(ctx context.Context) error {
	_, err := c.run(ctx, "pg_ctl", "-D", c.dir, "-l", c.logFile, "-w", "-t", "60", "start")
	return err
}

// stop shuts the server down; mode is pg_ctl's: "fast" disconnects every
// client and stops cleanly, "immediate" is a crash.
func (c *cluster) stop(ctx context.Context, mode string) error {
	_, err := c.run(ctx, "pg_ctl", "-D", c.dir, "-m", mode, "-w", "-t", "60", "stop")
	return err
}

// destroy stops the server if it runs; the caller removes the directory.
func (c *cluster) destroy() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := c.run(ctx, "pg_ctl", "-D", c.dir, "status"); err == nil {
		c.stop(ctx, "immediate")
	}
}

func (c *cluster) run(ctx context.Context, name string, args ...string) ([]byte, error) {
	path := filepath.Join(c.bin, name)
	var cmd *exec.Cmd
	if c.runAs != "" {
		runuser, err := exec.LookPath("runuser")
		if err != nil {
			return nil, fmt.Errorf("PostgreSQL refuses to run as root and runuser (util-linux) is not installed to run it as %s: %w", c.runAs, err)
		}
		cmd = exec.CommandContext(ctx, runuser, append([]string{"-u", c.runAs, "--", path}, args...)...)
	} else {
		cmd = exec.CommandContext(ctx, path, args...)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// Not in the harness's process group: an interrupt of the harness
	// must not reach the server before the harness stops it.
	cmd.SysProcAttr = detached()
	if err := cmd.Run(); err != nil {
		return out.Bytes(), fmt.Errorf("%s %v: %w\n%s", name, args, err, out.Bytes())
	}
	return out.Bytes(), nil
}

// postgresBin finds the PostgreSQL server programs: pg_config --bindir,
// initdb on PATH, or the newest /usr/lib/postgresql/*/bin (Debian keeps
// them off PATH).
func postgresBin() (string, error) {
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dir := string(bytes.TrimSpace(out))
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) < versionOf(dirs[j]) })
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i], nil
		}
	}
	return "", errors.New("initdb not found (on PATH, via pg_config or in /usr/lib/postgresql/*/bin): install the PostgreSQL server (apt-get install postgresql)")
}

func versionOf(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func chownTo(path, name string) error {
	u, err := user.Lookup(name)
	if err != nil {
		return fmt.Errorf("PostgreSQL refuses to run as root, and there is no %s user to run it as: %w", name, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return os.Chown(path, uid, gid)
}

func appendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
