package geotest

import (
	"context"
	"testing"

	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/sqldb"
)

func TestFrameworkRegistryFinderPassesTheFinder(t *testing.T) {
	FrameworkRegistryFinder(t, readSuiteConfig())
}

// stateBlindFinder ignores the replication state filter.
type stateBlindFinder struct{ RegistryFinder }

func (f stateBlindFinder) Find(ctx context.Context, v finder.Viewer, q finder.Query) (finder.Page, error) {
	q.ReplicationState = nil
	return f.RegistryFinder.Find(ctx, v, q)
}

// leakyFinder shows registries to everyone.
type leakyFinder struct{ RegistryFinder }

func (f leakyFinder) Find(ctx context.Context, _ finder.Viewer, q finder.Query) (finder.Page, error) {
	return f.RegistryFinder.Find(ctx, finder.Viewer{Admin: true}, q)
}

func TestFrameworkRegistryFinderRejectsBrokenFinders(t *testing.T) {
	cases := []struct {
		name string
		wrap func(RegistryFinder) RegistryFinder
		want string
	}{
		{"ignores replication state", func(f RegistryFinder) RegistryFinder { return stateBlindFinder{f} }, "replication state synced"},
		{"shows registries to non-admins", func(f RegistryFinder) RegistryFinder { return leakyFinder{f} }, "non-admin"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := NewEnv(t, sqldb.SQLite, readSuiteConfig())
			expectReadSuiteFailure(t, c.want, func(tb testing.TB) {
				frameworkRegistryFinder(tb, e, func(e *Env, src flags.Source) RegistryFinder {
					return c.wrap(newRealFinder(e, src))
				})
			})
		})
	}
}
