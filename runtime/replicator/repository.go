package replicator

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/gitrepo"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/transfer"
	"github.com/geogen/geogen/runtime/verification"
)

// Repository is the repository strategy: one bare git repository per
// record under the site's repository root, mirrored from the primary over
// git's smart HTTP and checksummed over its refs (gitrepo.Checksum).
// Repositories are mutable: every push on the primary is an updated event
// that sends secondaries' registries back to pending.
type Repository struct {
	d          *replicable.Descriptor
	role       flags.Role
	flags      flags.Source
	clock      clock.Clock
	main       *sqldb.DB
	root       string
	log        *slog.Logger
	registry   *registry.Store
	verify     *verification.Store
	mirror     *gitrepo.Mirror
	primaryURL string
	signer     transfer.TokenSigner
	locks      pathLocks // one git process per mirror at a time
}

var _ Replicator = (*Repository)(nil)

// NewRepository checks cfg and returns the repository strategy it
// describes. It is the Factory of replicable.Repository. It needs
// RepositoryRoot instead of Store; on a secondary, Mirror may be nil (git
// from PATH).
func NewRepository(cfg Config) (*Repository, error) {
	if err := cfg.check(replicable.Repository, cfg.RepositoryRoot != "", "RepositoryRoot (the directory of this site's repositories)"); err != nil {
		return nil, err
	}
	d := cfg.Descriptor
	root, err := filepath.Abs(cfg.RepositoryRoot)
	if err != nil {
		return nil, fmt.Errorf("repository replicator for %s: repository root: %w", d.Name, err)
	}
	r := &Repository{
		d: d, role: cfg.Role, flags: cfg.Flags, clock: cfg.Clock, main: cfg.Main, root: root,
		log: cfg.Logger, registry: cfg.Registry, verify: cfg.Verification, mirror: cfg.Mirror,
		primaryURL: cfg.PrimaryURL, signer: cfg.Signer,
	}
	if r.clock == nil {
		r.clock = clock.System{}
	}
	if r.log == nil {
		r.log = slog.Default()
	}
	if r.mirror == nil {
		r.mirror = &gitrepo.Mirror{}
	}
	r.log = r.log.With(slog.String("replicable_name", d.Name))
	return r, nil
}

// Descriptor implements Replicator.
func (r *Repository) Descriptor() *replicable.Descriptor { return r.d }

// Registry implements Replicator.
func (r *Repository) Registry() *registry.Store { return r.registry }

// Root is the site's repository root (absolute).
func (r *Repository) Root() string { return r.root }

// RelativePath is the path of a record's repository relative to the
// repository root, with slashes: the descriptor's Location. It is the
// same on every site.
func (r *Repository) RelativePath(ctx context.Context, modelRecordID int64) (string, error) {
	rel, err := r.d.Location(ctx, modelRecordID)
	if err != nil {
		return "", fmt.Errorf("locate %s %d: %w", r.d.Name, modelRecordID, err)
	}
	return rel, nil
}

// Path is the absolute path of a record's repository on this site.
func (r *Repository) Path(ctx context.Context, modelRecordID int64) (string, error) {
	rel, err := r.RelativePath(ctx, modelRecordID)
	if err != nil {
		return "", err
	}
	return r.under(rel)
}

// under joins a relative repository path to the root, refusing one that
// would leave it (an absolute path or one with ".."): locations also come
// from event payloads.
func (r *Repository) under(rel string) (string, error) {
	local := filepath.FromSlash(rel)
	if !filepath.IsLocal(local) {
		return "", fmt.Errorf("%s repository path %q is not inside the repository root: it must be relative, without \"..\"", r.d.Name, rel)
	}
	return filepath.Join(r.root, local), nil
}

// EmptyRepositoryChecksum is the checksum of a repository without any
// branch, tag or keep-around ref: the SHA-256 of no ref lines, that is of
// empty input (e3b0c442…). gitrepo.Checksum gives nil for such a
// repository; a verification needs a checksum, and an empty repository
// on the primary and its empty mirror are equal, so both record this one.
func EmptyRepositoryChecksum() []byte {
	sum := sha256.Sum256(nil)
	return sum[:]
}

// Checksum implements Replicator: gitrepo.Checksum of the record's
// repository on this site, or EmptyRepositoryChecksum when it has no
// refs. A missing repository gives ErrNotChecksummable.
func (r *Repository) Checksum(ctx context.Context, modelRecordID int64) ([]byte, error) {
	path, err := r.Path(ctx, modelRecordID)
	if err != nil {
		return nil, err
	}
	exists, err := r.exists(path)
	if err != nil {
		return nil, err
	}
	if !exists {
		return nil, fmt.Errorf("%w: %s %d has no repository at %q", ErrNotChecksummable, r.d.Name, modelRecordID, path)
	}
	// The checksum covers the refs only; a damaged object store behind
	// them (a corrupted pack, a ref to a missing object) fails the check.
	if err := r.mirror.Check(ctx, path); err != nil {
		return nil, err
	}
	sum, err := gitrepo.Checksum(ctx, path)
	if err != nil {
		return nil, err
	}
	if sum == nil {
		return EmptyRepositoryChecksum(), nil
	}
	return sum, nil
}

// ResourceExists reports whether the record's repository is on this site.
func (r *Repository) ResourceExists(ctx context.Context, modelRecordID int64) (bool, error) {
	path, err := r.Path(ctx, modelRecordID)
	if err != nil {
		return false, err
	}
	return r.exists(path)
}

func (r *Repository) exists(path string) (bool, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, err
	case !info.IsDir():
		return false, fmt.Errorf("%s repository %q is not a directory", r.d.Name, path)
	}
	return true, nil
}
