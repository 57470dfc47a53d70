package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/geogen/geogen/runtime/sqldb"
)

// databases are the URLs of the demo's two databases: the primary's main
// database and the secondary's tracking database (the secondary reads
// the main one through a read-only view).
type databases struct {
	main, tracking string
	cleanup        func()
}

// sqliteDatabases puts both databases in SQLite files in dir.
func sqliteDatabases(dir string) *databases {
	return &databases{main: "sqlite:" + filepath.Join(dir, "main.db"), tracking: "sqlite:" + filepath.Join(dir, "tracking.db"), cleanup: func() {}}
}

// postgresDatabases creates two fresh schemas on the server (dropped by
// cleanup), one per database.
func postgresDatabases(ctx context.Context, base string) (*databases, error) {
	admin, err := sqldb.Open(ctx, base)
	if err != nil {
		return nil, err
	}
	suffix := strings.ToLower(rand.Text()[:10])
	schemas := []string{"geogen_demo_main_" + suffix, "geogen_demo_tracking_" + suffix}
	drop := func() {
		for _, s := range schemas {
			admin.ExecContext(context.Background(), "DROP SCHEMA IF EXISTS "+s+" CASCADE")
		}
		admin.Close()
	}
	var urls []string
	for _, s := range schemas {
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+s); err != nil {
			drop()
			return nil, fmt.Errorf("create schema %s: %w", s, err)
		}
		u, err := url.Parse(base)
		if err != nil {
			drop()
			return nil, err
		}
		q := u.Query()
		q.Set("search_path", s)
		u.RawQuery = q.Encode()
		urls = append(urls, u.String())
	}
	return &databases{main: urls[0], tracking: urls[1], cleanup: drop}, nil
}
