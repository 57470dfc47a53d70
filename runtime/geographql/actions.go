package geographql

import (
	"context"
	"errors"

	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/state"
)

// Actions carries out the admin mutations on one type's registries. A
// secondary builds them over its registry and verification stores and its
// bulk job runner; a binding without Actions answers the mutations with an
// error saying the site cannot act on that type.
type Actions interface {
	// Resync sends the registry back to pending at once and returns it as
	// it now is. A sync of it that is running is not disturbed and is
	// followed by a new one.
	Resync(ctx context.Context, registryID int64) (registry.Record, error)
	// Reverify marks the registry's verification pending and returns it as
	// it now is.
	Reverify(ctx context.Context, registryID int64) (registry.Record, error)
	// Bulk starts the background job that applies the action to every
	// registry the request selects, or returns the one already running for
	// the same request; it returns without waiting for the job.
	Bulk(ctx context.Context, req BulkRequest) (BulkJob, error)
}

// Errors of Actions, which the mutations tell apart from failures of the
// site: a registry that does not exist answers GitLab's "resource not
// available" error; a refused action (reverifying a registry that is not
// synced, a bulk job this site does not run) is told in the payload's
// errors, in the action's own words.
var (
	ErrRegistryNotFound = errors.New("registry not found")
	ErrActionRefused    = errors.New("action refused")
)

// BulkAction is what a bulk update does: a GeoRegistriesBulkAction value.
type BulkAction string

// The bulk actions.
const (
	BulkResyncAll   BulkAction = "RESYNC_ALL"
	BulkReverifyAll BulkAction = "REVERIFY_ALL"
)

// BulkRequest selects the registries of one type a bulk update changes:
// all of them, narrowed by each filter that is set.
type BulkRequest struct {
	Action            BulkAction
	IDs               []int64
	ReplicationState  *state.Replication
	VerificationState *state.Verification
}

// BulkJob is a bulk update's background job as the mutation reports it.
type BulkJob struct {
	ID string // the job's identity; a repeated request gets the same one while the job runs
}
