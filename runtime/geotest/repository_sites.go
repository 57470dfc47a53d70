package geotest

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/gitrepo"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sqldb"
)

// RepositoryReplicatorAPI is what the repository suite drives of a
// repository type's replicator on either site: *replicator.Repository
// implements it. (The package's own tests pass broken wrappers of it.)
type RepositoryReplicatorAPI interface {
	replicator.Replicator
	PublishCreated(ctx context.Context, tx sqldb.Querier, modelRecordID int64) (int64, error)
	PublishUpdated(ctx context.Context, tx sqldb.Querier, modelRecordID int64) (int64, error)
	PublishDeleted(ctx context.Context, tx sqldb.Querier, modelRecordID int64) (int64, error)
	Create(ctx context.Context, insert func(tx *sql.Tx) (int64, error), populate func(ctx context.Context, path string) error) (int64, error)
	AfterPush(ctx context.Context, modelRecordID int64) error
	Destroy(ctx context.Context, modelRecordID int64, del func(tx *sql.Tx) error) error
	ResourceExists(ctx context.Context, modelRecordID int64) (bool, error)
	Path(ctx context.Context, modelRecordID int64) (string, error)
	RelativePath(ctx context.Context, modelRecordID int64) (string, error)
}

var _ RepositoryReplicatorAPI = (*replicator.Repository)(nil)

// RepositorySites is a primary and a secondary site of one repository
// type on an Env (see Sites): the primary's git endpoint (and transfer
// API) on a loopback HTTP server, each site with its own repository root.
type RepositorySites struct {
	*Sites
	PrimaryRoot   string // the primary's repository root
	SecondaryRoot string // the secondary's repository root
}

// NewRepositorySites builds the two sites. The clocks of both sites and
// of the tokens are the Env's fake clock.
func NewRepositorySites(tb testing.TB, e *Env, opts site.Options) *RepositorySites {
	tb.Helper()
	return newRepositorySites(tb, e, opts, nil)
}

// newRepositorySites builds the sites with factory as the repository
// strategy (nil: the runtime's).
func newRepositorySites(tb testing.TB, e *Env, opts site.Options, factory replicator.Factory) *RepositorySites {
	tb.Helper()
	dir := tb.TempDir()
	s := &RepositorySites{Sites: newSites(tb, e, opts, replicable.Repository, factory),
		PrimaryRoot: filepath.Join(dir, "primary-repositories"), SecondaryRoot: filepath.Join(dir, "secondary-repositories")}
	s.primaryStorage = func(c *site.PrimaryConfig) { c.Repositories = s.PrimaryRoot }
	s.secondaryStorage = func(c *site.SecondaryConfig) { c.Repositories = s.SecondaryRoot }
	s.start(tb)
	return s
}

// PrimaryReplicator is the primary's replicator of the type.
func (s *RepositorySites) PrimaryReplicator(tb testing.TB) RepositoryReplicatorAPI {
	tb.Helper()
	r, _ := s.Primary.Replicator(s.Env.Config.Descriptor.Name)
	return asRepository(tb, r)
}

// SecondaryReplicator is the secondary's replicator of the type.
func (s *RepositorySites) SecondaryReplicator(tb testing.TB) RepositoryReplicatorAPI {
	tb.Helper()
	r, _ := s.Secondary.Replicator(s.Env.Config.Descriptor.Name)
	return asRepository(tb, r)
}

func asRepository(tb testing.TB, r replicator.Replicator) RepositoryReplicatorAPI {
	tb.Helper()
	rr, ok := r.(RepositoryReplicatorAPI)
	if !ok {
		tb.Fatalf("replicator is %T, not a repository replicator", r)
	}
	return rr
}

// CreateRepository creates a record on the primary whose repository has
// commits commits on main (none: an empty repository), with the model
// row, state row and created event in one transaction, and returns its id.
func (s *RepositorySites) CreateRepository(tb testing.TB, commits int) int64 {
	tb.Helper()
	ctx := context.Background()
	id, err := s.PrimaryReplicator(tb).Create(ctx, func(tx *sql.Tx) (int64, error) {
		return s.Env.Config.CreateRecord(ctx, tx, s.Env.Clock.Now())
	}, func(ctx context.Context, path string) error {
		for i := range commits {
			name := fmt.Sprintf("file-%d.txt", i)
			if _, err := gitrepo.Commit(ctx, path, "main", map[string][]byte{name: []byte(name + " of " + path)}, "commit "+name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("create repository record: %v", err)
	}
	return id
}

// Push adds a commit to branch of a record's repository on the primary
// and records the push (AfterPush: state pending, updated event). It
// returns the new commit's id.
func (s *RepositorySites) Push(tb testing.TB, id int64, branch, message string) string {
	tb.Helper()
	ctx := context.Background()
	commit, err := gitrepo.Commit(ctx, s.PrimaryPath(tb, id), branch, map[string][]byte{"pushed.txt": []byte(message)}, message)
	if err != nil {
		tb.Fatalf("push to %d: %v", id, err)
	}
	if err := s.PrimaryReplicator(tb).AfterPush(ctx, id); err != nil {
		tb.Fatal(err)
	}
	return commit
}

// DestroyRepository deletes a record on the primary (model row and deleted
// event in one transaction, then the repository).
func (s *RepositorySites) DestroyRepository(tb testing.TB, id int64) {
	tb.Helper()
	d := s.Env.Config.Descriptor
	err := s.PrimaryReplicator(tb).Destroy(context.Background(), id, func(tx *sql.Tx) error {
		_, err := tx.Exec("DELETE FROM "+d.ModelTable+" WHERE "+d.ModelKey+" = $1", id)
		return err
	})
	if err != nil {
		tb.Fatalf("destroy repository record %d: %v", id, err)
	}
}

// RelativePath is a record's repository path under either root.
func (s *RepositorySites) RelativePath(tb testing.TB, id int64) string {
	tb.Helper()
	rel, err := s.Env.Config.Descriptor.Location(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return rel
}

// PrimaryPath is where a record's repository is on the primary.
func (s *RepositorySites) PrimaryPath(tb testing.TB, id int64) string {
	tb.Helper()
	return filepath.Join(s.PrimaryRoot, filepath.FromSlash(s.RelativePath(tb, id)))
}

// SecondaryPath is where a record's mirror is on the secondary.
func (s *RepositorySites) SecondaryPath(tb testing.TB, id int64) string {
	tb.Helper()
	return filepath.Join(s.SecondaryRoot, filepath.FromSlash(s.RelativePath(tb, id)))
}

// PrimaryChecksum is gitrepo.Checksum of a record's repository on the
// primary.
func (s *RepositorySites) PrimaryChecksum(tb testing.TB, id int64) []byte {
	tb.Helper()
	return checksumOf(tb, s.PrimaryPath(tb, id))
}

// SecondaryChecksum is gitrepo.Checksum of a record's mirror on the
// secondary, and whether the mirror exists.
func (s *RepositorySites) SecondaryChecksum(tb testing.TB, id int64) ([]byte, bool) {
	tb.Helper()
	p := s.SecondaryPath(tb, id)
	if _, err := os.Stat(p); err != nil {
		return nil, false
	}
	return checksumOf(tb, p), true
}

func checksumOf(tb testing.TB, path string) []byte {
	tb.Helper()
	sum, err := gitrepo.Checksum(context.Background(), path)
	if err != nil {
		tb.Fatalf("checksum of %s: %v", path, err)
	}
	return sum
}

// AssertNoTempClones fails when a temporary (half-done) clone is left in
// the secondary's repository root.
func (s *RepositorySites) AssertNoTempClones(tb testing.TB) {
	tb.Helper()
	err := filepath.WalkDir(s.SecondaryRoot, func(path string, e fs.DirEntry, err error) error {
		if os.IsNotExist(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if strings.HasPrefix(e.Name(), ".tmp-") {
			tb.Errorf("half-done clone left behind: %s", path)
			return filepath.SkipDir
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}
