package replicator

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/gitrepo"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// PublishCreated is what the primary does after inserting a record, in the
// same transaction tx: like Blob.PublishCreated, a pending verification
// state row (verification enabled on the primary, record in scope) and a
// created event (replication enabled). It returns the event id, or 0 when
// no event was published.
func (r *Repository) PublishCreated(ctx context.Context, tx sqldb.Querier, modelRecordID int64) (int64, error) {
	if r.role != flags.Primary {
		return 0, nil
	}
	if flags.VerificationEnabled(r.flags, r.d, flags.Primary) {
		if err := insertStateRow(ctx, tx, r.d, modelRecordID); err != nil {
			return 0, err
		}
	}
	return r.publish(ctx, tx, eventlog.Created, eventlog.Payload{ModelRecordID: modelRecordID, CorrelationID: correlationID(ctx)})
}

// PublishUpdated is what the primary does after a push to a record's
// repository, in the caller's transaction tx: the record's checksum is
// stale, so its verification state goes back to pending (created if
// missing) and an updated event tells secondaries to fetch again. Until
// the primary has verified the new refs, secondaries have no checksum to
// compare with and do not verify. It returns the event id, or 0.
func (r *Repository) PublishUpdated(ctx context.Context, tx sqldb.Querier, modelRecordID int64) (int64, error) {
	if r.role != flags.Primary {
		return 0, nil
	}
	if flags.VerificationEnabled(r.flags, r.d, flags.Primary) {
		if err := insertStateRow(ctx, tx, r.d, modelRecordID); err != nil {
			return 0, err
		}
		if err := r.verificationPending(ctx, tx, modelRecordID); err != nil {
			return 0, err
		}
	}
	return r.publish(ctx, tx, eventlog.Updated, eventlog.Payload{ModelRecordID: modelRecordID, CorrelationID: correlationID(ctx)})
}

// verificationPending sets the primary's verification of a record pending
// in tx, from any state, with the same callbacks as
// verification.Store.Pending (state.VerificationPendingSet). A
// verification running now then fails to record its (stale) checksum and
// is claimed again.
func (r *Repository) verificationPending(ctx context.Context, tx sqldb.Querier, modelRecordID int64) error {
	q := fmt.Sprintf("UPDATE %s SET %s WHERE %s = $1", r.d.StateTable, state.VerificationPendingSet(false), r.d.StateKeyColumn())
	if _, err := tx.ExecContext(ctx, q, modelRecordID); err != nil {
		return fmt.Errorf("set %s %d verification pending after a push: %w", r.d.Name, modelRecordID, err)
	}
	return nil
}

// PublishDeleted publishes, in the caller's transaction, that a record was
// deleted, with its repository's path relative to the root so that
// secondaries can remove their mirror without the model row. It does
// nothing unless this is the primary and replication is enabled.
func (r *Repository) PublishDeleted(ctx context.Context, tx sqldb.Querier, modelRecordID int64) (int64, error) {
	if r.role != flags.Primary || !flags.ReplicationEnabled(r.flags, r.d) {
		return 0, nil
	}
	rel, err := r.RelativePath(ctx, modelRecordID)
	if err != nil {
		return 0, err
	}
	return r.publish(ctx, tx, eventlog.Deleted, eventlog.Payload{ModelRecordID: modelRecordID, RepositoryPath: rel})
}

// publish writes one event when this is the primary and replication is
// enabled.
func (r *Repository) publish(ctx context.Context, tx sqldb.Querier, event string, p eventlog.Payload) (int64, error) {
	if r.role != flags.Primary || !flags.ReplicationEnabled(r.flags, r.d) {
		return 0, nil
	}
	return eventlog.Publish(ctx, tx, r.clock.Now(), r.d.Name, event, p)
}

// Create stores a new record on the primary: in one transaction, insert
// (the caller's statement, returning the new id) inserts the model row, an
// empty bare repository is created at the record's path, populate (if not
// nil) fills it (an import, a first commit), and PublishCreated runs. When
// any step fails the repository is removed again.
func (r *Repository) Create(ctx context.Context, insert func(tx *sql.Tx) (int64, error), populate func(ctx context.Context, path string) error) (int64, error) {
	if r.role != flags.Primary {
		return 0, fmt.Errorf("create %s: records are created on the primary", r.d.Name)
	}
	var id int64
	var path string
	err := r.main.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = insert(tx); err != nil {
			return err
		}
		if path, err = r.Path(ctx, id); err != nil {
			return err
		}
		if _, err := os.Stat(path); err == nil {
			path = "" // not ours to remove on failure
			return fmt.Errorf("a repository already exists at the new record's path: remove it or change the type's Locate")
		}
		if err := gitrepo.Init(ctx, path); err != nil {
			return err
		}
		if populate != nil {
			if err := populate(ctx, path); err != nil {
				return err
			}
		}
		_, err = r.PublishCreated(ctx, tx, id)
		return err
	})
	if err != nil {
		if path != "" {
			if rmErr := os.RemoveAll(path); rmErr != nil {
				r.log.Warn("repository of a record that was not created is left behind", "path", path, "error", rmErr)
			}
		}
		return 0, fmt.Errorf("create %s: %w", r.d.Name, err)
	}
	return id, nil
}

// AfterPush records a push to a record's repository: PublishUpdated in a
// transaction of its own. Call it once the pushed refs are in place.
func (r *Repository) AfterPush(ctx context.Context, modelRecordID int64) error {
	if r.role != flags.Primary {
		return fmt.Errorf("push to %s %d: repositories are pushed to on the primary", r.d.Name, modelRecordID)
	}
	err := r.main.InTx(ctx, func(tx *sql.Tx) error {
		_, err := r.PublishUpdated(ctx, tx, modelRecordID)
		return err
	})
	if err != nil {
		return fmt.Errorf("push to %s %d: %w", r.d.Name, modelRecordID, err)
	}
	return nil
}

// Destroy deletes a record on the primary: in one transaction, del (the
// caller's statement) deletes the model row (its state row goes with it)
// and the deleted event is published; after the commit the primary's
// repository is removed.
func (r *Repository) Destroy(ctx context.Context, modelRecordID int64, del func(tx *sql.Tx) error) error {
	if r.role != flags.Primary {
		return fmt.Errorf("destroy %s %d: records are deleted on the primary", r.d.Name, modelRecordID)
	}
	path, err := r.Path(ctx, modelRecordID)
	if err != nil {
		return err
	}
	err = r.main.InTx(ctx, func(tx *sql.Tx) error {
		if err := del(tx); err != nil {
			return err
		}
		_, err := r.PublishDeleted(ctx, tx, modelRecordID)
		return err
	})
	if err != nil {
		return fmt.Errorf("destroy %s %d: %w", r.d.Name, modelRecordID, err)
	}
	if err := os.RemoveAll(path); err != nil {
		return fmt.Errorf("destroy %s %d: record deleted, repository left at %s: %w", r.d.Name, modelRecordID, path, err)
	}
	return nil
}

// Locate is the primary's gitrepo.Locate for this type: the path of a
// record's repository relative to the root, when the record exists and
// the type's scope selects it; gitrepo.ErrRepositoryNotFound otherwise.
// (Whether the repository is on disk is the server's question.)
func (r *Repository) Locate(ctx context.Context, modelRecordID int64) (string, error) {
	ok, err := InScope(ctx, r.main, r.d, modelRecordID)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", fmt.Errorf("%s %d: %w", r.d.Name, modelRecordID, gitrepo.ErrRepositoryNotFound)
	}
	return r.RelativePath(ctx, modelRecordID)
}
