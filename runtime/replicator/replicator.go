package replicator

import (
	"context"

	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
)

// Replicator is one replicable type's strategy, as the site workers see
// it. The same value serves one site: built for the primary it checksums
// the primary's data; built for a secondary it also syncs, consumes
// events and removes data.
type Replicator interface {
	// Descriptor is the type replicated.
	Descriptor() *replicable.Descriptor

	// Checksum computes the checksum of a record's data as this site
	// stores it. Data that is missing gives an error wrapping
	// ErrNotChecksummable.
	Checksum(ctx context.Context, modelRecordID int64) ([]byte, error)

	// Registry is the secondary's registry of the type (nil on the
	// primary).
	Registry() *registry.Store

	// SyncStarted copies one record's data from the primary and records
	// the outcome in the registry. The row is already started, by a claim
	// or by Start, and rec is the row as that returned it: its
	// LastSyncedAt makes the final Synced conditional, so a concurrent
	// resync wins. The error, if any, has already been recorded, except
	// when ctx ended or the database could not be reached: the row then
	// stays started until its lease expires (registry RecoverExpired).
	SyncStarted(ctx context.Context, rec registry.Record) error

	// Consume applies one event of this type from the primary's log. It
	// is idempotent: an event handled twice changes nothing more.
	Consume(ctx context.Context, e eventlog.Event) error

	// Remove deletes the local data and the registry row of a record the
	// primary no longer has. Data or a row already gone is not an error.
	Remove(ctx context.Context, modelRecordID int64, location string) error
}

// Sync starts a sync of one record (registry Start: pending, synced or
// failed to started) and runs it. A row that is already started is being
// synced by someone else: Sync returns an error matching
// registry.ErrInvalidTransition and downloads nothing.
func Sync(ctx context.Context, r Replicator, modelRecordID int64) error {
	rec, err := r.Registry().Start(ctx, modelRecordID)
	if err != nil {
		return err
	}
	defer r.Registry().Release(rec)
	return r.SyncStarted(ctx, rec)
}

// Factory builds the Replicator of one type on one site. A site looks up
// the factory of each type's strategy; see Factories.
type Factory func(cfg Config) (Replicator, error)

// Factories returns the factories of the strategies this package
// implements: blob and repository. A site accepts more alongside them.
func Factories() map[replicable.Strategy]Factory {
	return map[replicable.Strategy]Factory{
		replicable.Blob:       func(cfg Config) (Replicator, error) { return NewBlob(cfg) },
		replicable.Repository: func(cfg Config) (Replicator, error) { return NewRepository(cfg) },
	}
}
