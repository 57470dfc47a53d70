package blobstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"sync"
)

// bufferSize is the copy and hash buffer. Large reads keep the number of
// system calls per gigabyte low; a pool keeps concurrent workers from
// allocating one per blob.
const bufferSize = 1 << 20

var bufferPool = sync.Pool{New: func() any {
	b := make([]byte, bufferSize)
	return &b
}}

func getBuffer() *[]byte  { return bufferPool.Get().(*[]byte) }
func putBuffer(b *[]byte) { bufferPool.Put(b) }

// hashSlots bounds the local checksums that run at once to the processors
// Go uses (GOMAXPROCS when the package is loaded). Hashing a local file is
// CPU work: more at once only shares the processors, so that every
// checksum of a batch finishes late and at the same time, and the
// verification workers then wait together on the database instead of
// overlapping it with the next checksums. The workers beyond the slots
// wait here, not runnable, so the yield in sha256Reader goes to
// goroutines with a database reply to handle.
var hashSlots = make(chan struct{}, runtime.GOMAXPROCS(0))

// SHA256File returns the lowercase hex SHA-256 of the file at path and its
// size. It reads with a pooled 1 MiB buffer and stops early when ctx is
// done. A missing file gives an error matching ErrNotFound.
func SHA256File(ctx context.Context, path string) (sum string, size int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", 0, fmt.Errorf("%w: %w", ErrNotFound, err)
		}
		return "", 0, fmt.Errorf("blobstore: checksum: %w", err)
	}
	defer f.Close()
	sum, size, err = sha256Reader(ctx, f)
	if err != nil {
		return "", 0, fmt.Errorf("blobstore: checksum %s: %w", path, err)
	}
	return sum, size, nil
}

// sha256Reader hashes r to EOF. It reads directly rather than through
// io.Copy so that the pooled buffer is used even when r has a WriteTo
// method (an *os.File does).
//
// It yields the processor after every buffer (about a millisecond of
// hashing). Go preempts a running goroutine only every 10 ms: without the
// yield, a goroutine that was waiting for a database reply while others
// hash waits that long for a processor, on every round trip, and a worker
// pool spends more time waiting than hashing.
func sha256Reader(ctx context.Context, r io.Reader) (string, int64, error) {
	h := sha256.New()
	buf := getBuffer()
	defer putBuffer(buf)
	var size int64
	for {
		if err := ctx.Err(); err != nil {
			return "", size, err
		}
		n, err := r.Read(*buf)
		if n > 0 {
			h.Write((*buf)[:n])
			size += int64(n)
			runtime.Gosched()
		}
		if err == io.EOF {
			return hex.EncodeToString(h.Sum(nil)), size, nil
		}
		if err != nil {
			return "", size, err
		}
	}
}

// normalizeSHA256 lowercases a hex SHA-256 and checks its form. The empty
// string stays empty (no checksum expected).
func normalizeSHA256(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	s = strings.ToLower(s)
	if len(s) != 2*sha256.Size {
		return "", fmt.Errorf("blobstore: expected SHA-256 %q is not 64 hex digits", s)
	}
	if _, err := hex.DecodeString(s); err != nil {
		return "", fmt.Errorf("blobstore: expected SHA-256 %q is not 64 hex digits", s)
	}
	return s, nil
}

// ctxReader stops a copy when its context is done. It also hides any
// WriteTo method of the underlying reader, so io.CopyBuffer really uses the
// buffer it is given.
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
