package geotest

import (
	"context"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
)

func TestFrameworkRegistrySuite(t *testing.T) {
	FrameworkRegistry(t, readSuiteConfig())
	FrameworkRegistry(t, repositorySuiteConfig())
}

func repositorySuiteConfig() Config {
	d := testtypes.Gizmo()
	return Config{
		Descriptor:         d,
		MainMigrations:     testtypes.MainMigrations(d),
		TrackingMigrations: testtypes.TrackingMigrations(d),
		CreateRecord: func(ctx context.Context, db sqldb.Querier, now time.Time) (int64, error) {
			return testtypes.CreateRecord(ctx, db, d, "gizmo", now)
		},
	}
}

// unconditionalSynced marks a row synced even when a resync came in
// during the sync: the bug the conditional update exists to prevent.
type unconditionalSynced struct{ *registry.Store }

func (u unconditionalSynced) Synced(ctx context.Context, id int64, _ time.Time, opts registry.SyncedOptions) (bool, error) {
	d := u.Descriptor()
	if _, err := u.DB().ExecContext(ctx, "UPDATE "+d.RegistryTable+" SET state = 1, force_to_redownload = false WHERE "+d.ForeignKey+" = $1", id); err != nil {
		return false, err
	}
	return u.Store.Synced(ctx, id, time.Time{}, opts)
}

// untruncatedFailed stores failure messages cut at 255 without the "...".
type untruncatedFailed struct{ *registry.Store }

func (u untruncatedFailed) Failed(ctx context.Context, id int64, msg string, cause error, opts registry.FailOptions) error {
	if len(msg) > 255 {
		msg = msg[:255]
	}
	return u.Store.Failed(ctx, id, msg, cause, opts)
}

// exclusionIgnored claims pending rows without honouring except.
type exclusionIgnored struct{ *registry.Store }

func (u exclusionIgnored) ClaimPending(ctx context.Context, limit int, _ []int64) ([]registry.Record, error) {
	return u.Store.ClaimPending(ctx, limit, nil)
}

func TestFrameworkRegistrySuiteFailsOnBrokenRegistries(t *testing.T) {
	wrap := func(f func(*registry.Store) SyncRegistry) newRegistryFunc {
		return func(e *Env) SyncRegistry { return f(newRealRegistry(e).(*registry.Store)) }
	}
	for _, tc := range []struct {
		name string
		reg  newRegistryFunc
		want string
	}{
		{"synced ignores a concurrent resync", wrap(func(s *registry.Store) SyncRegistry { return unconditionalSynced{s} }), "concurrent resync"},
		{"failure message not truncated GitLab's way", wrap(func(s *registry.Store) SyncRegistry { return untruncatedFailed{s} }), "long failure message"},
		{"claim ignores exclusions", wrap(func(s *registry.Store) SyncRegistry { return exclusionIgnored{s} }), "claim pending except"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectReadSuiteFailure(t, tc.want, func(tb testing.TB) {
				frameworkRegistry(tb, NewEnv(tb, sqldb.SQLite, readSuiteConfig()), tc.reg)
			})
		})
	}
}
