package sitestatus

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// Defaults of the failing-workers health check.
const (
	// DefaultWorkerWindow is how many of a type's most recent sync (or
	// verification) attempts the check looks at.
	DefaultWorkerWindow = 100
	// DefaultWorkerFailurePercent is the share of failures among them,
	// in percent, at which the site is unhealthy.
	DefaultWorkerFailurePercent = 50
	// minWorkerAttempts is how many attempts must have ended before
	// their ratio means anything: two failures of the first three
	// records are not a pattern.
	minWorkerAttempts = 10
)

// attempts is one kind of work's recent outcomes: the rows of a table
// whose last attempt ended, newest first, each row its latest attempt.
type attempts struct {
	what    string // "sync", "verification", "checksum"
	table   string
	started string // the column stamped when an attempt starts
	column  string // the state column
	ok, bad int16  // its succeeded and failed values
	failure string // the column of the failure message
	where   string // more conditions, "" for none
}

// workerAttempts lists the kinds of work whose outcomes the check reads
// for a type: a secondary's syncs and verifications, or a primary's
// checksums.
func workerAttempts(primary bool, d *replicable.Descriptor) []attempts {
	if primary {
		return []attempts{{what: "checksum", table: d.StateTable, started: "verification_started_at", column: "verification_state",
			ok: int16(state.VerificationSucceeded), bad: int16(state.VerificationFailed), failure: "verification_failure"}}
	}
	return []attempts{
		{what: "sync", table: d.RegistryTable, started: "last_synced_at", column: "state",
			ok: int16(state.Synced), bad: int16(state.Failed), failure: "last_sync_failure"},
		{what: "verification", table: d.RegistryTable, started: "verification_started_at", column: "verification_state",
			ok: int16(state.VerificationSucceeded), bad: int16(state.VerificationFailed), failure: "verification_failure",
			where: fmt.Sprintf(" AND state = %d", state.Synced)},
	}
}

// failingWorkers returns a health reason for each kind of a type's work
// that failed for percent or more of its last window attempts, with the
// newest failure's message.
func failingWorkers(ctx context.Context, db *sqldb.DB, primary bool, d *replicable.Descriptor, window, percent int) ([]string, error) {
	var reasons []string
	for _, a := range workerAttempts(primary, d) {
		var total, failed int64
		q := fmt.Sprintf(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN %[1]s = %[2]d THEN 1 ELSE 0 END), 0) FROM (
			SELECT %[1]s FROM %[3]s WHERE %[1]s IN (%[2]d, %[4]d) AND %[5]s IS NOT NULL%[6]s ORDER BY %[5]s DESC LIMIT %[7]d) recent`,
			a.column, a.bad, a.table, a.ok, a.started, a.where, window)
		if err := db.QueryRowContext(ctx, q).Scan(&total, &failed); err != nil {
			return nil, fmt.Errorf("%s: read the recent %s outcomes: %w", d.TitlePlural, a.what, err)
		}
		if total < minWorkerAttempts || failed*100 < int64(percent)*total {
			continue
		}
		var last sql.NullString
		err := db.QueryRowContext(ctx, fmt.Sprintf("SELECT %s FROM %s WHERE %s = %d AND %s IS NOT NULL%s ORDER BY %s DESC LIMIT 1",
			a.failure, a.table, a.column, a.bad, a.started, a.where, a.started)).Scan(&last)
		if err != nil && err != sql.ErrNoRows {
			return nil, fmt.Errorf("%s: read the last %s failure: %w", d.TitlePlural, a.what, err)
		}
		reason := fmt.Sprintf("failing workers: %s %s failed %d of the last %d attempts", d.TitlePlural, a.what, failed, total)
		if last.Valid && last.String != "" {
			reason += fmt.Sprintf(" (latest: %s)", last.String)
		}
		reasons = append(reasons, reason)
	}
	return reasons, nil
}
