package bulkjob

import (
	"context"
	"database/sql"
)

// SetBeforeCursor sets the hook that runs in each batch's transaction
// between the rows' UPDATE and the cursor's.
func (j *Jobs) SetBeforeCursor(f func(ctx context.Context, tx *sql.Tx) error) { j.beforeCursor = f }

// SetBeforeBatch sets the hook that runs before each batch.
func (j *Jobs) SetBeforeBatch(f func(ctx context.Context) error) { j.beforeBatch = f }
