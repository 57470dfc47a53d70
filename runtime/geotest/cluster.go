package geotest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Cluster is a PostgreSQL server of a test's own: initdb in a temporary
// directory, started on a free port, stopped and removed when the test
// ends. Tests that change the server's settings (max_connections, say) or
// stop it use one rather than the shared server PostgresURLEnv names.
type Cluster struct {
	root, data, bin string
	port            int
	runAs           string // the user the server runs as when the test runs as root, which PostgreSQL refuses
}

// StartCluster creates and starts a cluster with settings (lines of
// postgresql.conf) added to its configuration. It fails the test when the
// PostgreSQL server programs are not installed.
func StartCluster(tb testing.TB, settings string) *Cluster {
	tb.Helper()
	bin, err := serverBin()
	if err != nil {
		tb.Fatal(err)
	}
	root, err := os.MkdirTemp("", "geogen-cluster-")
	if err != nil {
		tb.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	c := &Cluster{root: root, data: filepath.Join(root, "data"), bin: bin, port: port}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		c.run(ctx, "pg_ctl", "-D", c.data, "-m", "immediate", "-w", "stop")
		os.RemoveAll(root)
	})
	if os.Geteuid() == 0 {
		c.runAs = "postgres"
		u, err := user.Lookup(c.runAs)
		if err != nil {
			tb.Fatalf("running as root, the cluster needs the postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(root, uid, gid); err != nil {
			tb.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := c.run(ctx, "initdb", "-D", c.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"); err != nil {
		tb.Fatal(err)
	}
	conf := fmt.Sprintf("\nlisten_addresses = '127.0.0.1'\nport = %d\nunix_socket_directories = '%s'\nfsync = off\nsynchronous_commit = off\n%s\n", port, root, settings)
	f, err := os.OpenFile(filepath.Join(c.data, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		_, err = f.WriteString(conf)
		f.Close()
	}
	if err != nil {
		tb.Fatal(err)
	}
	if err := c.run(ctx, "pg_ctl", "-D", c.data, "-l", c.LogFile(), "-w", "-t", "60", "start"); err != nil {
		tb.Fatal(err)
	}
	return c
}

// URL is the address of the cluster's postgres database.
func (c *Cluster) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// LogFile is the server's log.
func (c *Cluster) LogFile() string { return filepath.Join(c.root, "server.log") }

func (c *Cluster) run(ctx context.Context, name string, args ...string) error {
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

// serverBin finds initdb and pg_ctl: on PATH, or the newest
// /usr/lib/postgresql/*/bin (Debian keeps them off PATH).
func serverBin() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	version := func(dir string) int { n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir))); return n }
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("the PostgreSQL server programs (initdb, pg_ctl) are not installed: apt-get install postgresql")
}
