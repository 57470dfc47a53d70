package adminapi

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
)

// registryActions carries out the GraphQL mutations on one type's
// registries: single actions on the tracking database's registry store,
// bulk actions as jobs of the site's bulk job runner.
type registryActions struct {
	d     *replicable.Descriptor
	store *registry.Store
	jobs  *bulkjob.Jobs // nil: this site runs no bulk jobs
}

func (a registryActions) Resync(ctx context.Context, registryID int64) (registry.Record, error) {
	rec, err := a.store.ResyncByID(ctx, registryID)
	return rec, actionError(err)
}

func (a registryActions) Reverify(ctx context.Context, registryID int64) (registry.Record, error) {
	rec, err := a.store.ReverifyByID(ctx, registryID)
	return rec, actionError(err)
}

func (a registryActions) Bulk(ctx context.Context, req geographql.BulkRequest) (geographql.BulkJob, error) {
	if a.jobs == nil {
		return geographql.BulkJob{}, fmt.Errorf("%w: this site runs no bulk jobs", geographql.ErrActionRefused)
	}
	action := bulkjob.ResyncAll
	if req.Action == geographql.BulkReverifyAll {
		action = bulkjob.ReverifyAll
	}
	job, err := a.jobs.Enqueue(ctx, bulkjob.Spec{
		Type: a.d.Name, Action: action, IDs: req.IDs,
		ReplicationState: req.ReplicationState, VerificationState: req.VerificationState,
	})
	if errors.Is(err, bulkjob.ErrInvalidSpec) || errors.Is(err, bulkjob.ErrWrongRole) || errors.Is(err, bulkjob.ErrUnknownType) {
		return geographql.BulkJob{}, fmt.Errorf("%w: %w", geographql.ErrActionRefused, err)
	}
	if err != nil {
		return geographql.BulkJob{}, err
	}
	return geographql.BulkJob{ID: strconv.FormatInt(job.ID, 10)}, nil
}

// actionError maps the registry store's refusals to geographql's.
func actionError(err error) error {
	switch {
	case errors.Is(err, registry.ErrNotFound):
		return fmt.Errorf("%w: %w", geographql.ErrRegistryNotFound, err)
	case errors.Is(err, registry.ErrInvalidTransition):
		return fmt.Errorf("%w: %w", geographql.ErrActionRefused, err)
	}
	return err
}

// RegistryActions returns the actions of d's registries on a secondary
// whose tracking database is tracking: single actions on its registry
// store, bulk actions as jobs (refused when jobs is nil). New gives every
// secondary binding these unless it has its own.
func RegistryActions(tracking *sqldb.DB, d *replicable.Descriptor, c clock.Clock, jobs *bulkjob.Jobs) geographql.Actions {
	return registryActions{d: d, store: registry.NewStore(tracking, d, c), jobs: jobs}
}

// siteBindings adapts the bindings to the site. A secondary's that read
// its registries and have no Actions get the site's own, over its tracking
// database. A primary has no registries: its bindings keep only their
// schema, so that the list a project generates serves every site and every
// site serves the same schema.
func (s *Server) siteBindings(types []geographql.TypeBinding) []geographql.TypeBinding {
	out := make([]geographql.TypeBinding, len(types))
	for i, b := range types {
		switch {
		case s.site.Primary:
			b.Finder, b.Actions = nil, nil
		case s.tracking != nil && b.Finder != nil && b.Actions == nil && b.Descriptor != nil:
			b.Actions = RegistryActions(s.tracking, b.Descriptor, s.clock, s.jobs)
		}
		out[i] = b
	}
	return out
}
