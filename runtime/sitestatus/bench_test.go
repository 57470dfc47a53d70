package sitestatus_test

import (
	"context"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/sitestatus"
	"github.com/geogen/geogen/runtime/sqldb"
)

// BenchmarkPruneWhilePublishing fills the event log with
// GEOGEN_BENCH_PRUNE_EVENTS events (10,000,000 by default) that a
// secondary has handled, then publishes events one by one for a while
// without pruning (the baseline) and then while the Pruner deletes them
// all, and reports the publish latencies of both side by side: pruning
// must not stall publishing. PostgreSQL only (GEOGEN_TEST_POSTGRES_URL).
func BenchmarkPruneWhilePublishing(b *testing.B) {
	if os.Getenv(geotest.PostgresURLEnv) == "" {
		b.Skip("needs PostgreSQL: set " + geotest.PostgresURLEnv)
	}
	total := 10_000_000
	if v := os.Getenv("GEOGEN_BENCH_PRUNE_EVENTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("GEOGEN_BENCH_PRUNE_EVENTS=%q is not a positive number", v)
		}
		total = n
	}
	ctx := context.Background()
	for range b.N {
		b.StopTimer()
		db := mainDB(b, sqldb.Postgres)
		old := time.Now().Add(-time.Hour).UTC()
		for done := 0; done < total; {
			n := min(1_000_000, total-done)
			if _, err := db.ExecContext(ctx, `INSERT INTO geo_events (replicable_name, event_name, payload, created_at)
				SELECT 'cool_widget', 'created', jsonb_build_object('model_record_id', g), $1 FROM generate_series(1, $2::int) g`, old, n); err != nil {
				b.Fatal(err)
			}
			done += n
		}
		if _, err := db.ExecContext(ctx, "ANALYZE geo_events"); err != nil {
			b.Fatal(err)
		}
		var last int64
		if err := db.QueryRowContext(ctx, "SELECT MAX(id) FROM geo_events").Scan(&last); err != nil {
			b.Fatal(err)
		}
		if err := sitestatus.Record(ctx, db, secondary("london", last), time.Now()); err != nil {
			b.Fatal(err)
		}

		baseline := publishFor(b, db, func(int) bool { return false }, 5*time.Second)

		b.StartTimer()
		start := time.Now()
		pruned := make(chan sitestatus.PruneResult, 1)
		go func() {
			res, err := (&sitestatus.Pruner{Main: db, SilentAfter: time.Hour, Batch: 10_000, Pause: 10 * time.Millisecond}).Prune(ctx, time.Now())
			if err != nil {
				b.Error(err)
			}
			pruned <- res
		}()
		var res sitestatus.PruneResult
		during := publishFor(b, db, func(int) bool {
			select {
			case res = <-pruned:
				return true
			default:
				return false
			}
		}, 24*time.Hour)
		elapsed := time.Since(start)
		b.StopTimer()
		if res.Deleted != int64(total) {
			b.Fatalf("pruned %d events, want %d", res.Deleted, total)
		}
		b.ReportMetric(float64(res.Deleted)/elapsed.Seconds(), "pruned/s")
		b.ReportMetric(float64(len(during)), "publishes_during")
		for _, q := range []struct {
			name string
			p    float64
		}{{"p50", 0.50}, {"p99", 0.99}, {"max", 1}} {
			base, with := quantile(baseline, q.p), quantile(during, q.p)
			b.ReportMetric(base.Seconds()*1000, "publish_"+q.name+"_ms_alone")
			b.ReportMetric(with.Seconds()*1000, "publish_"+q.name+"_ms_pruning")
		}
	}
}

// publishFor publishes events one by one until stop says so or d passes
// and returns each publish's latency.
func publishFor(b *testing.B, db *sqldb.DB, stop func(int) bool, d time.Duration) []time.Duration {
	var out []time.Duration
	end := time.Now().Add(d)
	for i := 0; !stop(i) && time.Now().Before(end); i++ {
		start := time.Now()
		if _, err := eventlog.Publish(context.Background(), db, time.Now(), "cool_widget", eventlog.Created, eventlog.Payload{ModelRecordID: int64(i + 1)}); err != nil {
			b.Fatal(err)
		}
		out = append(out, time.Since(start))
	}
	return out
}

func quantile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s)-1)+0.5))]
}
