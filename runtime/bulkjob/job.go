package bulkjob

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// Status is where a job is in its life.
type Status int16

// Job statuses, as stored.
const (
	Queued   Status = 0 // enqueued, no runner has started it
	Running  Status = 1 // started: its cursor moves batch by batch
	Finished Status = 2 // every row up to its bound was handled
	Failed   Status = 3 // stopped for good: see LastError
)

// String returns queued, running, finished or failed.
func (s Status) String() string {
	switch s {
	case Queued:
		return "queued"
	case Running:
		return "running"
	case Finished:
		return "finished"
	case Failed:
		return "failed"
	}
	return fmt.Sprintf("status(%d)", int16(s))
}

// MarshalText writes the name, for the status JSON.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Job is one bulk job and its progress.
type Job struct {
	ID     int64  `json:"id"`
	Spec   Spec   `json:"spec"`
	Status Status `json:"status"`

	// Total is how many rows matched the job's filters when it started
	// (zero while queued); Done is how many rows it has changed. Rows can
	// change state while a job runs, so Done may end below Total.
	Total int64 `json:"total"`
	Done  int64 `json:"done"`

	CreatedAt  time.Time  `json:"created_at"`
	StartedAt  *time.Time `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at"`
	// LastError is the last error a pass met; a job that keeps failing
	// ends Failed with it.
	LastError string `json:"last_error,omitempty"`

	// Joined is set by Enqueue when the request joined an unfinished job
	// with the same type, action and filters instead of queueing one.
	Joined bool `json:"-"`

	cursor, maxID int64 // the last key handled and the key bound
}

// Unfinished reports whether the job is queued or running.
func (j Job) Unfinished() bool { return j.FinishedAt == nil }

const jobColumns = "id, replicable_name, action, ids, replication_state, verification_state, status, total, done, created_at, started_at, finished_at, last_error, cursor_id, max_id"

func scanJob(sc interface{ Scan(...any) error }) (Job, error) {
	var j Job
	var ids, lastError sql.NullString
	var repl, ver sql.NullInt16
	var started, finished sql.NullTime
	var action string
	if err := sc.Scan(&j.ID, &j.Spec.Type, &action, &ids, &repl, &ver, &j.Status, &j.Total, &j.Done,
		&j.CreatedAt, &started, &finished, &lastError, &j.cursor, &j.maxID); err != nil {
		return Job{}, err
	}
	j.Spec.Action = Action(action)
	var err error
	if j.Spec.IDs, err = parseIDs(ids.String); err != nil {
		return Job{}, fmt.Errorf("bulk job %d: %w", j.ID, err)
	}
	if repl.Valid {
		r := state.Replication(repl.Int16)
		j.Spec.ReplicationState = &r
	}
	if ver.Valid {
		v := state.Verification(ver.Int16)
		j.Spec.VerificationState = &v
	}
	j.CreatedAt = j.CreatedAt.UTC()
	j.StartedAt, j.FinishedAt = sqldb.TimePtr(started), sqldb.TimePtr(finished)
	j.LastError = lastError.String
	return j, nil
}
