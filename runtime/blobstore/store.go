package blobstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// Store keeps blobs under keys. Implementations are safe for concurrent use.
type Store interface {
	// Put stores the bytes read from r under key, atomically: readers of
	// the key see either the previous blob or the complete new one. When
	// opts.ExpectedSHA256 is set and the bytes do not match it, nothing is
	// stored and the error matches ErrChecksumMismatch.
	Put(ctx context.Context, key string, r io.Reader, opts PutOptions) (Info, error)

	// Open returns the blob's content and what is known about it. The
	// caller closes the reader.
	Open(ctx context.Context, key string) (io.ReadCloser, Info, error)

	// Stat returns what is known about the blob without reading it.
	Stat(ctx context.Context, key string) (Info, error)

	// Delete removes the blob. Deleting a missing blob returns an error
	// matching ErrNotFound, which callers that want idempotent deletes
	// ignore.
	Delete(ctx context.Context, key string) error

	// Checksum reads the blob and returns the lowercase hex SHA-256 of its
	// content.
	Checksum(ctx context.Context, key string) (string, error)
}

// Info describes a stored blob.
type Info struct {
	Key  string
	Size int64
	// SHA256 is the lowercase hex SHA-256 of the content when the store
	// knows it without reading the blob (for example right after Put), and
	// empty otherwise.
	SHA256  string
	ModTime time.Time
}

// PutOptions adjusts a Put.
type PutOptions struct {
	// ExpectedSHA256, when not empty, is the hex SHA-256 (either case) the
	// content must have; Put stores nothing if it differs.
	ExpectedSHA256 string
}

var (
	// ErrNotFound means there is no blob under the key.
	ErrNotFound = errors.New("blobstore: blob not found")

	// ErrChecksumMismatch means the content did not have the expected
	// SHA-256. The error returned is a *ChecksumError.
	ErrChecksumMismatch = errors.New("blobstore: checksum mismatch")

	// ErrInvalidKey means a key is not a valid relative slash-separated
	// path. The error returned is a *KeyError.
	ErrInvalidKey = errors.New("blobstore: invalid key")
)

// ChecksumError reports content whose SHA-256 differs from the expected one.
// It matches ErrChecksumMismatch with errors.Is.
type ChecksumError struct {
	Key      string
	Expected string // lowercase hex
	Actual   string // lowercase hex
}

func (e *ChecksumError) Error() string {
	return fmt.Sprintf("blobstore: checksum mismatch for %q: expected SHA-256 %s, got %s", e.Key, e.Expected, e.Actual)
}

// Unwrap returns ErrChecksumMismatch.
func (e *ChecksumError) Unwrap() error { return ErrChecksumMismatch }
