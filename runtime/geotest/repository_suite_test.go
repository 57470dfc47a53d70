package geotest

import (
	"context"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/gitrepo"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sqldb"
)

func TestRepositoryReplicatorSuite(t *testing.T) {
	RepositoryReplicator(t, repositorySuiteConfig())
}

// updatesIgnored drops updated events: a push never reaches secondaries.
type updatesIgnored struct{ *replicator.Repository }

func (u updatesIgnored) Consume(ctx context.Context, e eventlog.Event) error {
	if e.EventName == eventlog.Updated {
		return nil
	}
	return u.Repository.Consume(ctx, e)
}

// mirrorKept forgets the registry row of a deleted record but keeps its
// mirror on disk.
type mirrorKept struct{ *replicator.Repository }

func (m mirrorKept) Remove(ctx context.Context, id int64, _ string) error {
	_, err := m.Registry().Delete(ctx, id)
	return err
}

func (m mirrorKept) Consume(ctx context.Context, e eventlog.Event) error {
	if e.EventName == eventlog.Deleted {
		return m.Remove(ctx, e.Payload.ModelRecordID, e.Payload.RepositoryPath)
	}
	return m.Repository.Consume(ctx, e)
}

// rawChecksum returns gitrepo.Checksum as is: nil for an empty repository.
type rawChecksum struct{ *replicator.Repository }

func (r rawChecksum) Checksum(ctx context.Context, id int64) ([]byte, error) {
	path, err := r.Path(ctx, id)
	if err != nil {
		return nil, err
	}
	return gitrepo.Checksum(ctx, path)
}

func TestRepositoryReplicatorSuiteFailsOnBrokenReplicators(t *testing.T) {
	wrap := func(f func(*replicator.Repository) replicator.Replicator) replicator.Factory {
		return func(cfg replicator.Config) (replicator.Replicator, error) {
			r, err := replicator.NewRepository(cfg)
			if err != nil {
				return nil, err
			}
			return f(r), nil
		}
	}
	for _, tc := range []struct {
		name    string
		factory replicator.Factory
		run     func(testing.TB, *RepositorySites)
		want    string
	}{
		{"updated events ignored", wrap(func(r *replicator.Repository) replicator.Replicator { return updatesIgnored{r} }),
			repoUpdatedDuringSync, "after an update during the sync"},
		{"mirror kept after delete", wrap(func(r *replicator.Repository) replicator.Replicator { return mirrorKept{r} }),
			repoConsumeDeleted, "mirror still on the secondary"},
		{"no checksum for an empty repository", wrap(func(r *replicator.Repository) replicator.Replicator { return rawChecksum{r} }),
			repoEmpty, "primary verification: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectReadSuiteFailure(t, tc.want, func(tb testing.TB) {
				e := NewEnv(tb, sqldb.SQLite, repositorySuiteConfig())
				tc.run(tb, newRepositorySites(tb, e, site.Options{PollInterval: 10 * time.Millisecond}, tc.factory))
			})
		})
	}
}
