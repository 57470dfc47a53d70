// Package cloud is a blobstore.Store kept in object storage (S3, Google
// Cloud Storage, Azure Blob Storage or any other gocloud.dev/blob driver).
//
// It lives in its own package so that programs which keep blobs on a local
// filesystem do not link the object storage libraries. The drivers are not
// linked here either: a program registers the ones it uses by importing
// them for their side effects, and then opens a bucket by URL:
//
//	import _ "gocloud.dev/blob/s3blob"     // s3://bucket?region=eu-west-1
//	import _ "gocloud.dev/blob/gcsblob"    // gs://bucket
//	import _ "gocloud.dev/blob/azureblob"  // azblob://container
//
// Writes are atomic as object storage makes them: an object becomes
// visible only when its upload completes, and Put aborts the upload (so
// nothing becomes visible) when the reader fails, the context ends or the
// content does not have the expected SHA-256.
package cloud

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"

	"github.com/geogen/geogen/runtime/blobstore"
)

// checksumMetadata is the object metadata key holding the content's hex
// SHA-256 when Put verified it against an expected checksum.
const checksumMetadata = "geo-sha256"

// contentType is set explicitly so the driver does not buffer the first
// bytes of every upload to sniff one.
const contentType = "application/octet-stream"

// Store is a blobstore.Store backed by a gocloud.dev bucket. It is safe for
// concurrent use.
type Store struct {
	bucket *blob.Bucket
}

var _ blobstore.Store = (*Store)(nil)

// Open opens the bucket a URL names, such as "s3://my-bucket?region=us-east-1",
// "gs://my-bucket", "file:///var/geo/blobs" or "mem://". The URL's scheme
// must belong to a driver the program imports (see the package comment).
func Open(ctx context.Context, url string) (*Store, error) {
	b, err := blob.OpenBucket(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("blobstore/cloud: open bucket %q: %w (is the driver for its scheme imported?)", url, err)
	}
	return &Store{bucket: b}, nil
}

// New wraps a bucket the caller opened. Close closes it.
func New(b *blob.Bucket) *Store { return &Store{bucket: b} }

// Bucket returns the underlying bucket.
func (s *Store) Bucket() *blob.Bucket { return s.bucket }

// Close releases the bucket.
func (s *Store) Close() error { return s.bucket.Close() }

// Put uploads the bytes read from r under key, hashing them on the way.
// The upload is committed only after the whole body was read and its
// SHA-256 matched opts.ExpectedSHA256 (when given); otherwise it is
// aborted and an existing object under key is left as it was.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, opts blobstore.PutOptions) (blobstore.Info, error) {
	if err := blobstore.ValidateKey(key); err != nil {
		return blobstore.Info{}, err
	}
	want, err := normalizeSHA256(opts.ExpectedSHA256)
	if err != nil {
		return blobstore.Info{}, err
	}
	if err := ctx.Err(); err != nil {
		return blobstore.Info{}, fmt.Errorf("blobstore/cloud: put %q: %w", key, err)
	}
	wopts := &blob.WriterOptions{ContentType: contentType}
	if want != "" {
		wopts.Metadata = map[string]string{checksumMetadata: want}
	}
	// Cancelling the writer's context before Close aborts the upload.
	wctx, abort := context.WithCancel(ctx)
	defer abort()
	w, err := s.bucket.NewWriter(wctx, key, wopts)
	if err != nil {
		return blobstore.Info{}, s.wrap("put", key, err)
	}
	fail := func(err error) (blobstore.Info, error) {
		abort()
		_ = w.Close()
		return blobstore.Info{}, err
	}

	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, h), ctxReader{ctx, r})
	if err != nil {
		return fail(fmt.Errorf("blobstore/cloud: put %q: write after %d bytes: %w", key, n, err))
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if want != "" && sum != want {
		return fail(&blobstore.ChecksumError{Key: key, Expected: want, Actual: sum})
	}
	// Last chance to abandon the upload: Close makes it visible.
	if err := ctx.Err(); err != nil {
		return fail(fmt.Errorf("blobstore/cloud: put %q: %w", key, err))
	}
	if err := w.Close(); err != nil {
		return blobstore.Info{}, s.wrap("put", key, err)
	}
	info := blobstore.Info{Key: key, Size: n, SHA256: sum}
	if attrs, err := s.bucket.Attributes(ctx, key); err == nil {
		info.ModTime = attrs.ModTime
	}
	return info, nil
}

// Open returns a reader of the object under key.
func (s *Store) Open(ctx context.Context, key string) (io.ReadCloser, blobstore.Info, error) {
	if err := blobstore.ValidateKey(key); err != nil {
		return nil, blobstore.Info{}, err
	}
	r, err := s.bucket.NewReader(ctx, key, nil)
	if err != nil {
		return nil, blobstore.Info{}, s.wrap("open", key, err)
	}
	return r, blobstore.Info{Key: key, Size: r.Size(), ModTime: r.ModTime()}, nil
}

// Stat returns the object's size and modification time, and its SHA-256
// when Put recorded a verified one in the object's metadata.
func (s *Store) Stat(ctx context.Context, key string) (blobstore.Info, error) {
	if err := blobstore.ValidateKey(key); err != nil {
		return blobstore.Info{}, err
	}
	attrs, err := s.bucket.Attributes(ctx, key)
	if err != nil {
		return blobstore.Info{}, s.wrap("stat", key, err)
	}
	info := blobstore.Info{Key: key, Size: attrs.Size, ModTime: attrs.ModTime}
	if sum, err := normalizeSHA256(attrs.Metadata[checksumMetadata]); err == nil {
		info.SHA256 = sum
	}
	return info, nil
}

// Delete removes the object under key.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := blobstore.ValidateKey(key); err != nil {
		return err
	}
	if err := s.bucket.Delete(ctx, key); err != nil {
		return s.wrap("delete", key, err)
	}
	return nil
}

// Checksum downloads the object and returns the hex SHA-256 of its
// content. It always reads the bytes: verification must notice an object
// that changed after it was written, which recorded metadata would hide.
func (s *Store) Checksum(ctx context.Context, key string) (string, error) {
	rc, _, err := s.Open(ctx, key)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, ctxReader{ctx, rc}); err != nil {
		return "", fmt.Errorf("blobstore/cloud: checksum %q: %w", key, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// wrap turns a driver's not-found error into blobstore.ErrNotFound.
func (s *Store) wrap(op, key string, err error) error {
	if gcerrors.Code(err) == gcerrors.NotFound {
		return fmt.Errorf("%w: %q", blobstore.ErrNotFound, key)
	}
	return fmt.Errorf("blobstore/cloud: %s %q: %w", op, key, err)
}

// normalizeSHA256 lowercases a hex SHA-256 and checks its form; the empty
// string stays empty.
func normalizeSHA256(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	s = strings.ToLower(s)
	if _, err := hex.DecodeString(s); err != nil || len(s) != 2*sha256.Size {
		return "", fmt.Errorf("blobstore/cloud: expected SHA-256 %q is not 64 hex digits", s)
	}
	return s, nil
}

// ctxReader stops a copy when its context is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
