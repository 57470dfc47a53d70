package site_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
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
// of a connection ("SQLSTATE 53300", "too many clients"), or a download the
// primary answered with a 500 (its own refusal, seen from a secondary).
type countingHandler struct {
	slog.Handler
	refusals *atomic.Int64
	seen     *refusalLines
}

// refusalLines keeps the first refusals logged, to show them.
type refusalLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *refusalLines) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.lines) < 5 {
		l.lines = append(l.lines, s)
	}
}

func (h countingHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h countingHandler) Handle(ctx context.Context, r slog.Record) error {
	var b bytes.Buffer
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool { b.WriteString(" " + a.Value.String()); return true })
	if s := b.String(); strings.Contains(s, "SQLSTATE 53300") || strings.Contains(s, "too many clients") || strings.Contains(s, "status code 500") {
		h.refusals.Add(1)
		if h.seen != nil {
			h.seen.add(r.Time.UTC().Format(time.RFC3339Nano) + " " + s)
		}
	}
	return nil
}

func (h countingHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return countingHandler{h.Handler.WithAttrs(as), h.refusals, h.seen}
}

func (h countingHandler) WithGroup(g string) slog.Handler {
	return countingHandler{h.Handler.WithGroup(g), h.refusals, h.seen}
}

// LoadEnv opts in to BenchmarkLoadThreeSecondaryProcesses (make load):
// it starts a PostgreSQL server of its own and takes several minutes.
const LoadEnv = "GEOGEN_LOAD_TEST"

// BenchmarkLoadThreeSecondaryProcesses runs a primary and three secondary
// processes (each with its own connection pools: a view of the primary's
// database and the tracking database) with default options, all syncing
// 20,000 small blobs the primary has checksummed, and verifying their
// copies, on a PostgreSQL server of its own
// (initdb in a temporary directory) with max_connections = 100, the
// default. It reports the most client connections the server had
// (pg_stat_activity), how long the verification of every copy took
// after the last sync, the connections left once the sites have only
// polled for twice the pools' idle time, and how many refusals for too
// many clients (SQLSTATE 53300) the server and the sites logged. A
// refusal, or connections that do not shrink to half the peak, fail it. Opt-in: set LoadEnv=1
// (make load).
func BenchmarkLoadThreeSecondaryProcesses(b *testing.B) {
	const n, size, processes, maxConnections = 20_000, 4 << 10, 3, 100
	if os.Getenv(LoadEnv) == "" {
		b.Skip("opt-in, several minutes on a server of its own: set " + LoadEnv + "=1 (make load)")
	}
	cluster := geotest.StartCluster(b, fmt.Sprintf("max_connections = %d\nshared_buffers = 64MB", maxConnections))
	b.Setenv(geotest.PostgresURLEnv, cluster.URL())
	idle := site.Options{}.WithDefaults().ConnectionIdleTime
	for b.Loop() {
		b.StopTimer()
		ctx, cancel := context.WithCancel(context.Background())
		var refusals atomic.Int64
		var seen refusalLines
		log := slog.New(countingHandler{slog.NewTextHandler(io.Discard, nil), &refusals, &seen})
		s := geotest.NewBlobSites(b, geotest.NewEnv(b, sqldb.Postgres, coolWidgets()), site.Options{})
		ids := seedBlobs(b, s, n, size)
		// The primary has checksummed every blob (a secondary catching
		// up), so each copy is verified once synced and the work ends.
		for range n/1000 + 1 { // state rows, a batch per pass
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
		var secondaries []*site.Secondary
		for range processes {
			secondaries = append(secondaries, s.NewSecondaryOn(b, geotest.Reopen(b, s.Env.Tracking), geotest.ReadOnlyView(b, s.Env.Main), log))
		}
		// A connection of their own watches the server and the registry.
		watch, registry := geotest.Reopen(b, s.Env.Main), geotest.Reopen(b, s.Env.Tracking)
		watch.SetMaxOpenConns(1)
		registry.SetMaxOpenConns(1)
		connections := func() (all, idle int) {
			err := watch.QueryRow("SELECT count(*), count(*) FILTER (WHERE state = 'idle') FROM pg_stat_activity WHERE backend_type = 'client backend'").Scan(&all, &idle)
			if err != nil {
				b.Fatal(err)
			}
			return all, idle
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
		for time.Since(start) < 15*time.Minute {
			open, _ := connections()
			most = max(most, open)
			d := s.Env.Config.Descriptor
			if err := registry.QueryRow("SELECT count(*) FILTER (WHERE state = 2), count(*) FILTER (WHERE verification_state = 2) FROM "+d.RegistryTable).Scan(&synced, &verified); err != nil {
				b.Fatal(err)
			}
			if synced == n {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		elapsed := time.Since(start)
		b.StopTimer()
		if synced != n {
			cancel()
			wg.Wait()
			b.Fatalf("synced %d of %d blobs in %v", synced, n, elapsed)
		}
		// The secondaries go on verifying their copies until every one is
		// verified; then the sites only poll, and their pools close what
		// stays idle.
		atEnd, _ := connections()
		verifyStart := time.Now()
		for verified < n && time.Since(verifyStart) < 15*time.Minute {
			open, _ := connections()
			most = max(most, open)
			if err := registry.QueryRow("SELECT count(*) FROM " + s.Env.Config.Descriptor.RegistryTable + " WHERE verification_state = 2").Scan(&verified); err != nil {
				b.Fatal(err)
			}
			time.Sleep(time.Second)
		}
		verifying := time.Since(verifyStart)
		if verified < n {
			b.Errorf("%d of %d copies verified %v after the last sync", verified, n, verifying)
		}
		for t := time.Now(); time.Since(t) < 2*idle; time.Sleep(time.Second) {
			open, _ := connections()
			most = max(most, open)
		}
		after, idleAfter := connections()
		refused := refusals.Load() // before the sites stop: a download cut by the shutdown is no refusal
		cancel()
		wg.Wait()
		serverLog, err := os.ReadFile(cluster.LogFile())
		if err != nil {
			b.Fatal(err)
		}
		serverRefusals := strings.Count(string(serverLog), "too many clients")
		b.ReportMetric(float64(n)/elapsed.Seconds(), "blobs/s")
		b.ReportMetric(elapsed.Seconds(), "s_to_sync_all")
		b.ReportMetric(float64(most), "max_connections_seen")
		b.ReportMetric(float64(atEnd), "connections_at_end")
		b.ReportMetric(float64(after), "connections_after_idle")
		b.ReportMetric(float64(idleAfter), "idle_connections_after_idle")
		b.ReportMetric(float64(serverRefusals), "too_many_clients")
		b.ReportMetric(float64(refused), "refusals_logged")
		b.ReportMetric(verifying.Seconds(), "s_to_verify_the_rest")
		b.Logf("%d blobs synced in %v (%.0f/s), all verified %v later; connections: at most %d, %d when the last blob was synced, %d (%d idle) %v after the last verification; %d refused by the server, %d refusals logged by the sites",
			n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), verifying.Round(time.Second), most, atEnd, after, idleAfter, 2*idle, serverRefusals, refused)
		if serverRefusals > 0 || refused > 0 {
			b.Errorf("%d connections refused for too many clients (server log), %d refusals logged by the sites: %q", serverRefusals, refused, seen.lines)
		}
		if after > most/2 {
			b.Errorf("%d connections %v after the work, more than half the peak (%d): the pools did not shrink", after, 2*idle, most)
		}
		s.Close()
		b.StartTimer()
	}
}
