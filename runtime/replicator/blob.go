package replicator

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/gitrepo"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/transfer"
	"github.com/geogen/geogen/runtime/verification"
)

// ErrNotChecksummable means a record's data cannot be checksummed: the file
// is missing.
var ErrNotChecksummable = errors.New("file is not checksummable")

// Config is what a strategy needs to replicate one type on one site. A
// site builds one per type and passes it to the type's Factory.
type Config struct {
	Descriptor *replicable.Descriptor
	// Role is the site's role: events are only published on the primary.
	Role  flags.Role
	Flags flags.Source
	Clock clock.Clock // nil: the system clock
	// Main is the main database: read-write on the primary, the read-only
	// view of the primary's on a secondary.
	Main *sqldb.DB
	// Store holds this site's blobs (blob strategy).
	Store blobstore.Store
	// RepositoryRoot is the directory holding this site's repositories
	// (repository strategy): a record's repository is at its Location
	// under it.
	RepositoryRoot string
	Logger         *slog.Logger // nil: slog.Default()

	// Secondary only.
	Registry     *registry.Store     // the type's registry
	Verification *verification.Store // the type's secondary verification (registry) store
	PrimaryURL   string              // the primary's internal URL, for the transfer API and git
	Signer       transfer.TokenSigner
	Client       *http.Client  // nil: transfer.NewClient()
	IdleTimeout  time.Duration // a download stalled this long fails; zero: transfer.DefaultTimeout
	// Mirror clones and fetches repositories (repository strategy); nil:
	// git from PATH.
	Mirror *gitrepo.Mirror
}

// check validates what every strategy needs of cfg: a descriptor of
// strategy s, a role, Flags, Main and the strategy's storage (hasStorage,
// named by storage in the error), and on a secondary the type's stores and
// what it reaches the primary with.
func (cfg Config) check(s replicable.Strategy, hasStorage bool, storage string) error {
	d := cfg.Descriptor
	what := string(s) + " replicator"
	switch {
	case d == nil:
		return errors.New(what + ": Descriptor is nil")
	case d.Strategy != s:
		return fmt.Errorf("%s: %s has strategy %q, not %s", what, d.Name, d.Strategy, s)
	case cfg.Role != flags.Primary && cfg.Role != flags.Secondary:
		return fmt.Errorf("%s for %s: Role must be flags.Primary or flags.Secondary", what, d.Name)
	case cfg.Flags == nil || cfg.Main == nil:
		return fmt.Errorf("%s for %s: Flags and Main are required", what, d.Name)
	case !hasStorage:
		return fmt.Errorf("%s for %s: %s is required", what, d.Name, storage)
	case cfg.Role != flags.Secondary:
		return nil
	case cfg.Registry == nil || cfg.Verification == nil:
		return fmt.Errorf("%s for %s on a secondary: Registry and Verification are required", what, d.Name)
	case cfg.PrimaryURL == "" || cfg.Signer == nil:
		return fmt.Errorf("%s for %s on a secondary: PrimaryURL and Signer are required to reach the primary", what, d.Name)
	}
	return nil
}

// Blob is the blob strategy: one file per record, SHA-256 checksums.
type Blob struct {
	d          *replicable.Descriptor
	role       flags.Role
	flags      flags.Source
	clock      clock.Clock
	main       *sqldb.DB
	store      blobstore.Store
	log        *slog.Logger
	registry   *registry.Store
	verify     *verification.Store
	downloader *transfer.Downloader
}

var _ Replicator = (*Blob)(nil)

// NewBlob checks cfg and returns the blob strategy it describes. It is the
// Factory of replicable.Blob.
func NewBlob(cfg Config) (*Blob, error) {
	if err := cfg.check(replicable.Blob, cfg.Store != nil, "Store (this site's blob store)"); err != nil {
		return nil, err
	}
	d := cfg.Descriptor
	b := &Blob{
		d: d, role: cfg.Role, flags: cfg.Flags, clock: cfg.Clock, main: cfg.Main, store: cfg.Store,
		log: cfg.Logger, registry: cfg.Registry, verify: cfg.Verification,
	}
	if b.clock == nil {
		b.clock = clock.System{}
	}
	if b.log == nil {
		b.log = slog.Default()
	}
	b.log = b.log.With(slog.String("replicable_name", d.Name))
	if cfg.Role == flags.Secondary {
		b.downloader = &transfer.Downloader{
			Client: cfg.Client, PrimaryURL: cfg.PrimaryURL, Signer: cfg.Signer,
			Store: cfg.Store, IdleTimeout: cfg.IdleTimeout,
		}
	}
	return b, nil
}

// Descriptor implements Replicator.
func (b *Blob) Descriptor() *replicable.Descriptor { return b.d }

// Registry implements Replicator.
func (b *Blob) Registry() *registry.Store { return b.registry }

// Store is the site's blob store.
func (b *Blob) Store() blobstore.Store { return b.store }

// BlobKey is the key of a record's blob in the store (the descriptor's
// Location).
func (b *Blob) BlobKey(ctx context.Context, modelRecordID int64) (string, error) {
	key, err := b.d.Location(ctx, modelRecordID)
	if err != nil {
		return "", fmt.Errorf("locate %s %d: %w", b.d.Name, modelRecordID, err)
	}
	return key, nil
}

// Checksum implements Replicator: the SHA-256 of the record's blob as
// stored on this site. A missing blob gives ErrNotChecksummable.
func (b *Blob) Checksum(ctx context.Context, modelRecordID int64) ([]byte, error) {
	key, err := b.BlobKey(ctx, modelRecordID)
	if err != nil {
		return nil, err
	}
	sum, err := b.store.Checksum(ctx, key)
	if errors.Is(err, blobstore.ErrNotFound) {
		return nil, fmt.Errorf("%w: %s %d has no blob at %q", ErrNotChecksummable, b.d.Name, modelRecordID, key)
	}
	if err != nil {
		return nil, err
	}
	raw, err := hex.DecodeString(sum)
	if err != nil {
		return nil, fmt.Errorf("checksum of %s %d: store returned %q: %w", b.d.Name, modelRecordID, sum, err)
	}
	return raw, nil
}

// ResourceExists reports whether the record's blob is in this site's store.
func (b *Blob) ResourceExists(ctx context.Context, modelRecordID int64) (bool, error) {
	_, ok, err := b.ResourceSize(ctx, modelRecordID)
	return ok, err
}

// ResourceSize returns the size of the record's blob in this site's
// store, from a stat; exists is false when there is none.
func (b *Blob) ResourceSize(ctx context.Context, modelRecordID int64) (size int64, exists bool, err error) {
	key, err := b.BlobKey(ctx, modelRecordID)
	if err != nil {
		return 0, false, err
	}
	info, err := b.store.Stat(ctx, key)
	switch {
	case err == nil:
		return info.Size, true, nil
	case errors.Is(err, blobstore.ErrNotFound):
		return 0, false, nil
	}
	return 0, false, err
}
