package eventlog

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/geogen/geogen/runtime/sqldb"
)

// Event names.
const (
	Created           = "created"
	Updated           = "updated"
	Deleted           = "deleted"
	ChecksumSucceeded = "checksum_succeeded"
)

// Event is one row of the log.
type Event struct {
	ID             int64
	ReplicableName string
	EventName      string
	Payload        Payload
	CreatedAt      time.Time
}

// Payload is what an event says about its record. ModelRecordID is always
// set; the rest depends on the event.
type Payload struct {
	ModelRecordID int64  `json:"model_record_id"`
	CorrelationID string `json:"correlation_id,omitempty"`
	// BlobPath is the deleted blob's key, relative to the blob store root.
	BlobPath string `json:"blob_path,omitempty"`
	// RepositoryPath is the deleted repository's path, relative to the
	// repository root.
	RepositoryPath string `json:"repository_path,omitempty"`
}

// Publish writes one event. Pass the transaction that makes the change
// the event describes, so the event exists if and only if the change does.
func Publish(ctx context.Context, q sqldb.Querier, now time.Time, replicableName, eventName string, p Payload) (int64, error) {
	if p.ModelRecordID == 0 {
		return 0, fmt.Errorf("publish %s %s: model_record_id can not be zero", replicableName, eventName)
	}
	body, err := json.Marshal(p)
	if err != nil {
		return 0, fmt.Errorf("publish %s %s: %w", replicableName, eventName, err)
	}
	var id int64
	err = q.QueryRowContext(ctx,
		"INSERT INTO geo_events (replicable_name, event_name, payload, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
		replicableName, eventName, string(body), now.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("publish %s %s: %w", replicableName, eventName, err)
	}
	return id, nil
}

// PublishBatch writes one event per payload in a single transaction, for
// bulk deletes.
func PublishBatch(ctx context.Context, db *sqldb.DB, now time.Time, replicableName, eventName string, payloads []Payload) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		for _, p := range payloads {
			if _, err := Publish(ctx, tx, now, replicableName, eventName, p); err != nil {
				return err
			}
		}
		return nil
	})
}
