package geotest

import (
	"context"
	"testing"

	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
)

func TestRegistryActionsSuite(t *testing.T) {
	RegistryActions(t, readSuiteConfig())
	RegistryActions(t, repositorySuiteConfig())
}

// disturbingResync sends a started row straight to pending, so a second
// worker can claim it while its sync still runs.
type disturbingResync struct{ *registry.Store }

func (u disturbingResync) ResyncByID(ctx context.Context, id int64) (registry.Record, error) {
	d := u.Descriptor()
	if _, err := u.DB().ExecContext(ctx, "UPDATE "+d.RegistryTable+" SET state = 0 WHERE id = $1", id); err != nil {
		return registry.Record{}, err
	}
	return u.GetByID(ctx, id)
}

// careless reverifies registries whatever their sync state.
type carelessReverify struct{ *registry.Store }

func (u carelessReverify) ReverifyByID(ctx context.Context, id int64) (registry.Record, error) {
	d := u.Descriptor()
	if _, err := u.DB().ExecContext(ctx, "UPDATE "+d.RegistryTable+" SET verification_state = 0 WHERE id = $1", id); err != nil {
		return registry.Record{}, err
	}
	return u.GetByID(ctx, id)
}

func TestRegistryActionsSuiteFailsOnBrokenActions(t *testing.T) {
	for _, tc := range []struct {
		name string
		reg  newActionRegistryFunc
		want string
	}{
		{"resync disturbs a running sync", func(e *Env) ActionRegistry { return disturbingResync{newRealRegistry(e).(*registry.Store)} }, "resync during a sync"},
		{"reverify of an unsynced registry", func(e *Env) ActionRegistry { return carelessReverify{newRealRegistry(e).(*registry.Store)} }, "reverify of a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectReadSuiteFailure(t, tc.want, func(tb testing.TB) {
				registryActions(tb, NewEnv(tb, sqldb.SQLite, readSuiteConfig()), tc.reg)
			})
		})
	}
}
