package bulkjob_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/migrate"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/state"
)

func TestMain(m *testing.M) {
	code := m.Run()
	readtest.Cleanup()
	os.Exit(code)
}

// benchJobs returns the secondary's jobs over the 1,000,000-row fixture
// (PostgreSQL), creating geo_bulk_jobs in its schema.
func benchJobs(b *testing.B) (*readtest.Fixture, *bulkjob.Jobs) {
	b.Helper()
	fx := readtest.Bench(b)
	ctx := context.Background()
	// A migration set of its own: the fixture's sets hold only the type's.
	if err := migrate.Up(ctx, fx.DB, migrate.Set("bulkjob_bench"), bulkjob.Migrations); err != nil {
		b.Fatal(err)
	}
	set, err := replicable.NewSet(fx.Descriptor)
	if err != nil {
		b.Fatal(err)
	}
	jobs := bulkjob.New(fx.DB, set, flags.NewMemory(fx.Descriptor.ReplicationFlag), flags.Secondary, clock.System{},
		bulkjob.Options{PassBudget: time.Hour})
	return fx, jobs
}

// runJob enqueues spec and runs passes until the job finishes; it returns
// the rows changed and the time taken.
func runJob(b *testing.B, jobs *bulkjob.Jobs, spec bulkjob.Spec) (int64, time.Duration) {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	job, err := jobs.Enqueue(ctx, spec)
	if err != nil {
		b.Fatal(err)
	}
	for {
		if _, err := jobs.RunPass(ctx); err != nil {
			b.Fatal(err)
		}
		j, err := jobs.Get(ctx, job.ID)
		if err != nil {
			b.Fatal(err)
		}
		if !j.Unfinished() {
			if j.Status != bulkjob.Finished {
				b.Fatalf("job ended %v: %s", j.Status, j.LastError)
			}
			return j.Done, time.Since(start)
		}
	}
}

// bareResync is the baseline: the same SET list over the registries with
// ids in (lo, hi], in batched UPDATEs of 1,000 consecutive ids, each its
// own statement, with nothing else (no cursor, no lease, no transaction).
func bareResync(b *testing.B, fx *readtest.Fixture, lo, hi int64) int64 {
	b.Helper()
	ctx := context.Background()
	q := "UPDATE " + fx.Descriptor.RegistryTable + " SET " + registry.ResyncSet + " WHERE id > $1 AND id <= $2"
	var rows int64
	for from := lo; from < hi; from += bulkjob.DefaultBatchSize {
		res, err := fx.DB.ExecContext(ctx, q, from, min(hi, from+bulkjob.DefaultBatchSize))
		if err != nil {
			b.Fatal(err)
		}
		n, _ := res.RowsAffected()
		rows += n
	}
	return rows
}

func vacuum(b *testing.B, fx *readtest.Fixture) {
	b.Helper()
	if _, err := fx.DB.ExecContext(context.Background(), "VACUUM ANALYZE "+fx.Descriptor.RegistryTable); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkBulkResync1M resyncs all 1,000,000 registries of the fixture
// with a bulk job, and the same rows with the bare batched UPDATE of the
// same SET list, side by side: the job runs passes of 10 batches (10,000
// rows, with all of a pass's own statements), and each pass is paired with
// the bare UPDATE of the same 10,000 rows, which goes first in every other
// pair. The machine's load then weighs on both alike. It reports the rows
// per second of each over the whole table and the median of the pairs'
// ratios. Run with -benchtime 1x.
func BenchmarkBulkResync1M(b *testing.B) {
	fx, _ := benchJobs(b)
	ctx := context.Background()
	set, err := replicable.NewSet(fx.Descriptor)
	if err != nil {
		b.Fatal(err)
	}
	const passBatches = 10
	const chunk = passBatches * bulkjob.DefaultBatchSize
	jobs := bulkjob.New(fx.DB, set, flags.NewMemory(fx.Descriptor.ReplicationFlag), flags.Secondary, clock.System{},
		bulkjob.Options{PassBudget: time.Hour, MaxBatchesPerPass: passBatches})
	var jobTime, bareTime time.Duration
	var ratios []float64
	for b.Loop() {
		b.StopTimer()
		vacuum(b, fx)
		b.StartTimer()
		job, err := jobs.Enqueue(ctx, bulkjob.Spec{Type: fx.Descriptor.Name, Action: bulkjob.ResyncAll})
		if err != nil {
			b.Fatal(err)
		}
		var done int64
		for pair := 0; ; pair++ {
			jobPass := func() (int64, time.Duration) {
				t0 := time.Now()
				res, err := jobs.RunPass(ctx)
				if err != nil {
					b.Fatal(err)
				}
				return res.Rows, time.Since(t0)
			}
			barePass := func(lo int64) (int64, time.Duration) {
				t0 := time.Now()
				n := bareResync(b, fx, lo, min(lo+chunk, readtest.BenchRows))
				return n, time.Since(t0)
			}
			var jobRows, bareRows int64
			var jt, bt time.Duration
			if pair%2 == 0 {
				jobRows, jt = jobPass()
				bareRows, bt = barePass(done)
			} else {
				bareRows, bt = barePass(done)
				jobRows, jt = jobPass()
			}
			if jobRows != bareRows {
				b.Fatalf("pair %d: the job changed %d rows, the bare UPDATE %d", pair, jobRows, bareRows)
			}
			if jobRows == 0 {
				break
			}
			done += jobRows
			jobTime += jt
			bareTime += bt
			ratios = append(ratios, bt.Seconds()/jt.Seconds())
		}
		j, err := jobs.Get(ctx, job.ID)
		if err != nil {
			b.Fatal(err)
		}
		if done != readtest.BenchRows || j.Status != bulkjob.Finished || j.Done != readtest.BenchRows {
			b.Fatalf("the job changed %d rows and ended %v with %d done, want every one of %d", done, j.Status, j.Done, readtest.BenchRows)
		}
	}
	slices.Sort(ratios)
	jobRate := float64(readtest.BenchRows) / jobTime.Seconds()
	bareRate := float64(readtest.BenchRows) / bareTime.Seconds()
	b.Logf("job %v, bare %v over %d pairs of 10,000 rows; pair ratios (job rate / bare rate) from %.2f to %.2f",
		jobTime.Round(time.Millisecond), bareTime.Round(time.Millisecond), len(ratios), ratios[0], ratios[len(ratios)-1])
	b.ReportMetric(jobRate, "job_rows/s")
	b.ReportMetric(bareRate, "bare_rows/s")
	b.ReportMetric(jobRate/bareRate, "job/bare")
	b.ReportMetric(ratios[len(ratios)/2], "median_pair_job/bare")
}

// BenchmarkClaimLatencyDuringBulkResync measures the sync scheduler's
// claim (10 pending rows, as a worker pool takes them) on the 1,000,000
// registries, alone and while a bulk job resyncs every row, and reports
// the median and 95th percentile of each and the ratios. Each claimed
// batch is recorded synced after a short pause, as workers would. Run
// with -benchtime 1x.
func BenchmarkClaimLatencyDuringBulkResync(b *testing.B) {
	fx, jobs := benchJobs(b)
	ctx := context.Background()
	d := fx.Descriptor
	reg := registry.NewStore(fx.DB, d, clock.System{})
	finish := "UPDATE " + d.RegistryTable + fmt.Sprintf(" SET state = %d WHERE id = ANY($1)", state.Synced)
	sample := func(until func() bool) []time.Duration {
		var lat []time.Duration
		for !until() {
			t0 := time.Now()
			recs, err := reg.ClaimPending(ctx, 10, nil)
			lat = append(lat, time.Since(t0))
			if err != nil {
				b.Fatal(err)
			}
			ids := make([]int64, len(recs))
			for i, r := range recs {
				ids[i] = r.ID
				reg.Release(r)
			}
			time.Sleep(2 * time.Millisecond) // the downloads
			if _, err := fx.DB.ExecContext(ctx, finish, ids); err != nil {
				b.Fatal(err)
			}
		}
		return lat
	}
	var alone, during []time.Duration
	for b.Loop() {
		// Every row pending first, so both phases claim from the same pool.
		runJob(b, jobs, bulkjob.Spec{Type: d.Name, Action: bulkjob.ResyncAll})
		vacuum(b, fx)
		deadline := time.Now().Add(10 * time.Second)
		alone = sample(func() bool { return time.Now().After(deadline) })
		var wg sync.WaitGroup
		var done sync.Mutex
		finished := false
		wg.Go(func() {
			runJob(b, jobs, bulkjob.Spec{Type: d.Name, Action: bulkjob.ResyncAll})
			done.Lock()
			finished = true
			done.Unlock()
		})
		during = sample(func() bool { done.Lock(); defer done.Unlock(); return finished })
		wg.Wait()
	}
	p := func(lat []time.Duration, q float64) time.Duration {
		s := slices.Clone(lat)
		slices.Sort(s)
		return s[min(len(s)-1, int(q*float64(len(s))))]
	}
	b.Logf("alone: %d claims, p50 %v p95 %v; during the job: %d claims, p50 %v p95 %v",
		len(alone), p(alone, 0.5), p(alone, 0.95), len(during), p(during, 0.5), p(during, 0.95))
	b.ReportMetric(float64(p(alone, 0.5).Microseconds()), "alone_p50_µs")
	b.ReportMetric(float64(p(during, 0.5).Microseconds()), "during_p50_µs")
	b.ReportMetric(float64(p(alone, 0.95).Microseconds()), "alone_p95_µs")
	b.ReportMetric(float64(p(during, 0.95).Microseconds()), "during_p95_µs")
	b.ReportMetric(float64(p(during, 0.5))/float64(p(alone, 0.5)), "p50_during/alone")
	b.ReportMetric(float64(p(during, 0.95))/float64(p(alone, 0.95)), "p95_during/alone")
}

// BenchmarkResyncByID resyncs one registry, picked at random among the
// 1,000,000, per operation: the single-record action's time as the client
// sees it (the server's share is below it; the plan is logged with its
// execution time).
func BenchmarkResyncByID(b *testing.B) {
	fx, _ := benchJobs(b)
	ctx := context.Background()
	reg := registry.NewStore(fx.DB, fx.Descriptor, clock.System{})
	rows, err := fx.DB.QueryContext(ctx, "EXPLAIN (ANALYZE, BUFFERS) UPDATE "+fx.Descriptor.RegistryTable+" SET "+registry.ResyncSet+" WHERE id = 424242")
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			b.Fatal(err)
		}
		b.Log(line)
	}
	rows.Close()
	b.ResetTimer()
	for b.Loop() {
		if _, err := reg.ResyncByID(ctx, 1+rand.Int64N(readtest.BenchRows)); err != nil {
			b.Fatal(err)
		}
	}
}
