package replicator

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/state"
	"github.com/geogen/geogen/runtime/transfer"
	"github.com/geogen/geogen/runtime/verification"
)

// Failure messages recorded in last_sync_failure.
const (
	FailureMissingOnPrimary = "primary_missing_file"
	FailureChecksumMismatch = "Downloaded file checksum mismatch"
	FailureSyncError        = "Error while attempting to sync"
)

// ErrNotSecondary is returned by secondary-only methods of a replicator
// built for the primary.
var ErrNotSecondary = errors.New("only a secondary site syncs")

// SyncStarted implements Replicator: it downloads the record's blob from
// the primary into this site's store (atomically: a temporary file that is
// renamed into place only when complete and matching the primary's
// checksum, when the primary has one) and records synced or failed.
func (b *Blob) SyncStarted(ctx context.Context, rec registry.Record) error {
	if b.role != flags.Secondary {
		return ErrNotSecondary
	}
	id := rec.ModelRecordID
	log := b.log.With(slog.Int64("model_record_id", id), slog.Int64("registry_id", rec.ID))
	fail := func(message string, cause error, opts registry.FailOptions) error {
		if ctx.Err() != nil {
			// Shutting down: the row stays started and is recovered after
			// its lease expires; nothing was stored.
			return ctx.Err()
		}
		err := record(ctx, log, "sync failed", func(ctx context.Context) error {
			return b.registry.Failed(ctx, id, message, cause, opts)
		})
		if err != nil {
			return fmt.Errorf("%s: %w (and recording the failure failed: %v)", message, cause, err)
		}
		log.Warn("Blob download", "success", false, "reason", message, "error", cause,
			"missing_on_primary", opts.MissingOnPrimary)
		if cause == nil {
			return errors.New(message)
		}
		return fmt.Errorf("%s: %w", message, cause)
	}

	key, err := b.BlobKey(ctx, id)
	if err != nil {
		return fail(FailureSyncError, err, registry.FailOptions{})
	}
	// The primary sends the checksum its verification recorded, if any,
	// with the blob: the download is checked against it, and it says
	// whether there is anything to verify against, without a query of the
	// main database per download.
	res, complete := b.completeOnDisk(ctx, rec, log)
	if !complete {
		res, err = b.downloader.Download(ctx, b.d.Name, id, key, "")
	}
	if err != nil {
		var se *transfer.StatusError
		switch {
		case errors.Is(err, transfer.ErrMissingOnPrimary):
			return fail(FailureMissingOnPrimary, err, registry.FailOptions{MissingOnPrimary: true})
		case errors.Is(err, transfer.ErrChecksumMismatch):
			return fail(FailureChecksumMismatch, err, registry.FailOptions{})
		case errors.As(err, &se):
			return fail(se.Error(), nil, registry.FailOptions{})
		}
		return fail(FailureSyncError, err, registry.FailOptions{})
	}

	var startedAt time.Time
	if rec.LastSyncedAt != nil {
		startedAt = *rec.LastSyncedAt
	}
	var ok bool
	err = record(ctx, log, "synced", func(ctx context.Context) (err error) {
		// The size stored is recorded for the existence check (a blob
		// found complete on disk keeps the one its download recorded).
		ok, err = b.registry.Synced(ctx, id, startedAt, registry.SyncedOptions{PrimaryVerified: res.PrimaryVerified, Size: res.Bytes, Sized: !complete})
		return err
	})
	if err != nil {
		return fmt.Errorf("record sync of %s %d: %w", b.d.Name, id, err)
	}
	if !ok {
		return b.lostRace(ctx, id, key, log)
	}
	if !res.PrimaryVerified {
		// Verification was disabled: the primary had no checksum when it
		// sent the blob. If it has one now, its checksum_succeeded event
		// may have been applied before Synced disabled verification, so
		// nothing would ever set it pending again: do it here.
		if err := readyToVerify(ctx, b.main, b.d, b.verify, id); err != nil {
			return err
		}
	}
	log.Debug("Blob download", "success", true, "bytes", res.Bytes, "duration", res.Duration)
	return nil
}

// completeOnDisk reports whether the blob of a record whose previous sync
// was interrupted (registry.Interrupted) is already here, whole: it has
// the checksum the primary recorded. The sync is then recorded without a
// download. Other syncs skip the check: it costs a read of the blob and a
// query of the primary's database.
func (b *Blob) completeOnDisk(ctx context.Context, rec registry.Record, log *slog.Logger) (transfer.Result, bool) {
	if !registry.Interrupted(rec) {
		return transfer.Result{}, false
	}
	primary, err := PrimaryChecksum(ctx, b.main, b.d, rec.ModelRecordID)
	if err != nil || primary == nil {
		return transfer.Result{}, false
	}
	local, err := b.Checksum(ctx, rec.ModelRecordID)
	if err != nil || !bytes.Equal(local, primary) {
		return transfer.Result{}, false
	}
	log.Info("blob of an interrupted sync is complete on disk; recorded without a download")
	return transfer.Result{SHA256: hex.EncodeToString(local), PrimaryVerified: true}, true
}

// lostRace handles a sync whose final Synced did not apply. Either the row
// went back to pending during the download (the scheduler syncs it again)
// or it was deleted, because the record was deleted on the primary: then
// the blob just stored belongs to nothing and is removed.
func (b *Blob) lostRace(ctx context.Context, id int64, key string, log *slog.Logger) error {
	_, err := b.registry.Get(ctx, id)
	if errors.Is(err, registry.ErrNotFound) {
		if derr := b.store.Delete(ctx, key); derr != nil && !errors.Is(derr, blobstore.ErrNotFound) {
			return fmt.Errorf("remove blob of deleted %s %d: %w", b.d.Name, id, derr)
		}
		log.Info("record deleted during its sync; blob removed")
		return nil
	}
	if err != nil {
		return err
	}
	log.Info("registry changed during the sync; it will be synced again")
	return nil
}

// Consume implements Replicator for the blob events:
//
//   - created: a registry row (pending) for a record in scope; the sync
//     scheduler downloads it. A record out of scope, or gone from the
//     primary already, is ignored.
//   - deleted: the local blob (at the event's blob_path) and the registry
//     row are removed, whatever the scope.
//   - checksum_succeeded: the primary has a (new) checksum, so the
//     secondary's verification of a synced row becomes pending.
func (b *Blob) Consume(ctx context.Context, e eventlog.Event) error {
	if b.role != flags.Secondary {
		return ErrNotSecondary
	}
	id := e.Payload.ModelRecordID
	switch e.EventName {
	case eventlog.Created:
		ok, err := InScope(ctx, b.main, b.d, id)
		if err != nil || !ok {
			return err
		}
		_, err = b.registry.Create(ctx, id)
		return err
	case eventlog.Deleted:
		return b.Remove(ctx, id, e.Payload.BlobPath)
	case eventlog.ChecksumSucceeded:
		return primaryChecksumChanged(ctx, b.verify, e)
	}
	b.log.Warn("ignoring unsupported event", "event_name", e.EventName, "event_id", e.ID)
	return nil
}

// Remove implements Replicator: it deletes the blob at location (the
// record's key when empty) and the registry row.
func (b *Blob) Remove(ctx context.Context, modelRecordID int64, location string) error {
	if b.role != flags.Secondary {
		return ErrNotSecondary
	}
	key := location
	if key == "" {
		var err error
		if key, err = b.BlobKey(ctx, modelRecordID); err != nil {
			return err
		}
	}
	if err := b.store.Delete(ctx, key); err != nil && !errors.Is(err, blobstore.ErrNotFound) {
		return fmt.Errorf("remove %s %d: %w", b.d.Name, modelRecordID, err)
	}
	if _, err := b.registry.Delete(ctx, modelRecordID); err != nil {
		return fmt.Errorf("remove %s %d: %w", b.d.Name, modelRecordID, err)
	}
	return nil
}

// primaryChecksumChanged sets the secondary's verification of a record
// pending so it is compared with the primary's new checksum. The event is
// also how a secondary re-verifies its own copy (the primary re-verifies
// on a schedule; secondaries follow), so a succeeded verification is only
// left alone when it ran after the event was published: it already
// compared with that checksum (a replayed event, or a sync that finished
// after the primary's verification). Every strategy handles
// checksum_succeeded this way.
func primaryChecksumChanged(ctx context.Context, vs *verification.Store, e eventlog.Event) error {
	id := e.Payload.ModelRecordID
	it, err := vs.Get(ctx, id)
	if errors.Is(err, verification.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case it.State == state.VerificationPending:
		return nil
	case it.State == state.VerificationSucceeded && it.VerifiedAt != nil && it.VerifiedAt.After(e.CreatedAt):
		return nil
	}
	err = vs.Pending(ctx, id)
	if errors.Is(err, verification.ErrNotFound) {
		return nil
	}
	return err
}
