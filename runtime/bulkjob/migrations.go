package bulkjob

import (
	"embed"
	"io/fs"
)

//go:embed migrations
var migrationFiles embed.FS

// Migrations creates geo_bulk_jobs. Apply it with the project's main
// migrations on a primary and with its tracking migrations on a secondary
// (it may be given to both sets: the table is the same).
var Migrations = mustSub("migrations")

func mustSub(dir string) fs.FS {
	s, err := fs.Sub(migrationFiles, dir)
	if err != nil {
		panic(err)
	}
	return s
}
