// Package storetest is the conformance test every blobstore.Store
// implementation passes: round trips, atomic replacement, checksum checks,
// failed writes that leave nothing behind, not-found errors and invalid
// keys. An implementation's test calls Run with a constructor.
package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/geogen/geogen/runtime/blobstore"
)

// NewStore returns an empty store that lives as long as the test.
type NewStore func(t *testing.T) blobstore.Store

// Run runs the conformance test against stores made by newStore, each
// subtest on a fresh store.
func Run(t *testing.T, newStore NewStore) {
	t.Helper()
	tests := []struct {
		name string
		run  func(t *testing.T, s blobstore.Store)
	}{
		{"round trip", testRoundTrip},
		{"replace existing", testReplace},
		{"expected checksum", testExpectedChecksum},
		{"failed write leaves nothing", testFailedWrite},
		{"cancelled write leaves nothing", testCancelledWrite},
		{"not found", testNotFound},
		{"invalid keys", testInvalidKeys},
		{"concurrent writers of one key", testConcurrentPuts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, newStore(t)) })
	}
}

// Bytes returns n deterministic pseudo-random bytes.
func Bytes(n int, seed uint64) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// SHA256Hex is the lowercase hex SHA-256 of b.
func SHA256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Read returns the content of the blob under key.
func Read(t testing.TB, s blobstore.Store, key string) []byte {
	t.Helper()
	rc, _, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("open %q: %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read %q: %v", key, err)
	}
	return b
}

func testRoundTrip(t *testing.T, s blobstore.Store) {
	ctx := context.Background()
	sizes := []struct {
		key  string
		size int
	}{
		{"empty", 0},
		{"small/nested/blob.bin", 100},
		{"larger", 3<<20 + 17},
	}
	for i, tt := range sizes {
		data := Bytes(tt.size, uint64(i))
		want := SHA256Hex(data)
		info, err := s.Put(ctx, tt.key, bytes.NewReader(data), blobstore.PutOptions{})
		if err != nil {
			t.Fatalf("put %q: %v", tt.key, err)
		}
		if info.Key != tt.key || info.Size != int64(tt.size) {
			t.Errorf("put %q: info = %+v, want key %q size %d", tt.key, info, tt.key, tt.size)
		}
		if info.SHA256 != want {
			t.Errorf("put %q: info.SHA256 = %q, want %q (Put always knows the checksum of what it wrote)", tt.key, info.SHA256, want)
		}
		if got := Read(t, s, tt.key); !bytes.Equal(got, data) {
			t.Errorf("open %q: content differs from what was put (%d bytes, want %d)", tt.key, len(got), len(data))
		}
		st, err := s.Stat(ctx, tt.key)
		if err != nil {
			t.Fatalf("stat %q: %v", tt.key, err)
		}
		if st.Size != int64(tt.size) {
			t.Errorf("stat %q: size %d, want %d", tt.key, st.Size, tt.size)
		}
		if st.SHA256 != "" && st.SHA256 != want {
			t.Errorf("stat %q: SHA256 %q, want empty or %q", tt.key, st.SHA256, want)
		}
		sum, err := s.Checksum(ctx, tt.key)
		if err != nil {
			t.Fatalf("checksum %q: %v", tt.key, err)
		}
		if sum != want {
			t.Errorf("checksum %q = %q, want %q", tt.key, sum, want)
		}
	}
	if err := s.Delete(ctx, "larger"); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := s.Stat(ctx, "larger"); !errors.Is(err, blobstore.ErrNotFound) {
		t.Errorf("stat after delete: err = %v, want ErrNotFound", err)
	}
}

func testReplace(t *testing.T, s blobstore.Store) {
	ctx := context.Background()
	for i, content := range []string{"first version", "second, longer version", "3"} {
		if _, err := s.Put(ctx, "k", strings.NewReader(content), blobstore.PutOptions{}); err != nil {
			t.Fatalf("put %d: %v", i, err)
		}
		if got := string(Read(t, s, "k")); got != content {
			t.Fatalf("after put %d: content %q, want %q", i, got, content)
		}
	}
}

func testExpectedChecksum(t *testing.T, s blobstore.Store) {
	ctx := context.Background()
	good := []byte("the real content")
	sum := SHA256Hex(good)
	if _, err := s.Put(ctx, "k", bytes.NewReader(good), blobstore.PutOptions{ExpectedSHA256: strings.ToUpper(sum)}); err != nil {
		t.Fatalf("put with matching (upper-case) checksum: %v", err)
	}
	_, err := s.Put(ctx, "k", strings.NewReader("tampered"), blobstore.PutOptions{ExpectedSHA256: sum})
	if !errors.Is(err, blobstore.ErrChecksumMismatch) {
		t.Fatalf("put with wrong content: err = %v, want ErrChecksumMismatch", err)
	}
	var ce *blobstore.ChecksumError
	if !errors.As(err, &ce) || ce.Expected != sum || ce.Actual != SHA256Hex([]byte("tampered")) {
		t.Errorf("checksum error = %#v, want a *ChecksumError with both sums", err)
	}
	if got := Read(t, s, "k"); !bytes.Equal(got, good) {
		t.Errorf("a rejected put replaced the blob: %q", got)
	}
	_, err = s.Put(ctx, "new", strings.NewReader("tampered"), blobstore.PutOptions{ExpectedSHA256: sum})
	if !errors.Is(err, blobstore.ErrChecksumMismatch) {
		t.Fatalf("put new key with wrong content: err = %v, want ErrChecksumMismatch", err)
	}
	if _, err := s.Stat(ctx, "new"); !errors.Is(err, blobstore.ErrNotFound) {
		t.Errorf("a rejected put created the blob: stat err = %v", err)
	}
	if _, err := s.Put(ctx, "bad", strings.NewReader("x"), blobstore.PutOptions{ExpectedSHA256: "not hex"}); err == nil {
		t.Error("put with a malformed expected checksum succeeded")
	}
}

// failingReader returns some bytes and then an error.
type failingReader struct {
	data []byte
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func testFailedWrite(t *testing.T, s blobstore.Store) {
	ctx := context.Background()
	if _, err := s.Put(ctx, "k", strings.NewReader("old"), blobstore.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("connection reset")
	for _, key := range []string{"k", "fresh"} {
		_, err := s.Put(ctx, key, &failingReader{data: Bytes(2<<20, 1), err: boom}, blobstore.PutOptions{})
		if !errors.Is(err, boom) {
			t.Errorf("put %q from a failing reader: err = %v, want the reader's error", key, err)
		}
	}
	if got := string(Read(t, s, "k")); got != "old" {
		t.Errorf("a failed put changed the blob to %d bytes", len(got))
	}
	if _, err := s.Stat(ctx, "fresh"); !errors.Is(err, blobstore.ErrNotFound) {
		t.Errorf("a failed put created a blob: stat err = %v", err)
	}
}

// cancellingReader cancels its context after the first read.
type cancellingReader struct {
	cancel context.CancelFunc
	reads  int
}

func (r *cancellingReader) Read(p []byte) (int, error) {
	r.reads++
	if r.reads == 2 {
		r.cancel()
	}
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

func testCancelledWrite(t *testing.T, s blobstore.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := s.Put(ctx, "k", &cancellingReader{cancel: cancel}, blobstore.PutOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("put cancelled mid-write: err = %v, want context.Canceled", err)
	}
	if _, err := s.Stat(context.Background(), "k"); !errors.Is(err, blobstore.ErrNotFound) {
		t.Errorf("a cancelled put created a blob: stat err = %v", err)
	}
}

func testNotFound(t *testing.T, s blobstore.Store) {
	ctx := context.Background()
	if _, _, err := s.Open(ctx, "missing"); !errors.Is(err, blobstore.ErrNotFound) {
		t.Errorf("open: err = %v, want ErrNotFound", err)
	}
	if _, err := s.Stat(ctx, "missing"); !errors.Is(err, blobstore.ErrNotFound) {
		t.Errorf("stat: err = %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, "missing"); !errors.Is(err, blobstore.ErrNotFound) {
		t.Errorf("delete: err = %v, want ErrNotFound", err)
	}
	if _, err := s.Checksum(ctx, "missing"); !errors.Is(err, blobstore.ErrNotFound) {
		t.Errorf("checksum: err = %v, want ErrNotFound", err)
	}
}

func testInvalidKeys(t *testing.T, s blobstore.Store) {
	ctx := context.Background()
	for _, key := range []string{"", "/abs", "a/../b", "a//b", `a\b`, ".tmp-x"} {
		if _, err := s.Put(ctx, key, strings.NewReader("x"), blobstore.PutOptions{}); !errors.Is(err, blobstore.ErrInvalidKey) {
			t.Errorf("put %q: err = %v, want ErrInvalidKey", key, err)
		}
		if _, _, err := s.Open(ctx, key); !errors.Is(err, blobstore.ErrInvalidKey) {
			t.Errorf("open %q: err = %v, want ErrInvalidKey", key, err)
		}
	}
}

func testConcurrentPuts(t *testing.T, s blobstore.Store) {
	ctx := context.Background()
	const writers = 8
	contents := make([][]byte, writers)
	for i := range contents {
		contents[i] = Bytes(256<<10, uint64(100+i))
	}
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			if _, err := s.Put(ctx, "shared", bytes.NewReader(contents[i]), blobstore.PutOptions{}); err != nil {
				t.Errorf("writer %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	got := Read(t, s, "shared")
	for _, c := range contents {
		if bytes.Equal(got, c) {
			return
		}
	}
	t.Errorf("after concurrent puts the blob (%d bytes) is none of the versions written: a mix of writes is visible", len(got))
}
