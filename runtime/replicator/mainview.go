package replicator

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// PrimaryChecksum returns the primary's checksum of a record, read from
// the type's state table in the main database (on a secondary, its
// read-only view), or nil when the primary has not verified the record.
func PrimaryChecksum(ctx context.Context, main sqldb.Querier, d *replicable.Descriptor, modelRecordID int64) ([]byte, error) {
	q := fmt.Sprintf("SELECT verification_checksum FROM %s WHERE %s = $1 AND verification_state = %d",
		d.StateTable, d.StateKeyColumn(), state.VerificationSucceeded)
	var sum []byte
	err := main.QueryRowContext(ctx, q, modelRecordID).Scan(&sum)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read primary checksum of %s %d: %w", d.Name, modelRecordID, err)
	}
	if len(sum) == 0 {
		return nil, nil
	}
	return sum, nil
}

// InScope reports whether a model record exists in the main database and
// the type's Scope selects it: whether secondaries replicate it.
func InScope(ctx context.Context, main sqldb.Querier, d *replicable.Descriptor, modelRecordID int64) (bool, error) {
	q := fmt.Sprintf("SELECT 1 FROM %s WHERE %s = $1%s", d.ModelTable, d.ModelKey, scopeCondition(d, " AND "))
	var one int
	err := main.QueryRowContext(ctx, q, modelRecordID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("look up %s %d: %w", d.Name, modelRecordID, err)
	}
	return true, nil
}

// scopeCondition is the type's Scope as a condition joined with prefix, or
// nothing when every record is in scope.
func scopeCondition(d *replicable.Descriptor, prefix string) string {
	if d.Scope == "" {
		return ""
	}
	return prefix + "(" + d.Scope + ")"
}
