package replicator

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/gitrepo"
	"github.com/geogen/geogen/runtime/registry"
)

// FailureRepositorySync is the failure recorded when fetching or cloning
// a repository fails (GitLab's message).
const FailureRepositorySync = "Error syncing repository"

// SyncStarted implements Replicator: it mirrors the record's repository
// from the primary (a clone into a temporary directory renamed into place
// the first time, a forced, pruning fetch afterwards; see
// gitrepo.Mirror.Sync), with a token signed for that repository only, and
// records the outcome. A sync of the same repository already running in
// this process (the row was sent back to pending by a push and claimed
// again) is waited for first.
//
//   - fetched: unless the descriptor disables it, git housekeeping runs
//     (while the row is still started, so no other git process works on
//     the mirror), then the row is marked synced, with verification
//     pending when the primary has a checksum. Synced only applies while
//     the row is still in the started state this sync claimed: an updated
//     event consumed meanwhile sent it back to pending, and the scheduler
//     fetches again.
//   - the primary has no such repository: synced with missing_on_primary,
//     as GitLab does; nothing is verified and no housekeeping runs.
//   - any other error: failed with FailureRepositorySync and the cause.
func (r *Repository) SyncStarted(ctx context.Context, rec registry.Record) error {
	if r.role != flags.Secondary {
		return ErrNotSecondary
	}
	id := rec.ModelRecordID
	log := r.log.With(slog.Int64("model_record_id", id), slog.Int64("registry_id", rec.ID))
	fail := func(cause error) error {
		if ctx.Err() != nil {
			// Shutting down: the row stays started and is recovered after
			// its lease expires; a clone in progress removed its directory.
			return ctx.Err()
		}
		err := record(ctx, log, "sync failed", func(ctx context.Context) error {
			return r.registry.Failed(ctx, id, FailureRepositorySync, cause, registry.FailOptions{})
		})
		if err != nil {
			return fmt.Errorf("%s: %w (and recording the failure failed: %v)", FailureRepositorySync, cause, err)
		}
		log.Warn("Repository sync", "success", false, "error", cause)
		return fmt.Errorf("%s: %w", FailureRepositorySync, cause)
	}
	var startedAt time.Time
	if rec.LastSyncedAt != nil {
		startedAt = *rec.LastSyncedAt
	}

	path, err := r.Path(ctx, id)
	if err != nil {
		return fail(err)
	}
	unlock, err := r.locks.lock(ctx, path)
	if err != nil {
		return err // shutting down while another sync of it ran
	}
	defer unlock()
	auth, err := r.signer.Sign(gitrepo.Scope(r.d.Name, id))
	if err != nil {
		return fail(fmt.Errorf("sign the repository token: %w", err))
	}
	began := time.Now()
	url := gitrepo.URL(r.primaryURL, r.d.Name, id)
	if damaged(rec) {
		// The last verification found the mirror damaged: a fetch would
		// keep the bad objects.
		log.Warn("mirror found corrupt by its verification; cloning it again")
		err = r.mirror.Reclone(ctx, url, auth, path)
	} else {
		err = r.mirror.Sync(ctx, url, auth, path)
		if errors.Is(err, gitrepo.ErrCorrupt) && ctx.Err() == nil {
			log.Warn("mirror is corrupt; cloning it again", "error", err)
			err = r.mirror.Reclone(ctx, url, auth, path)
		}
	}
	if errors.Is(err, gitrepo.ErrMissingOnPrimary) && ctx.Err() == nil {
		var ok bool
		serr := record(ctx, log, "synced", func(ctx context.Context) (err error) {
			ok, err = r.registry.Synced(ctx, id, startedAt, registry.SyncedOptions{MissingOnPrimary: true})
			return err
		})
		if serr != nil {
			return fmt.Errorf("record sync of %s %d: %w", r.d.Name, id, serr)
		}
		if !ok {
			return r.lostRace(ctx, id, path, log)
		}
		log.Warn("Repository sync", "success", true, "missing_on_primary", true, "error", err)
		return nil
	}
	if err != nil {
		return fail(err)
	}

	if !r.d.HousekeepingDisabled {
		if err := r.mirror.Housekeep(ctx, path); err != nil && ctx.Err() == nil {
			// The mirror is complete; packing can wait for the next sync.
			log.Warn("repository housekeeping failed", "error", err)
		}
	}
	primarySum, err := PrimaryChecksum(ctx, r.main, r.d, id)
	if err != nil {
		return fail(err)
	}
	var ok bool
	err = record(ctx, log, "synced", func(ctx context.Context) (err error) {
		ok, err = r.registry.Synced(ctx, id, startedAt, registry.SyncedOptions{PrimaryVerified: primarySum != nil})
		return err
	})
	if err != nil {
		return fmt.Errorf("record sync of %s %d: %w", r.d.Name, id, err)
	}
	if !ok {
		return r.lostRace(ctx, id, path, log)
	}
	if primarySum == nil {
		// As for blobs: the primary's checksum_succeeded event may have
		// been applied before Synced disabled verification.
		if err := readyToVerify(ctx, r.main, r.d, r.verify, id); err != nil {
			return err
		}
	}
	log.Debug("Repository sync", "success", true, "duration", time.Since(began))
	return nil
}

// damaged reports whether rec's sync failed because its verification
// found the mirror corrupt.
func damaged(rec registry.Record) bool {
	return strings.Contains(rec.LastSyncFailure, gitrepo.ErrCorrupt.Error())
}

// lostRace handles a sync whose final Synced did not apply: the row went
// back to pending (a push on the primary; the scheduler syncs it again),
// or it was deleted because the record was, and the mirror just written
// belongs to nothing.
func (r *Repository) lostRace(ctx context.Context, id int64, path string, log *slog.Logger) error {
	_, err := r.registry.Get(ctx, id)
	if errors.Is(err, registry.ErrNotFound) {
		if err := os.RemoveAll(path); err != nil {
			return fmt.Errorf("remove mirror of deleted %s %d: %w", r.d.Name, id, err)
		}
		log.Info("record deleted during its sync; mirror removed")
		return nil
	}
	if err != nil {
		return err
	}
	log.Info("repository updated during the sync; it will be synced again")
	return nil
}

// Consume implements Replicator for the repository events:
//
//   - created and updated, for a record in scope (others are ignored): a
//     registry row (pending) when there is none; for updated, an existing
//     row goes back to pending (registry Resync), even while a sync runs,
//     so that sync's Synced does not apply and the scheduler fetches the
//     new refs. A replayed created leaves an existing row alone.
//   - deleted: the local mirror (at the event's repository_path) and the
//     registry row are removed, whatever the scope.
//   - checksum_succeeded: the verification of a synced row becomes
//     pending, as for blobs.
func (r *Repository) Consume(ctx context.Context, e eventlog.Event) error {
	if r.role != flags.Secondary {
		return ErrNotSecondary
	}
	id := e.Payload.ModelRecordID
	switch e.EventName {
	case eventlog.Created, eventlog.Updated:
		ok, err := InScope(ctx, r.main, r.d, id)
		if err != nil || !ok {
			return err
		}
		if e.EventName == eventlog.Updated {
			err := r.registry.Resync(ctx, id)
			if !errors.Is(err, registry.ErrNotFound) {
				return err
			}
		}
		_, err = r.registry.Create(ctx, id)
		return err
	case eventlog.Deleted:
		return r.Remove(ctx, id, e.Payload.RepositoryPath)
	case eventlog.ChecksumSucceeded:
		return primaryChecksumChanged(ctx, r.verify, e)
	}
	r.log.Warn("ignoring unsupported event", "event_name", e.EventName, "event_id", e.ID)
	return nil
}

// Remove implements Replicator: it deletes the mirror at location (a path
// relative to the repository root; the record's own when empty) and the
// registry row.
func (r *Repository) Remove(ctx context.Context, modelRecordID int64, location string) error {
	if r.role != flags.Secondary {
		return ErrNotSecondary
	}
	rel := location
	if rel == "" {
		var err error
		if rel, err = r.RelativePath(ctx, modelRecordID); err != nil {
			return err
		}
	}
	path, err := r.under(rel)
	if err != nil {
		return fmt.Errorf("remove %s %d: %w", r.d.Name, modelRecordID, err)
	}
	if err := os.RemoveAll(path); err != nil {
		return fmt.Errorf("remove %s %d: %w", r.d.Name, modelRecordID, err)
	}
	if _, err := r.registry.Delete(ctx, modelRecordID); err != nil {
		return fmt.Errorf("remove %s %d: %w", r.d.Name, modelRecordID, err)
	}
	return nil
}
