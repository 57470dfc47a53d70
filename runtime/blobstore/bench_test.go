package blobstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

const benchSize = 64 << 20

// BenchmarkPutLarge measures an atomic Put of a 64 MiB blob from memory:
// write, SHA-256, fsync, rename and directory fsync.
func BenchmarkPutLarge(b *testing.B) {
	ctx := context.Background()
	d := newTestDir(b)
	data := randomBytes(benchSize, 7)
	b.SetBytes(benchSize)
	i := 0
	for b.Loop() {
		key := fmt.Sprintf("bench/%d", i)
		i++
		if _, err := d.Put(ctx, key, bytes.NewReader(data), PutOptions{}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := d.Delete(ctx, key); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// BenchmarkSHA256 measures single-core SHA-256 throughput, on memory and on
// a stored (page-cached) file through SHA256File.
func BenchmarkSHA256(b *testing.B) {
	data := randomBytes(benchSize, 8)
	b.Run("memory", func(b *testing.B) {
		b.SetBytes(benchSize)
		for b.Loop() {
			sha256.Sum256(data)
		}
	})
	b.Run("file", func(b *testing.B) {
		p := filepath.Join(b.TempDir(), "blob")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(benchSize)
		for b.Loop() {
			if _, _, err := SHA256File(context.Background(), p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
