package blobstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func newTestDir(t testing.TB) *Dir {
	t.Helper()
	d, err := NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func randomBytes(n int, seed uint64) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// assertNoTemp fails if any temporary file is left under root.
func assertNoTemp(t *testing.T, root string) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(e.Name(), tempPrefix) {
			t.Errorf("temporary file left behind: %s", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func readBlob(t *testing.T, d *Dir, key string) []byte {
	t.Helper()
	rc, _, err := d.Open(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestNewDir(t *testing.T) {
	base := t.TempDir()
	d, err := NewDir(filepath.Join(base, "a", "b"))
	if err != nil {
		t.Fatalf("NewDir on a missing directory: %v", err)
	}
	if fi, err := os.Stat(d.Root()); err != nil || !fi.IsDir() {
		t.Fatalf("root not created: %v", err)
	}
	file := filepath.Join(base, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewDir(file); err == nil {
		t.Error("NewDir on a regular file succeeded")
	}
	if _, err := NewDir(""); err == nil {
		t.Error("NewDir(\"\") succeeded")
	}
}

func TestPutRoundTrip(t *testing.T) {
	tests := []struct {
		name     string
		key      string
		size     int
		expected func(sum string) string
	}{
		{name: "empty", key: "empty", size: 0},
		{name: "small nested", key: "uploads/ab/cd/small.bin", size: 100},
		{name: "buffer boundary", key: "x/boundary", size: bufferSize},
		{name: "several buffers", key: "x/y/z/large", size: 3*bufferSize + 17},
		{name: "expected checksum", key: "checked", size: 4096, expected: func(s string) string { return s }},
		{name: "expected checksum upper case", key: "upper", size: 10, expected: strings.ToUpper},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			d := newTestDir(t)
			data := randomBytes(tt.size, uint64(i))
			sum := sha256Hex(data)
			var opts PutOptions
			if tt.expected != nil {
				opts.ExpectedSHA256 = tt.expected(sum)
			}
			info, err := d.Put(ctx, tt.key, bytes.NewReader(data), opts)
			if err != nil {
				t.Fatal(err)
			}
			if info.Key != tt.key || info.Size != int64(tt.size) || info.SHA256 != sum || info.ModTime.IsZero() {
				t.Errorf("Put info = %+v, want key %q, size %d, sha256 %s", info, tt.key, tt.size, sum)
			}
			if got := readBlob(t, d, tt.key); !bytes.Equal(got, data) {
				t.Errorf("content differs after Put (%d bytes read, %d written)", len(got), len(data))
			}
			st, err := d.Stat(ctx, tt.key)
			if err != nil {
				t.Fatal(err)
			}
			if st.Size != int64(tt.size) {
				t.Errorf("Stat size = %d, want %d", st.Size, tt.size)
			}
			got, err := d.Checksum(ctx, tt.key)
			if err != nil {
				t.Fatal(err)
			}
			if got != sum {
				t.Errorf("Checksum = %s, want %s", got, sum)
			}
			p, _ := d.Path(tt.key)
			fileSum, fileSize, err := SHA256File(ctx, p)
			if err != nil || fileSum != sum || fileSize != int64(tt.size) {
				t.Errorf("SHA256File = %s, %d, %v; want %s, %d", fileSum, fileSize, err, sum, tt.size)
			}
			if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != fileMode {
				t.Errorf("stored file mode = %v (%v), want %v", fi.Mode().Perm(), err, fileMode)
			}
			assertNoTemp(t, d.Root())

			if err := d.Delete(ctx, tt.key); err != nil {
				t.Fatal(err)
			}
			if _, err := d.Stat(ctx, tt.key); !errors.Is(err, ErrNotFound) {
				t.Errorf("Stat after Delete: %v, want ErrNotFound", err)
			}
			if err := d.Delete(ctx, tt.key); !errors.Is(err, ErrNotFound) {
				t.Errorf("second Delete: %v, want ErrNotFound", err)
			}
		})
	}
}

func TestPutReplacesExisting(t *testing.T) {
	ctx := context.Background()
	d := newTestDir(t)
	for i, s := range []string{"first version, longer", "second"} {
		if _, err := d.Put(ctx, "k", strings.NewReader(s), PutOptions{}); err != nil {
			t.Fatalf("Put %d: %v", i, err)
		}
	}
	if got := string(readBlob(t, d, "k")); got != "second" {
		t.Errorf("content = %q, want %q", got, "second")
	}
}

// failingReader yields n bytes of data, then err.
type failingReader struct {
	n   int
	err error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, r.err
	}
	k := min(len(p), r.n)
	for i := range p[:k] {
		p[i] = byte(i)
	}
	r.n -= k
	return k, nil
}

// cancellingReader yields n bytes of data, then cancels its context and
// keeps yielding data, as a network body would until the cancel lands.
type cancellingReader struct {
	n      int
	cancel context.CancelFunc
}

func (r *cancellingReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		r.cancel()
	}
	k := min(len(p), 4096)
	r.n -= k
	return k, nil
}

func TestPutFailureLeavesNothing(t *testing.T) {
	errBroken := errors.New("connection reset")
	data := randomBytes(1000, 1)
	tests := []struct {
		name    string
		key     string
		reader  func(cancel context.CancelFunc) io.Reader
		opts    PutOptions
		wantErr error
	}{
		{
			name:    "reader fails at once",
			key:     "a/b/c",
			reader:  func(context.CancelFunc) io.Reader { return &failingReader{n: 0, err: errBroken} },
			wantErr: errBroken,
		},
		{
			name:    "reader fails after 1 byte",
			key:     "a/b/c",
			reader:  func(context.CancelFunc) io.Reader { return &failingReader{n: 1, err: errBroken} },
			wantErr: errBroken,
		},
		{
			name:    "reader fails after 3 MiB",
			key:     "deep/new/dirs/blob",
			reader:  func(context.CancelFunc) io.Reader { return &failingReader{n: 3 << 20, err: errBroken} },
			wantErr: errBroken,
		},
		{
			name:    "reader truncated",
			key:     "k",
			reader:  func(context.CancelFunc) io.Reader { return &failingReader{n: 10, err: io.ErrUnexpectedEOF} },
			wantErr: io.ErrUnexpectedEOF,
		},
		{
			name:    "context cancelled mid-stream",
			key:     "a/cancelled",
			reader:  func(cancel context.CancelFunc) io.Reader { return &cancellingReader{n: 2 << 20, cancel: cancel} },
			wantErr: context.Canceled,
		},
		{
			name:    "checksum mismatch",
			key:     "a/mismatch",
			reader:  func(context.CancelFunc) io.Reader { return bytes.NewReader(data) },
			opts:    PutOptions{ExpectedSHA256: sha256Hex([]byte("something else"))},
			wantErr: ErrChecksumMismatch,
		},
	}
	for _, tt := range tests {
		for _, existing := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/existing=%v", tt.name, existing), func(t *testing.T) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				d := newTestDir(t)
				old := []byte("the previous, complete blob")
				if existing {
					if _, err := d.Put(ctx, tt.key, bytes.NewReader(old), PutOptions{}); err != nil {
						t.Fatal(err)
					}
				}
				_, err := d.Put(ctx, tt.key, tt.reader(cancel), tt.opts)
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Put error = %v, want %v", err, tt.wantErr)
				}
				assertNoTemp(t, d.Root())
				if existing {
					if got := readBlob(t, d, tt.key); !bytes.Equal(got, old) {
						t.Errorf("existing blob changed to %d bytes", len(got))
					}
				} else if _, err := d.Stat(context.Background(), tt.key); !errors.Is(err, ErrNotFound) {
					t.Errorf("Stat after failed Put: %v, want ErrNotFound", err)
				}
			})
		}
	}
}

func TestChecksumError(t *testing.T) {
	d := newTestDir(t)
	want := sha256Hex([]byte("expected"))
	_, err := d.Put(context.Background(), "k", strings.NewReader("actual"), PutOptions{ExpectedSHA256: want})
	var ce *ChecksumError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v is not a *ChecksumError", err)
	}
	if ce.Key != "k" || ce.Expected != want || ce.Actual != sha256Hex([]byte("actual")) {
		t.Errorf("ChecksumError = %+v", ce)
	}
}

func TestPutRejects(t *testing.T) {
	ctx := context.Background()
	d := newTestDir(t)
	if _, err := d.Put(ctx, "dir/blob", strings.NewReader("x"), PutOptions{}); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		key     string
		opts    PutOptions
		wantErr string
	}{
		{name: "bad key", ctx: ctx, key: "../escape", wantErr: "invalid key"},
		{name: "absolute key", ctx: ctx, key: "/abs", wantErr: "absolute path"},
		{name: "key is a directory", ctx: ctx, key: "dir", wantErr: "is a directory"},
		{name: "parent is a file", ctx: ctx, key: "dir/blob/child", wantErr: "not a directory"},
		{name: "short checksum", ctx: ctx, key: "k", opts: PutOptions{ExpectedSHA256: "abc"}, wantErr: "not 64 hex digits"},
		{name: "non-hex checksum", ctx: ctx, key: "k", opts: PutOptions{ExpectedSHA256: strings.Repeat("g", 64)}, wantErr: "not 64 hex digits"},
		{name: "cancelled context", ctx: cancelled, key: "k", wantErr: "context canceled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := d.Put(tt.ctx, tt.key, strings.NewReader("data"), tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Put error = %v, want one containing %q", err, tt.wantErr)
			}
			assertNoTemp(t, d.Root())
		})
	}
}

func TestNotFound(t *testing.T) {
	ctx := context.Background()
	d := newTestDir(t)
	if err := os.MkdirAll(filepath.Join(d.Root(), "adir"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"missing", "missing/nested", "adir"} {
		t.Run(key, func(t *testing.T) {
			if _, _, err := d.Open(ctx, key); !errors.Is(err, ErrNotFound) {
				t.Errorf("Open: %v, want ErrNotFound", err)
			}
			if _, err := d.Stat(ctx, key); !errors.Is(err, ErrNotFound) {
				t.Errorf("Stat: %v, want ErrNotFound", err)
			}
			if err := d.Delete(ctx, key); !errors.Is(err, ErrNotFound) {
				t.Errorf("Delete: %v, want ErrNotFound", err)
			}
			if _, err := d.Checksum(ctx, key); !errors.Is(err, ErrNotFound) {
				t.Errorf("Checksum: %v, want ErrNotFound", err)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(d.Root(), "adir")); err != nil {
		t.Errorf("Delete removed a directory: %v", err)
	}
	if _, _, err := SHA256File(ctx, filepath.Join(d.Root(), "missing")); !errors.Is(err, ErrNotFound) {
		t.Errorf("SHA256File: %v, want ErrNotFound", err)
	}
}

func TestConcurrentPutsSameKey(t *testing.T) {
	ctx := context.Background()
	d := newTestDir(t)
	const writers = 8
	contents := make(map[string]bool)
	var wg sync.WaitGroup
	for i := range writers {
		// Distinct sizes spanning several buffers, so interleaved writes
		// into one file would be detected.
		data := randomBytes(bufferSize+i*65537, uint64(100+i))
		contents[sha256Hex(data)] = true
		wg.Go(func() {
			if _, err := d.Put(ctx, "shared/key", bytes.NewReader(data), PutOptions{}); err != nil {
				t.Errorf("Put %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	got := readBlob(t, d, "shared/key")
	if !contents[sha256Hex(got)] {
		t.Errorf("final blob (%d bytes) is none of the complete contents written", len(got))
	}
	assertNoTemp(t, d.Root())
}

func TestRemoveStaleTemp(t *testing.T) {
	ctx := context.Background()
	d := newTestDir(t)
	old := time.Now().Add(-2 * time.Hour)
	files := []struct {
		path        string
		mtime       time.Time
		wantRemoved bool
	}{
		{path: ".tmp-111", mtime: old, wantRemoved: true},
		{path: "a/b/.tmp-222", mtime: old, wantRemoved: true},
		{path: "a/.tmp-333", mtime: time.Now()},
		{path: "a/blob", mtime: old},
		{path: "a/.tmpfile", mtime: old},
	}
	for _, f := range files {
		p := filepath.Join(d.Root(), filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, f.mtime, f.mtime); err != nil {
			t.Fatal(err)
		}
	}
	n, err := d.RemoveStaleTemp(ctx, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("removed %d files, want 2", n)
	}
	for _, f := range files {
		_, err := os.Stat(filepath.Join(d.Root(), filepath.FromSlash(f.path)))
		if removed := errors.Is(err, fs.ErrNotExist); removed != f.wantRemoved {
			t.Errorf("%s: removed = %v, want %v", f.path, removed, f.wantRemoved)
		}
	}
}

// TestChecksumWaitsForASlot holds every hashing slot: a checksum then
// waits, and gives up with its context; once a slot is free it runs.
func TestChecksumWaitsForASlot(t *testing.T) {
	ctx := context.Background()
	d, err := NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Put(ctx, "a/b", strings.NewReader("hello"), PutOptions{}); err != nil {
		t.Fatal(err)
	}
	for range cap(hashSlots) {
		hashSlots <- struct{}{}
	}
	waiting, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := d.Checksum(waiting, "a/b"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("checksum with every slot taken: %v, want the context's deadline", err)
	}
	<-hashSlots
	sum, err := d.Checksum(ctx, "a/b")
	if err != nil || sum != "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" {
		t.Fatalf("checksum with a free slot: %q, %v", sum, err)
	}
	for range cap(hashSlots) - 1 {
		<-hashSlots
	}
}
