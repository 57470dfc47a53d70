package containerrepositorymanifestblobsignature

import (
	"context"
	"time"

	"github.com/geogen/geogen/runtime/sqldb"
)

// This file belongs to you: geogen wrote it once for Container Repository Manifest Blob Signature and never rewrites it.

// createRecord inserts one Container Repository Manifest Blob Signature record for the conformance suites and returns its id.
// If container_repository_manifest_blob_signatures has required columns of your own, set them here.
func createRecord(ctx context.Context, db sqldb.Querier, now time.Time) (int64, error) {
	var id int64
	err := db.QueryRowContext(ctx, "INSERT INTO container_repository_manifest_blob_signatures (name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id", "Container Repository Manifest Blob Signature", now).Scan(&id)
	return id, err
}
