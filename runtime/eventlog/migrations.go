package eventlog

import (
	"embed"
	"io/fs"
)

//go:embed migrations
var migrationFiles embed.FS

// MainMigrations creates geo_events in the main database. Apply it together
// with the project's main migrations.
var MainMigrations = mustSub("migrations/main")

// TrackingMigrations creates event_log_states in a tracking database. Apply
// it together with the project's tracking migrations.
var TrackingMigrations = mustSub("migrations/tracking")

func mustSub(dir string) fs.FS {
	s, err := fs.Sub(migrationFiles, dir)
	if err != nil {
		panic(err)
	}
	return s
}
