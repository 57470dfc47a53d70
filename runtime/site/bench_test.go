package site_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/site"
)

// seedBlobs inserts n model records with their blobs of size bytes on the
// primary, fast: multi-row inserts and plain file writes (no fsync, no
// events), then has the kernel write them out (flushWrites) so that the
// timed part does not share the disk with that. It returns the ids.
func seedBlobs(b *testing.B, s *geotest.BlobSites, n, size int) []int64 {
	b.Helper()
	ctx := context.Background()
	d := s.Env.Config.Descriptor
	var ids []int64
	const chunk = 500
	now := s.Env.Clock.Now()
	for done := 0; done < n; done += chunk {
		k := min(chunk, n-done)
		values := make([]string, k)
		args := []any{now}
		for i := range k {
			values[i] = fmt.Sprintf("($%d, $1, $1)", i+2)
			args = append(args, fmt.Sprintf("widget %d", done+i))
		}
		rows, err := s.Env.Main.QueryContext(ctx, "INSERT INTO "+d.ModelTable+" (name, created_at, updated_at) VALUES "+
			strings.Join(values, ", ")+" RETURNING "+d.ModelKey, args...)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				b.Fatal(err)
			}
			ids = append(ids, id)
		}
		rows.Close()
	}
	data := make([]byte, size)
	for _, id := range ids {
		rand.Read(data)
		key, _ := d.Location(ctx, id)
		p, _ := s.PrimaryBlobs.Path(key)
		if err := writeFile(p, data); err != nil {
			b.Fatal(err)
		}
	}
	flushWrites()
	return ids
}

// BenchmarkSync10kSmallBlobs measures the secondary syncing 10,000 blobs
// of 4 KiB: claim, token, HTTP download over loopback, atomic store
// (fsync and rename) and the synced update, SyncCapacity at a time.
// Reported as blobs/s (goal: at least 1,000 on PostgreSQL), in two
// cases: the primary has not verified the blobs yet (each sync then also
// reads the primary's checksum once more, in case its verification
// finished meanwhile), and it has (a secondary catching up), so each
// sync records verification pending directly. The primary's
// verification runs outside the timer.
//
// Side by side, store_puts/s is what the secondary's blob store alone
// does on the same file system: the same number of atomic puts of the
// same size, at the same concurrency, with no network and no database.
// It is the ceiling the disk sets, and pct_of_store is the sync's share
// of it. Creating a file is the costly part on some file systems (ext4
// without a journal skips every inode freed in the last minutes, so it
// slows down after mass deletions); TMPDIR=/dev/shm puts both sites'
// directories on tmpfs, to measure the rest of the pipeline alone.
// cpu_us/blob is the process's CPU time (user and system, both sites'
// Go code, not PostgreSQL's) per blob synced: on a busy machine it moves
// far less than the rates do.
func BenchmarkSync10kSmallBlobs(b *testing.B) {
	const n, size = 10_000, 4 << 10
	for _, dialect := range geotest.Dialects() {
		for _, verified := range []bool{false, true} {
			name := dialect.String() + "/primary-unverified"
			if verified {
				name = dialect.String() + "/primary-verified"
			}
			b.Run(name, func(b *testing.B) {
				ctx := context.Background()
				var synced, elapsed, stored, storeSecs float64
				var cpu time.Duration
				for b.Loop() {
					b.StopTimer()
					s := geotest.NewBlobSites(b, geotest.NewEnv(b, dialect, coolWidgets()), site.Options{SyncCapacity: 32})
					ids := seedBlobs(b, s, n, size)
					if verified {
						for range n/1000 + 1 { // state rows, a batch per pass
							if _, err := s.Primary.Maintain(ctx); err != nil {
								b.Fatal(err)
							}
						}
						if got := s.Primary.VerifyAll(ctx); got != n {
							b.Fatalf("the primary verified %d of %d blobs", got, n)
						}
					}
					if _, err := s.Registry().CreateMissing(ctx, ids); err != nil {
						b.Fatal(err)
					}
					storeSecs += timeStorePuts(b, n, size, s.Options.SyncCapacity)
					stored += float64(n)
					b.StartTimer()
					start, cpuStart := time.Now(), processCPU(b)
					got := s.Secondary.SyncAll(ctx)
					elapsed += time.Since(start).Seconds()
					cpu += processCPU(b) - cpuStart
					b.StopTimer()
					st := secondaryStatusB(b, s)
					if got != n || *st.SyncedCount != n {
						b.Fatalf("synced %d of %d (%d syncs ran)", *st.SyncedCount, n, got)
					}
					synced += float64(n)
					s.Close()
					b.StartTimer()
				}
				b.ReportMetric(synced/elapsed, "blobs/s")
				b.ReportMetric(stored/storeSecs, "store_puts/s")
				b.ReportMetric(100*(synced/elapsed)/(stored/storeSecs), "pct_of_store")
				b.ReportMetric(float64(cpu.Microseconds())/synced, "cpu_us/blob")
			})
		}
	}
}

// timeStorePuts puts n blobs of size bytes into a new blob directory, with
// workers puts at a time, and returns how many seconds that took. The
// blobs stay until the benchmark ends: deleting them now would slow the
// file creations that follow on some file systems (see
// BenchmarkSync10kSmallBlobs).
func timeStorePuts(b *testing.B, n, size, workers int) float64 {
	b.Helper()
	ctx := context.Background()
	store, err := blobstore.NewDir(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	data := make([]byte, size)
	rand.Read(data)
	var next atomic.Int64
	var failed atomic.Pointer[error]
	start := time.Now()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := next.Add(1); i <= int64(n); i = next.Add(1) {
				if _, err := store.Put(ctx, fmt.Sprintf("blobs/%d", i), bytes.NewReader(data), blobstore.PutOptions{}); err != nil {
					failed.Store(&err)
					return
				}
			}
		})
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	if err := failed.Load(); err != nil {
		b.Fatal(*err)
	}
	flushWrites()
	return secs
}

// BenchmarkPrimaryVerification measures the primary verification worker
// checksumming 128 blobs of 16 MiB (2 GiB, long enough that starting and
// finishing do not dominate) from the page cache (default
// VerificationCapacity, 10, so database round trips overlap with hashing),
// next to one core hashing the same files one after the other and to one
// goroutine per core hashing them with no database at all, both with the
// standard library alone (plainSHA256). efficiency_% is the worker's
// throughput over (cores x single-core throughput) (goal: at least 90);
// raw_parallel_% is the same ratio for the database-free hashing, a
// rough ceiling (the worker's one-file-per-core scheduling can beat it).
func BenchmarkPrimaryVerification(b *testing.B) {
	const n, size = 128, 16 << 20
	cores := runtime.GOMAXPROCS(0)
	for _, dialect := range geotest.Dialects() {
		b.Run(dialect.String(), func(b *testing.B) {
			ctx := context.Background()
			var workerSecs, singleSecs, rawSecs float64
			for b.Loop() {
				b.StopTimer()
				s := geotest.NewBlobSites(b, geotest.NewEnv(b, dialect, coolWidgets()),
					site.Options{})
				ids := seedBlobs(b, s, n, size)
				if _, err := s.Primary.Maintain(ctx); err != nil { // backfill state rows
					b.Fatal(err)
				}
				singleCore := func() float64 {
					start := time.Now()
					for _, id := range ids {
						key, _ := s.Env.Config.Descriptor.Location(ctx, id)
						p, _ := s.PrimaryBlobs.Path(key)
						if err := plainSHA256(p); err != nil {
							b.Fatal(err)
						}
					}
					return time.Since(start).Seconds()
				}
				single := singleCore()
				start := time.Now()
				var wg sync.WaitGroup
				for c := range cores {
					wg.Go(func() {
						for i := c; i < len(ids); i += cores {
							key, _ := s.Env.Config.Descriptor.Location(ctx, ids[i])
							p, _ := s.PrimaryBlobs.Path(key)
							if err := plainSHA256(p); err != nil {
								panic(err)
							}
						}
					})
				}
				wg.Wait()
				rawSecs += time.Since(start).Seconds()
				b.StartTimer()
				start = time.Now()
				got := s.Primary.VerifyAll(ctx)
				workerSecs += time.Since(start).Seconds()
				if got != n {
					b.Fatalf("verified %d of %d", got, n)
				}
				b.StopTimer()
				// The faster of two single-core passes, one on each side
				// of the worker's run, so that a pass slowed by the
				// machine does not flatter the efficiency.
				singleSecs += min(single, singleCore())
				s.Close()
				b.StartTimer()
			}
			total := float64(n*size) * float64(b.N)
			worker, single := total/workerSecs, total/singleSecs
			b.ReportMetric(worker/(1<<20), "worker_MiB/s")
			b.ReportMetric(single/(1<<20), "single_core_MiB/s")
			b.ReportMetric(100*worker/(float64(cores)*single), "efficiency_%")
			b.ReportMetric(100*total/rawSecs/(float64(cores)*single), "raw_parallel_%")
		})
	}
}

// plainSHA256 hashes a file with the standard library alone, in 1 MiB
// reads: the baseline the worker is compared with, free of anything the
// blob store adds (its hashing slots, its yields between buffers).
func plainSHA256(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	buf := make([]byte, 1<<20)
	for {
		n, err := f.Read(buf)
		h.Write(buf[:n])
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func secondaryStatusB(b *testing.B, s *geotest.BlobSites) struct{ SyncedCount *int64 } {
	var n int64
	d := s.Env.Config.Descriptor
	if err := s.Env.Tracking.QueryRow("SELECT count(*) FROM " + d.RegistryTable + " WHERE state = 2").Scan(&n); err != nil {
		b.Fatal(err)
	}
	return struct{ SyncedCount *int64 }{&n}
}
