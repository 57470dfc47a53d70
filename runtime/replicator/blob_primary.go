package replicator

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
	"github.com/geogen/geogen/runtime/transfer"
)

// correlationKey carries a correlation id through a context.
type correlationKey struct{}

// WithCorrelationID returns a context whose published events carry id as
// their correlation_id (a request id, typically). Without one, each event
// gets a random id.
func WithCorrelationID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, correlationKey{}, id)
}

func correlationID(ctx context.Context) string {
	if id, ok := ctx.Value(correlationKey{}).(string); ok && id != "" {
		return id
	}
	return rand.Text()
}

// PublishCreated is what the primary does after inserting a record, in the
// same transaction tx: it gives the record a pending verification state row
// when verification is enabled on the primary and the type's scope selects
// it, and publishes a created event when replication is enabled. It
// returns the event id, or 0 when no event was published (replication off,
// or not the primary).
func (b *Blob) PublishCreated(ctx context.Context, tx sqldb.Querier, modelRecordID int64) (int64, error) {
	if b.role != flags.Primary {
		return 0, nil
	}
	if flags.VerificationEnabled(b.flags, b.d, flags.Primary) {
		if err := b.createStateRow(ctx, tx, modelRecordID); err != nil {
			return 0, err
		}
	}
	if !flags.ReplicationEnabled(b.flags, b.d) {
		return 0, nil
	}
	return eventlog.Publish(ctx, tx, b.clock.Now(), b.d.Name, eventlog.Created,
		eventlog.Payload{ModelRecordID: modelRecordID, CorrelationID: correlationID(ctx)})
}

// createStateRow inserts the pending verification state row of a record
// in scope; an existing row is kept.
func (b *Blob) createStateRow(ctx context.Context, tx sqldb.Querier, modelRecordID int64) error {
	return insertStateRow(ctx, tx, b.d, modelRecordID)
}

// insertStateRow inserts the pending verification state row of a record
// in the type's scope, in tx; an existing row is kept. A type verified on
// its model table has no row to insert.
func insertStateRow(ctx context.Context, tx sqldb.Querier, d *replicable.Descriptor, modelRecordID int64) error {
	if d.VerificationOnModel {
		return nil // the model row is the state row, pending from its column defaults
	}
	q := fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s WHERE %s = $1%s ON CONFLICT (%s) DO NOTHING",
		d.StateTable, d.StateKeyColumn(), d.ModelKey, d.ModelTable, d.ModelKey, scopeCondition(d, " AND "), d.StateKeyColumn())
	if _, err := tx.ExecContext(ctx, q, modelRecordID); err != nil {
		return fmt.Errorf("create %s verification state of %d: %w", d.Name, modelRecordID, err)
	}
	return nil
}

// PublishDeleted publishes, in the caller's transaction, that a record was
// deleted, with its blob's key so secondaries can delete their copy
// without the model row. It does nothing unless this is the primary and
// replication is enabled.
func (b *Blob) PublishDeleted(ctx context.Context, tx sqldb.Querier, modelRecordID int64) (int64, error) {
	if b.role != flags.Primary || !flags.ReplicationEnabled(b.flags, b.d) {
		return 0, nil
	}
	key, err := b.BlobKey(ctx, modelRecordID)
	if err != nil {
		return 0, err
	}
	return eventlog.Publish(ctx, tx, b.clock.Now(), b.d.Name, eventlog.Deleted,
		eventlog.Payload{ModelRecordID: modelRecordID, BlobPath: key})
}

// PublishDeletedBatch publishes deleted events for many records in one
// transaction (bulk deletes). A zero id is refused before anything is
// written.
func (b *Blob) PublishDeletedBatch(ctx context.Context, modelRecordIDs []int64) error {
	if b.role != flags.Primary || !flags.ReplicationEnabled(b.flags, b.d) {
		return nil
	}
	payloads := make([]eventlog.Payload, len(modelRecordIDs))
	for i, id := range modelRecordIDs {
		if id == 0 {
			return fmt.Errorf("publish %s deleted events: model_record_id can not be zero (item %d)", b.d.Name, i)
		}
		key, err := b.BlobKey(ctx, id)
		if err != nil {
			return err
		}
		payloads[i] = eventlog.Payload{ModelRecordID: id, BlobPath: key}
	}
	return eventlog.PublishBatch(ctx, b.main, b.clock.Now(), b.d.Name, eventlog.Deleted, payloads)
}

// Create stores a new record on the primary: in one transaction, insert
// (the caller's statement, returning the new id) inserts the model row, the
// blob is stored under the record's key, and PublishCreated runs. When the
// transaction fails after the blob was stored, the blob is deleted again.
func (b *Blob) Create(ctx context.Context, insert func(tx *sql.Tx) (int64, error), content io.Reader) (int64, error) {
	if b.role != flags.Primary {
		return 0, fmt.Errorf("create %s: records are created on the primary", b.d.Name)
	}
	var id int64
	var key string
	err := b.main.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = insert(tx); err != nil {
			return err
		}
		if key, err = b.BlobKey(ctx, id); err != nil {
			return err
		}
		if _, err := b.store.Put(ctx, key, content, blobstore.PutOptions{}); err != nil {
			return err
		}
		_, err = b.PublishCreated(ctx, tx, id)
		return err
	})
	if err != nil {
		if key != "" {
			if derr := b.store.Delete(context.WithoutCancel(ctx), key); derr != nil && !errors.Is(derr, blobstore.ErrNotFound) {
				b.log.Warn("blob of a record that was not created is left behind", "key", key, "error", derr)
			}
		}
		return 0, fmt.Errorf("create %s: %w", b.d.Name, err)
	}
	return id, nil
}

// Destroy deletes a record on the primary: in one transaction, del (the
// caller's statement) deletes the model row (its state row goes with it)
// and the deleted event is published; after the commit the primary's blob
// is deleted.
func (b *Blob) Destroy(ctx context.Context, modelRecordID int64, del func(tx *sql.Tx) error) error {
	if b.role != flags.Primary {
		return fmt.Errorf("destroy %s %d: records are deleted on the primary", b.d.Name, modelRecordID)
	}
	key, err := b.BlobKey(ctx, modelRecordID)
	if err != nil {
		return err
	}
	err = b.main.InTx(ctx, func(tx *sql.Tx) error {
		if err := del(tx); err != nil {
			return err
		}
		_, err := b.PublishDeleted(ctx, tx, modelRecordID)
		return err
	})
	if err != nil {
		return fmt.Errorf("destroy %s %d: %w", b.d.Name, modelRecordID, err)
	}
	if err := b.store.Delete(ctx, key); err != nil && !errors.Is(err, blobstore.ErrNotFound) {
		return fmt.Errorf("destroy %s %d: record deleted, blob left: %w", b.d.Name, modelRecordID, err)
	}
	return nil
}

// Locate is the primary's transfer.Locator for this type: the key of a
// record's blob and, when the primary has verified it, its SHA-256. A
// record that does not exist, or that the type's scope does not select,
// is transfer.ErrRecordNotFound.
func (b *Blob) Locate(ctx context.Context, modelRecordID int64) (transfer.Location, error) {
	// One query for both questions: does the record exist in scope, and
	// what is its verified checksum. Every download asks them.
	d := b.d
	q := fmt.Sprintf(`SELECT s.verification_checksum FROM %s m
LEFT JOIN %s s ON s.%s = m.%s AND s.verification_state = %d
WHERE m.%s = $1%s`,
		d.ModelTable, d.StateTable, d.StateKeyColumn(), d.ModelKey, state.VerificationSucceeded, d.ModelKey, scopeCondition(d, " AND "))
	var sum []byte
	err := b.main.QueryRowContext(ctx, q, modelRecordID).Scan(&sum)
	if errors.Is(err, sql.ErrNoRows) {
		return transfer.Location{}, fmt.Errorf("%s %d: %w", d.Name, modelRecordID, transfer.ErrRecordNotFound)
	}
	if err != nil {
		return transfer.Location{}, fmt.Errorf("locate %s %d: %w", d.Name, modelRecordID, err)
	}
	key, err := b.BlobKey(ctx, modelRecordID)
	if err != nil {
		return transfer.Location{}, err
	}
	loc := transfer.Location{Key: key}
	if len(sum) > 0 {
		loc.SHA256 = hex.EncodeToString(sum)
	}
	return loc, nil
}
