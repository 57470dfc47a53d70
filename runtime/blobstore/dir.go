package blobstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

const (
	// tempPrefix starts the name of every temporary file Put creates.
	tempPrefix = ".tmp-"
	// fileMode is the mode of stored blobs: the usual 0666 &^ 022.
	fileMode fs.FileMode = 0o644
	dirMode  fs.FileMode = 0o755
)

// Dir is a Store kept in a directory tree on a local filesystem. A blob's
// key is its path relative to the root.
//
// Dir keeps no state besides its root, so several Dir values (or processes)
// may share one root.
type Dir struct {
	root string
}

var _ Store = (*Dir)(nil)

// NewDir returns a Dir rooted at root, creating the directory if needed.
func NewDir(root string) (*Dir, error) {
	if root == "" {
		return nil, errors.New("blobstore: empty root directory")
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("blobstore: root %q: %w", root, err)
	}
	if err := os.MkdirAll(abs, dirMode); err != nil {
		return nil, fmt.Errorf("blobstore: create root: %w", err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("blobstore: root: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("blobstore: root %s is not a directory", abs)
	}
	return &Dir{root: abs}, nil
}

// Root returns the absolute path of the directory.
func (d *Dir) Root() string { return d.root }

// Path returns the absolute filesystem path of the blob under key.
func (d *Dir) Path(key string) (string, error) {
	if err := ValidateKey(key); err != nil {
		return "", err
	}
	return filepath.Join(d.root, filepath.FromSlash(key)), nil
}

// Put stores the bytes read from r under key.
//
// It writes a temporary file in the destination's directory, hashing the
// bytes as they are written, checks opts.ExpectedSHA256, syncs and closes the
// file, renames it over the destination and syncs the directory (and any
// parent directories Put created). On any failure before the rename,
// including a read error from r and ctx being done, the temporary file is
// removed and an existing blob under key is left as it was. The only
// failure after the rename is a failed directory sync: the new blob is then
// in place but may not survive a power loss.
func (d *Dir) Put(ctx context.Context, key string, r io.Reader, opts PutOptions) (_ Info, err error) {
	dst, err := d.Path(key)
	if err != nil {
		return Info{}, err
	}
	want, err := normalizeSHA256(opts.ExpectedSHA256)
	if err != nil {
		return Info{}, err
	}
	if err := ctx.Err(); err != nil {
		return Info{}, fmt.Errorf("blobstore: put %q: %w", key, err)
	}
	if fi, err := os.Lstat(dst); err == nil && fi.IsDir() {
		return Info{}, fmt.Errorf("blobstore: put %q: destination %s is a directory", key, dst)
	}

	dir := filepath.Dir(dst)
	existing, err := mkdirAll(dir)
	if err != nil {
		return Info{}, fmt.Errorf("blobstore: put %q: %w", key, err)
	}

	f, err := os.CreateTemp(dir, tempPrefix+"*")
	if err != nil {
		return Info{}, fmt.Errorf("blobstore: put %q: %w", key, err)
	}
	tmp := f.Name()
	closed := false
	defer func() {
		if err != nil {
			if !closed {
				f.Close()
			}
			os.Remove(tmp)
		}
	}()

	n, sum, err := writeHashed(ctx, f, r)
	if err != nil {
		return Info{}, fmt.Errorf("blobstore: put %q: write after %d bytes: %w", key, n, err)
	}
	if want != "" && sum != want {
		return Info{}, &ChecksumError{Key: key, Expected: want, Actual: sum}
	}
	if err = f.Chmod(fileMode); err != nil {
		return Info{}, fmt.Errorf("blobstore: put %q: %w", key, err)
	}
	if err = f.Sync(); err != nil {
		return Info{}, fmt.Errorf("blobstore: put %q: sync: %w", key, err)
	}
	fi, err := f.Stat()
	if err != nil {
		return Info{}, fmt.Errorf("blobstore: put %q: %w", key, err)
	}
	closed = true
	if err = f.Close(); err != nil {
		return Info{}, fmt.Errorf("blobstore: put %q: close: %w", key, err)
	}
	// Last chance to abandon the write: after the rename the new blob is
	// visible.
	if err = ctx.Err(); err != nil {
		return Info{}, fmt.Errorf("blobstore: put %q: %w", key, err)
	}
	if err = os.Rename(tmp, dst); err != nil {
		return Info{}, fmt.Errorf("blobstore: put %q: %w", key, err)
	}
	info := Info{Key: key, Size: n, SHA256: sum, ModTime: fi.ModTime()}
	for p := dir; ; p = filepath.Dir(p) {
		if serr := syncDir(p); serr != nil {
			return info, fmt.Errorf("blobstore: put %q: blob stored but directory sync failed: %w", key, serr)
		}
		if p == existing || p == d.root || p == filepath.Dir(p) {
			break
		}
	}
	return info, nil
}

// Open opens the blob under key for reading. The reader is an *os.File, so
// copying it to a network connection can use sendfile.
func (d *Dir) Open(ctx context.Context, key string) (io.ReadCloser, Info, error) {
	p, err := d.Path(key)
	if err != nil {
		return nil, Info{}, err
	}
	if err := ctx.Err(); err != nil {
		return nil, Info{}, fmt.Errorf("blobstore: open %q: %w", key, err)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, Info{}, d.pathError("open", key, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, Info{}, fmt.Errorf("blobstore: open %q: %w", key, err)
	}
	if err := checkRegular(key, fi); err != nil {
		f.Close()
		return nil, Info{}, err
	}
	return f, infoOf(key, fi), nil
}

// Stat returns the size and modification time of the blob under key. Info's
// SHA256 is empty: Dir does not keep checksums; see Checksum.
func (d *Dir) Stat(ctx context.Context, key string) (Info, error) {
	p, err := d.Path(key)
	if err != nil {
		return Info{}, err
	}
	if err := ctx.Err(); err != nil {
		return Info{}, fmt.Errorf("blobstore: stat %q: %w", key, err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		return Info{}, d.pathError("stat", key, err)
	}
	if err := checkRegular(key, fi); err != nil {
		return Info{}, err
	}
	return infoOf(key, fi), nil
}

// Delete removes the blob under key. Empty parent directories are kept.
func (d *Dir) Delete(ctx context.Context, key string) error {
	p, err := d.Path(key)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("blobstore: delete %q: %w", key, err)
	}
	fi, err := os.Lstat(p)
	if err != nil {
		return d.pathError("delete", key, err)
	}
	if fi.IsDir() {
		// os.Remove would delete an empty directory: not a blob.
		return fmt.Errorf("%w: %q is a directory", ErrNotFound, key)
	}
	if err := os.Remove(p); err != nil {
		return d.pathError("delete", key, err)
	}
	return nil
}

// Checksum returns the lowercase hex SHA-256 of the blob under key. At
// most GOMAXPROCS checksums of a process run at once; the others wait
// their turn (see hashSlots).
func (d *Dir) Checksum(ctx context.Context, key string) (string, error) {
	rc, _, err := d.Open(ctx, key)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	select {
	case hashSlots <- struct{}{}:
	case <-ctx.Done():
		return "", fmt.Errorf("blobstore: checksum %q: %w", key, ctx.Err())
	}
	sum, _, err := sha256Reader(ctx, rc)
	<-hashSlots
	if err != nil {
		return "", fmt.Errorf("blobstore: checksum %q: %w", key, err)
	}
	return sum, nil
}

func (d *Dir) pathError(op, key string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: %q", ErrNotFound, key)
	}
	return fmt.Errorf("blobstore: %s %q: %w", op, key, err)
}

func checkRegular(key string, fi fs.FileInfo) error {
	if fi.IsDir() {
		return fmt.Errorf("%w: %q is a directory", ErrNotFound, key)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("blobstore: %q is not a regular file (mode %s)", key, fi.Mode())
	}
	return nil
}

func infoOf(key string, fi fs.FileInfo) Info {
	return Info{Key: key, Size: fi.Size(), ModTime: fi.ModTime()}
}

// mkdirAll creates dir and its missing parents and returns the deepest
// ancestor of dir that already existed (dir itself if it did), whose entry
// list changed and so must be synced too.
func mkdirAll(dir string) (existing string, err error) {
	existing = dir
	for {
		if _, err := os.Stat(existing); err == nil {
			break
		}
		parent := filepath.Dir(existing)
		if parent == existing {
			break
		}
		existing = parent
	}
	if existing == dir {
		return dir, nil
	}
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return "", err
	}
	return existing, nil
}

// syncDir makes a directory's entries (a rename, a new file or
// subdirectory) durable.
func syncDir(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
