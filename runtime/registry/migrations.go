package registry

import (
	"embed"
	"io/fs"
)

//go:embed migrations
var migrationFiles embed.FS

// TrackingMigrations creates the registries' own table in a tracking
// database: geo_blob_sizes, the size each blob had when its sync stored
// it. Apply it with the project's tracking migrations.
var TrackingMigrations = func() fs.FS {
	s, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err)
	}
	return s
}()
