//go:build unix

package site_test

import (
	"context"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sqldb"
)

// BenchmarkSelfVerifyBlobs measures a secondary's own verification of
// its blob copies, as its schedule runs it: 128 synced blobs of 1 MiB
// sent back to pending, then checksummed (SHA-256 of the file, read from
// the page cache) and compared with the primary's checksum, each outcome
// recorded. It reports the CPU seconds the process spends per GiB
// verified.
func BenchmarkSelfVerifyBlobs(b *testing.B) {
	const n, size = 128, 1 << 20
	ctx := context.Background()
	s := geotest.NewBlobSites(b, geotest.NewEnv(b, sqldb.SQLite, coolWidgets()), site.Options{})
	ids := seedBlobs(b, s, n, size)
	for range n/1000 + 1 {
		if _, err := s.Primary.Maintain(ctx); err != nil {
			b.Fatal(err)
		}
	}
	if got := s.Primary.VerifyAll(ctx); got != n {
		b.Fatalf("the primary verified %d of %d blobs", got, n)
	}
	if _, err := s.Registry().CreateMissing(ctx, ids); err != nil {
		b.Fatal(err)
	}
	if got := s.Secondary.SyncAll(ctx); got != n {
		b.Fatalf("synced %d of %d", got, n)
	}
	s.Secondary.VerifyAll(ctx)
	var cpu time.Duration
	b.SetBytes(n * size)
	for b.Loop() {
		b.StopTimer()
		s.Env.Clock.Advance(s.Secondary.Options().SelfVerifyInterval + time.Hour)
		if got, err := s.Secondary.Reverify(ctx); err != nil || got != n {
			b.Fatalf("reverify = %d, %v; want %d", got, err, n)
		}
		b.StartTimer()
		before := processCPU(b)
		if got := s.Secondary.VerifyAll(ctx); got != n {
			b.Fatalf("verified %d of %d", got, n)
		}
		cpu += processCPU(b) - before
	}
	b.ReportMetric(cpu.Seconds()/(float64(b.N)*n*size/(1<<30)), "cpu_s/GiB")
}
