package jobartifact

import (
	"context"
	"fmt"
)

// This file belongs to you: geogen wrote it once for Job Artifact and never rewrites it.
// It holds the decisions geogen cannot make for you. The defaults work as they are;
// review each one before you turn replication on in production.

// scope selects the job_artifacts records that secondary sites replicate and the primary
// checksums, as a SQL condition over the columns of job_artifacts. Empty means every record.
// For example "size > 0", or "project_id IN (SELECT id FROM projects WHERE archived = false)".
const scope = ""

// searchColumns are the text columns of job_artifacts that the admin API's keyword filter
// searches. Leave the list empty to turn keyword filtering off.
var searchColumns = []string{"name"}

// locate returns where the data of Job Artifact record id lives: its blob in the blob store.
// Primary and secondaries use the same location.
func locate(_ context.Context, id int64) (string, error) {
	return fmt.Sprintf("job_artifacts/%d", id), nil
}
