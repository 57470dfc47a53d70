package site_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sqldb"
)

// countingHandler counts log records that mention PostgreSQL's refusal
// of a connection (SQLSTATE 53300, "too many clients"), or a download the
// primary answered with a 500 (its own refusal, seen from a secondary).
type countingHandler struct {
	slog.Handler
	refusals *atomic.Int64
}

func (h countingHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h countingHandler) Handle(ctx context.Context, r slog.Record) error {
	var b bytes.Buffer
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool { b.WriteString(" " + a.Value.String()); return true })
	if s := b.String(); strings.Contains(s, "53300") || strings.Contains(s, "too many clients") || strings.Contains(s, "status code 500") {
		h.refusals.Add(1)
	}
	return nil
}

func (h countingHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return countingHandler{h.Handler.WithAttrs(as), h.refusals}
}

func (h countingHandler) WithGroup(g string) slog.Handler {
	return countingHandler{h.Handler.WithGroup(g), h.refusals}
}

// BenchmarkLoadThreeSecondaryProcesses runs a primary and three secondary
// processes (each with its own connection pools: a view of the primary's
// database and the tracking database) with default options, all syncing
// 20,000 small blobs (the primary verifies meanwhile, and the secondaries
// verify what it has verified), on PostgreSQL only. It reports the most
// connections the server had open (pg_stat_activity, this database), how
// many refusals for too many clients were logged, and how many copies
// were verified by the time the last blob was synced; with a server of
// max_connections = 100 the refusals must be zero. Run it against a
// server of your own: it opens up to 70 connections.
func BenchmarkLoadThreeSecondaryProcesses(b *testing.B) {
	const n, size, processes = 20_000, 4 << 10, 3
	if os.Getenv(geotest.PostgresURLEnv) == "" {
		b.Skip("needs PostgreSQL: set " + geotest.PostgresURLEnv)
	}
	for b.Loop() {
		b.StopTimer()
		ctx, cancel := context.WithCancel(context.Background())
		var refusals atomic.Int64
		log := slog.New(countingHandler{slog.NewTextHandler(&bytes.Buffer{}, nil), &refusals})
		s := geotest.NewBlobSites(b, geotest.NewEnv(b, sqldb.Postgres, coolWidgets()), site.Options{})
		ids := seedBlobs(b, s, n, size)
		if _, err := s.Registry().CreateMissing(ctx, ids); err != nil {
			b.Fatal(err)
		}
		var secondaries []*site.Secondary
		for range processes {
			secondaries = append(secondaries, s.NewSecondaryOn(b, geotest.Reopen(b, s.Env.Tracking), geotest.ReadOnlyView(b, s.Env.Main), log))
		}
		b.StartTimer()
		start := time.Now()
		var wg sync.WaitGroup
		wg.Go(func() { s.Primary.Run(ctx) })
		for _, sec := range secondaries {
			wg.Go(func() { sec.Run(ctx) })
		}
		most := 0
		var synced, verified int64
		for time.Since(start) < 10*time.Minute {
			var open int
			if err := s.Env.Main.QueryRow("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()").Scan(&open); err != nil {
				b.Fatal(err)
			}
			most = max(most, open)
			d := s.Env.Config.Descriptor
			if err := s.Env.Tracking.QueryRow("SELECT count(*) FILTER (WHERE state = 2), count(*) FILTER (WHERE verification_state = 2) FROM "+d.RegistryTable).Scan(&synced, &verified); err != nil {
				b.Fatal(err)
			}
			if synced == n {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		elapsed := time.Since(start)
		b.StopTimer()
		cancel()
		wg.Wait()
		if synced != n {
			b.Fatalf("synced %d of %d blobs in %v", synced, n, elapsed)
		}
		b.ReportMetric(float64(n)/elapsed.Seconds(), "blobs/s")
		b.ReportMetric(float64(most), "max_connections_seen")
		b.ReportMetric(float64(refusals.Load()), "too_many_clients")
		b.ReportMetric(float64(verified), "verified")
		s.Close()
		b.StartTimer()
	}
}
