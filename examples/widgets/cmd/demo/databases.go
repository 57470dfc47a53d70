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

// databases are the demo's two databases: the primary's main database and
// the secondary's tracking database, with the URLs they were opened with
// (the secondary opens the main one a second time, read-only).
type databases struct {
	mainURL  string
	main     *sqldb.DB
	tracking *sqldb.DB
	cleanup  func()
}

// openSQLite creates both databases as SQLite files in dir.
func openSQLite(ctx context.Context, dir string) (*databases, error) {
	mainURL := "sqlite:" + filepath.Join(dir, "main.db")
	main, err := sqldb.Open(ctx, mainURL)
	if err != nil {
		return nil, err
	}
	tracking, err := sqldb.Open(ctx, "sqlite:"+filepath.Join(dir, "tracking.db"))
	if err != nil {
		main.Close()
		return nil, err
	}
	return &databases{mainURL: mainURL, main: main, tracking: tracking, cleanup: func() {
		main.Close()
		tracking.Close()
	}}, nil
}

// openPostgres creates two fresh schemas on the server (dropped by
// cleanup), one per database.
func openPostgres(ctx context.Context, base string) (*databases, error) {
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
	var dbs []*sqldb.DB
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
		db, err := sqldb.Open(ctx, u.String())
		if err != nil {
			drop()
			return nil, err
		}
		urls = append(urls, u.String())
		dbs = append(dbs, db)
	}
	return &databases{mainURL: urls[0], main: dbs[0], tracking: dbs[1], cleanup: func() {
		for _, db := range dbs {
			db.Close()
		}
		drop()
	}}, nil
}
