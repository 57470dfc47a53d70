package snippetrepository

import (
	"context"
	"fmt"
)

// This file belongs to you: geogen wrote it once for Snippet Repository and never rewrites it.
// It holds the decisions geogen cannot make for you. The defaults work as they are;
// review each one before you turn replication on in production.

// scope selects the snippet_repositories records that secondary sites replicate and the primary
// checksums, as a SQL condition over the columns of snippet_repositories. Empty means every record.
// For example "size > 0", or "project_id IN (SELECT id FROM projects WHERE archived = false)".
const scope = ""

// searchColumns are the text columns of snippet_repositories that the admin API's keyword filter
// searches. Leave the list empty to turn keyword filtering off.
var searchColumns = []string{"name"}

// locate returns where the data of Snippet Repository record id lives: its git repository, relative to the repository root.
// Primary and secondaries use the same location.
func locate(_ context.Context, id int64) (string, error) {
	return fmt.Sprintf("snippet_repositories/%d.git", id), nil
}
