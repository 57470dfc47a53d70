// Package basemigrations lists the runtime's own migrations: the tables
// every site database holds before a project's types add theirs. The site
// binary's migrate command, the conformance suites' test databases and
// the check that no type takes one of the runtime's names all read this
// one list, so a table the runtime adds is in all three at once.
package basemigrations

import (
	"io/fs"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/migrate"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sitestatus"
)

// For returns the runtime's migration sources of one database set, in the
// order they are applied.
func For(set migrate.Set) []fs.FS {
	if set == migrate.Tracking {
		return []fs.FS{eventlog.TrackingMigrations, registry.TrackingMigrations, bulkjob.Migrations}
	}
	return []fs.FS{eventlog.MainMigrations, flags.MainMigrations, sitestatus.MainMigrations, bulkjob.Migrations}
}
