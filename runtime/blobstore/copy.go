package blobstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"os"
)

const (
	// pipelineBuffers is how many buffers circulate between the writer
	// and the hasher: one being filled and written while others are
	// hashed.
	pipelineBuffers = 4
	// writebackEvery is how often (in bytes received) Put asks the kernel
	// to start writing what it has received so far.
	writebackEvery = 8 << 20
)

// writeHashed copies r into f and returns the number of bytes and their
// hex SHA-256.
//
// SHA-256 is the costliest step of storing a blob (about 1.2 to 1.3 GB/s
// per core with SHA-NI, about the speed of a file copy), so for blobs larger
// than one buffer it runs in its own goroutine on the buffers the writer has
// just written, while the writer receives and writes the next ones; and
// write-back to disk is started every few MiB so that the final fsync is
// short. The bytes hashed are exactly the bytes written, in order. A blob
// that fits in one buffer is written and hashed inline.
func writeHashed(ctx context.Context, f *os.File, r io.Reader) (int64, string, error) {
	r = ctxReader{ctx, r}
	h := sha256.New()
	buf := getBuffer()
	n, err := fill(r, *buf)
	if n > 0 {
		if _, werr := f.Write((*buf)[:n]); werr != nil {
			putBuffer(buf)
			return 0, "", werr
		}
	}
	if err != nil {
		if err == io.EOF {
			h.Write((*buf)[:n])
		}
		putBuffer(buf)
		return finish(int64(n), h, err)
	}
	return pipeline(f, r, h, buf, n)
}

// pipeline continues writeHashed for a blob larger than one buffer. first
// holds the n bytes already written to f.
func pipeline(f *os.File, r io.Reader, h hash.Hash, first *[]byte, n int) (int64, string, error) {
	type chunk struct {
		buf *[]byte
		n   int
	}
	toHash := make(chan chunk, pipelineBuffers)
	free := make(chan *[]byte, pipelineBuffers)
	for range pipelineBuffers - 1 {
		free <- getBuffer()
	}
	hashed := make(chan struct{})
	go func() {
		defer close(hashed)
		for c := range toHash {
			h.Write((*c.buf)[:c.n])
			free <- c.buf
		}
	}()
	toHash <- chunk{first, n}

	written, flushed := int64(n), int64(0)
	var err error
	for err == nil {
		buf := <-free
		var k int
		k, err = fill(r, *buf)
		if k > 0 {
			if _, werr := f.Write((*buf)[:k]); werr != nil {
				free <- buf
				err = werr
				break
			}
			toHash <- chunk{buf, k}
			written += int64(k)
			if written-flushed >= writebackEvery {
				startWriteback(f, flushed, written-flushed)
				flushed = written
			}
		} else {
			free <- buf
		}
	}
	close(toHash)
	if err == io.EOF && written > flushed {
		// The tail goes to disk while the hasher catches up.
		startWriteback(f, flushed, written-flushed)
	}
	<-hashed
	for range pipelineBuffers {
		putBuffer(<-free)
	}
	return finish(written, h, err)
}

// finish turns the final read error into writeHashed's result: io.EOF is
// success.
func finish(n int64, h hash.Hash, err error) (int64, string, error) {
	if err != io.EOF {
		return n, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// fill reads from r until buf is full or r returns an error, which may be
// io.EOF. Unlike io.ReadFull it passes r's own errors through unchanged, so
// a truncated HTTP body's io.ErrUnexpectedEOF is not mistaken for the end.
func fill(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		k, err := r.Read(buf[n:])
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
