package snippetrepository

import (
	"context"
	"time"

	"github.com/geogen/geogen/runtime/sqldb"
)

// This file belongs to you: geogen wrote it once for Snippet Repository and never rewrites it.

// createRecord inserts one Snippet Repository record for the conformance suites and returns its id.
// If snippet_repositories has required columns of your own, set them here.
func createRecord(ctx context.Context, db sqldb.Querier, now time.Time) (int64, error) {
	var id int64
	err := db.QueryRowContext(ctx, "INSERT INTO snippet_repositories (name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id", "Snippet Repository", now).Scan(&id)
	return id, err
}
