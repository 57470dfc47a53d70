package flags

import (
	"embed"
	"io/fs"
)

//go:embed migrations
var migrationFiles embed.FS

// MainMigrations creates the tables of Store (geo_feature_flags and its
// history, geo_feature_flag_changes) in the main database. Apply it
// together with the project's main migrations.
var MainMigrations = func() fs.FS {
	s, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err)
	}
	return s
}()
