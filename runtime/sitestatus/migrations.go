package sitestatus

import (
	"embed"
	"io/fs"
)

//go:embed migrations
var migrationFiles embed.FS

// MainMigrations creates the primary's list of sites (geo_site_statuses)
// in the main database. Apply it together with the project's main
// migrations.
var MainMigrations = func() fs.FS {
	s, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err)
	}
	return s
}()
