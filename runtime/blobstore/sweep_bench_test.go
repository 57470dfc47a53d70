package blobstore

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkRemoveStaleTemp measures one sweep of a directory of 20,000
// blobs in 200 subdirectories with nothing to remove: what a site pays
// every TempSweepInterval. It reports the cost per blob looked at.
func BenchmarkRemoveStaleTemp(b *testing.B) {
	const dirs, perDir = 200, 100
	d := newTestDir(b)
	for i := range dirs {
		dir := filepath.Join(d.Root(), fmt.Sprintf("d%d", i))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		for j := range perDir {
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("b%d", j)), []byte("x"), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	ctx := context.Background()
	for b.Loop() {
		if n, err := d.RemoveStaleTemp(ctx, time.Hour); err != nil || n != 0 {
			b.Fatalf("removed %d, %v", n, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*dirs*perDir), "ns/blob")
}
