package geotest

import (
	"context"
	"testing"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

func TestRegistryMutationsSuitePasses(t *testing.T) {
	RegistryMutations(t, readSuiteConfig())
}

// brokenActions changes one behaviour of the real actions.
type brokenActions struct {
	geographql.Actions
	resync func(ctx context.Context, id int64) (registry.Record, error)
	bulk   func(ctx context.Context, req geographql.BulkRequest) (geographql.BulkJob, error)
}

func (b brokenActions) Resync(ctx context.Context, id int64) (registry.Record, error) {
	if b.resync != nil {
		return b.resync(ctx, id)
	}
	return b.Actions.Resync(ctx, id)
}

func (b brokenActions) Bulk(ctx context.Context, req geographql.BulkRequest) (geographql.BulkJob, error) {
	if b.bulk != nil {
		return b.bulk(ctx, req)
	}
	return b.Actions.Bulk(ctx, req)
}

func TestRegistryMutationsSuiteRejectsBrokenActions(t *testing.T) {
	cases := []struct {
		name string
		impl newActionsFunc
		want string
	}{
		{"resync that does nothing", func(e *Env, jobs *bulkjob.Jobs) geographql.Actions {
			return brokenActions{Actions: realActions(e, jobs), resync: func(context.Context, int64) (registry.Record, error) { return registry.Record{}, nil }}
		}, "want pending"},
		{"bulk resync that drops the filter", func(e *Env, jobs *bulkjob.Jobs) geographql.Actions {
			real := realActions(e, jobs)
			return brokenActions{Actions: real, bulk: func(ctx context.Context, req geographql.BulkRequest) (geographql.BulkJob, error) {
				req.ReplicationState = nil
				return real.Bulk(ctx, req)
			}}
		}, "RESYNC_ALL FAILED changed registry"},
		{"bulk request that queues a second job", func(e *Env, jobs *bulkjob.Jobs) geographql.Actions {
			real := realActions(e, jobs)
			n := 0
			return brokenActions{Actions: real, bulk: func(ctx context.Context, req geographql.BulkRequest) (geographql.BulkJob, error) {
				n++
				if n == 2 {
					failed := state.Failed
					req.ReplicationState, req.IDs = &failed, []int64{1, 2, 3, 4, 5, 6, 7}
				}
				return real.Bulk(ctx, req)
			}}
		}, "while its job is unfinished"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := NewEnv(t, sqldb.SQLite, readSuiteConfig())
			expectReadSuiteFailure(t, c.want, func(tb testing.TB) { registryMutations(tb, e, c.impl) })
		})
	}
}
