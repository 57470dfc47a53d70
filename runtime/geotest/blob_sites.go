package geotest

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sqldb"
)

// Site-to-site credentials of the test sites.
const (
	SecondaryAccessKey = "secondary-1"
	SecondaryName      = "secondary-1"
	PrimaryName        = "primary"
)

// SecondarySecret is the secret the test secondary shares with the primary.
var SecondarySecret = []byte("0123456789abcdef0123456789abcdef")

// BlobSites is a primary and a secondary site of one blob type on an Env
// (see Sites): the primary's transfer API on a loopback HTTP server, each
// site with its own blob directory.
type BlobSites struct {
	*Sites
	PrimaryBlobs   *blobstore.Dir
	SecondaryBlobs *blobstore.Dir
}

// blobReplicatorAPI is what the blob suite drives of a blob type's
// replicator on either site: *replicator.Blob implements it, and so do the
// broken wrappers of it the package's own tests pass.
type blobReplicatorAPI interface {
	replicator.Replicator
	PublishCreated(ctx context.Context, tx sqldb.Querier, modelRecordID int64) (int64, error)
	PublishDeleted(ctx context.Context, tx sqldb.Querier, modelRecordID int64) (int64, error)
	PublishDeletedBatch(ctx context.Context, modelRecordIDs []int64) error
	Create(ctx context.Context, insert func(tx *sql.Tx) (int64, error), content io.Reader) (int64, error)
	Destroy(ctx context.Context, modelRecordID int64, del func(tx *sql.Tx) error) error
	ResourceExists(ctx context.Context, modelRecordID int64) (bool, error)
}

var _ blobReplicatorAPI = (*replicator.Blob)(nil)

// NewBlobSites builds the two sites. The clocks of both sites and of the
// tokens are the Env's fake clock.
func NewBlobSites(tb testing.TB, e *Env, opts site.Options) *BlobSites {
	tb.Helper()
	return newBlobSites(tb, e, opts, nil)
}

// newBlobSites builds the sites with factory as the blob strategy (nil:
// the runtime's).
func newBlobSites(tb testing.TB, e *Env, opts site.Options, factory replicator.Factory) *BlobSites {
	tb.Helper()
	s := &BlobSites{Sites: newSites(tb, e, opts, replicable.Blob, factory),
		PrimaryBlobs: newDir(tb, "primary"), SecondaryBlobs: newDir(tb, "secondary")}
	s.primaryStorage = func(c *site.PrimaryConfig) { c.Blobs = s.PrimaryBlobs }
	s.secondaryStorage = func(c *site.SecondaryConfig) { c.Blobs = s.SecondaryBlobs }
	s.start(tb)
	return s
}

// secondaryReplicatorOf builds a secondary replicator of d outside the
// sites (a scoped copy of the type), with the sites' factory, and returns
// it with its registry.
func (s *BlobSites) secondaryReplicatorOf(tb testing.TB, d *replicable.Descriptor) (blobReplicatorAPI, *registry.Store) {
	tb.Helper()
	r, reg := s.newSecondaryReplicator(tb, d, nil)
	return asBlobAPI(tb, "secondary", d.Name, r), reg
}

// PrimaryReplicator is the primary's replicator of the type.
func (s *BlobSites) PrimaryReplicator(tb testing.TB) *replicator.Blob {
	tb.Helper()
	return asBlob(tb, "primary", s.Env.Config.Descriptor.Name, s.primaryAPI(tb))
}

// SecondaryReplicator is the secondary's replicator of the type.
func (s *BlobSites) SecondaryReplicator(tb testing.TB) *replicator.Blob {
	tb.Helper()
	return asBlob(tb, "secondary", s.Env.Config.Descriptor.Name, s.secondaryAPI(tb))
}

// primaryAPI is the primary's replicator of the type as the suite drives
// it: the sites' factory's, which need not be a *replicator.Blob.
func (s *BlobSites) primaryAPI(tb testing.TB) blobReplicatorAPI {
	tb.Helper()
	name := s.Env.Config.Descriptor.Name
	r, ok := s.Primary.Replicator(name)
	if !ok {
		tb.Fatalf("primary has no replicator for %s", name)
	}
	return asBlobAPI(tb, "primary", name, r)
}

// secondaryAPI is the secondary's replicator of the type as the suite
// drives it.
func (s *BlobSites) secondaryAPI(tb testing.TB) blobReplicatorAPI {
	tb.Helper()
	name := s.Env.Config.Descriptor.Name
	r, ok := s.Secondary.Replicator(name)
	if !ok {
		tb.Fatalf("secondary has no replicator for %s", name)
	}
	return asBlobAPI(tb, "secondary", name, r)
}

func asBlobAPI(tb testing.TB, side, name string, r replicator.Replicator) blobReplicatorAPI {
	tb.Helper()
	b, ok := r.(blobReplicatorAPI)
	if !ok {
		tb.Fatalf("%s replicator of %s is %T, not a blob replicator", side, name, r)
	}
	return b
}

func asBlob(tb testing.TB, side, name string, r blobReplicatorAPI) *replicator.Blob {
	tb.Helper()
	b, ok := r.(*replicator.Blob)
	if !ok {
		tb.Fatalf("%s replicator of %s is %T, not the runtime's *replicator.Blob", side, name, r)
	}
	return b
}

// CreateBlob creates a record with content on the primary (model row,
// blob, state row and created event in one transaction) and returns its id.
func (s *BlobSites) CreateBlob(tb testing.TB, content []byte) int64 {
	tb.Helper()
	ctx := context.Background()
	id, err := s.primaryAPI(tb).Create(ctx, func(tx *sql.Tx) (int64, error) {
		return s.Env.Config.CreateRecord(ctx, tx, s.Env.Clock.Now())
	}, bytes.NewReader(content))
	if err != nil {
		tb.Fatalf("create blob record: %v", err)
	}
	return id
}

// DestroyBlob deletes a record on the primary (model row and deleted event
// in one transaction, then the blob).
func (s *BlobSites) DestroyBlob(tb testing.TB, id int64) {
	tb.Helper()
	d := s.Env.Config.Descriptor
	err := s.primaryAPI(tb).Destroy(context.Background(), id, func(tx *sql.Tx) error {
		_, err := tx.Exec("DELETE FROM "+d.ModelTable+" WHERE "+d.ModelKey+" = $1", id)
		return err
	})
	if err != nil {
		tb.Fatalf("destroy blob record %d: %v", id, err)
	}
}

// BlobKey is the key of a record's blob (the same on both sites).
func (s *BlobSites) BlobKey(tb testing.TB, id int64) string {
	tb.Helper()
	key, err := s.Env.Config.Descriptor.Location(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return key
}

// SecondaryFile returns the content of a record's blob on the secondary,
// and whether it exists.
func (s *BlobSites) SecondaryFile(tb testing.TB, id int64) ([]byte, bool) {
	tb.Helper()
	return readFile(tb, s.SecondaryBlobs, s.BlobKey(tb, id))
}

// AssertNoTempFiles fails when a temporary (half-written) file is left in
// the secondary's blob directory.
func (s *BlobSites) AssertNoTempFiles(tb testing.TB) {
	tb.Helper()
	err := filepath.WalkDir(s.SecondaryBlobs.Root(), func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(e.Name(), ".tmp-") {
			tb.Errorf("half-written file left behind: %s", path)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// Eventually polls cond every 20 ms until it holds or timeout passes.
func Eventually(tb testing.TB, timeout time.Duration, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func newDir(tb testing.TB, name string) *blobstore.Dir {
	tb.Helper()
	d, err := blobstore.NewDir(filepath.Join(tb.TempDir(), name))
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func readFile(tb testing.TB, s blobstore.Store, key string) ([]byte, bool) {
	tb.Helper()
	rc, _, err := s.Open(context.Background(), key)
	if err != nil {
		return nil, false
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		tb.Fatal(err)
	}
	return b, true
}

// typesOf is the Env's one type, as a site's type list.
func (e *Env) typesOf() []*replicable.Descriptor {
	return []*replicable.Descriptor{e.Config.Descriptor}
}
