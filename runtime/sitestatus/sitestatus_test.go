package sitestatus_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geoauth"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/migrate"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sitestatus"
	"github.com/geogen/geogen/runtime/sqldb"
)

var t0 = time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)

func mainDB(t testing.TB, dialect sqldb.Dialect, types ...*replicable.Descriptor) *sqldb.DB {
	t.Helper()
	db := geotest.NewDB(t, dialect)
	if err := migrate.Up(context.Background(), db, migrate.Main, eventlog.MainMigrations, sitestatus.MainMigrations, testtypes.MainMigrations(types...)); err != nil {
		t.Fatal(err)
	}
	return db
}

func trackingDB(t testing.TB, dialect sqldb.Dialect, types ...*replicable.Descriptor) *sqldb.DB {
	t.Helper()
	db := geotest.NewDB(t, dialect)
	if err := migrate.Up(context.Background(), db, migrate.Tracking, eventlog.TrackingMigrations, testtypes.TrackingMigrations(types...)); err != nil {
		t.Fatal(err)
	}
	return db
}

func publish(t testing.TB, db *sqldb.DB, n int, at time.Time) {
	t.Helper()
	for i := range n {
		if _, err := eventlog.Publish(context.Background(), db, at, "cool_widget", eventlog.Created, eventlog.Payload{ModelRecordID: int64(i + 1)}); err != nil {
			t.Fatal(err)
		}
	}
}

func count(t testing.TB, db *sqldb.DB) (n, lowest int64) {
	t.Helper()
	if err := db.QueryRowContext(context.Background(), "SELECT COUNT(*), COALESCE(MIN(id), 0) FROM geo_events").Scan(&n, &lowest); err != nil {
		t.Fatal(err)
	}
	return n, lowest
}

func secondary(name string, cursor int64, reasons ...string) sitestatus.Report {
	r := sitestatus.Report{Name: name, CursorEventID: cursor, Healthy: len(reasons) == 0, Health: reasons, HealthStatus: sitestatus.Healthy}
	if len(reasons) > 0 {
		r.HealthStatus = sitestatus.Unhealthy
	}
	return r
}

func TestPruneBelowTheLowestCursor(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		db := mainDB(t, dialect)
		publish(t, db, 25, t0.Add(-time.Hour))
		p := &sitestatus.Pruner{Main: db, SilentAfter: time.Minute, Batch: 4}
		prune := func() sitestatus.PruneResult {
			t.Helper()
			res, err := p.Prune(ctx, t0)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}

		if res := prune(); res.Deleted != 0 || !strings.Contains(res.Held, "no secondary has reported") {
			t.Fatalf("with no known secondary: %+v", res)
		}
		if err := sitestatus.Record(ctx, db, secondary("london", 10), t0); err != nil {
			t.Fatal(err)
		}
		if err := sitestatus.Record(ctx, db, secondary("paris", 13), t0); err != nil {
			t.Fatal(err)
		}
		if res := prune(); res.Deleted != 10 || res.Below != 10 {
			t.Fatalf("prune = %+v, want 10 events deleted, up to the lowest cursor (london's 10), in batches of 4", res)
		}
		if n, lowest := count(t, db); n != 15 || lowest != 11 {
			t.Fatalf("left %d events from id %d, want 15 from 11", n, lowest)
		}

		// An unhealthy secondary holds pruning back, whatever its cursor.
		if err := sitestatus.Record(ctx, db, secondary("london", 20, "event cursor stalled"), t0); err != nil {
			t.Fatal(err)
		}
		if res := prune(); res.Deleted != 0 || !strings.Contains(res.Held, "london is unhealthy (event cursor stalled)") {
			t.Fatalf("with an unhealthy secondary: %+v", res)
		}
		// So does a silent one.
		if err := sitestatus.Record(ctx, db, secondary("london", 20), t0.Add(-2*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if res := prune(); res.Deleted != 0 || !strings.Contains(res.Held, "london is unhealthy (silent") {
			t.Fatalf("with a silent secondary: %+v", res)
		}
		// Forgotten (taken out of service), it no longer counts.
		if ok, err := sitestatus.Forget(ctx, db, "london"); err != nil || !ok {
			t.Fatalf("Forget = %v, %v", ok, err)
		}
		if res := prune(); res.Deleted != 3 {
			t.Fatalf("after forgetting london: %+v, want events 11-13 deleted (paris's cursor)", res)
		}

		// Young events stay below the cursor: a late commit may still fill a gap.
		publish(t, db, 5, t0.Add(-time.Minute))
		if err := sitestatus.Record(ctx, db, secondary("paris", 1000), t0); err != nil {
			t.Fatal(err)
		}
		res := prune()
		if n, _ := count(t, db); res.Deleted != 12 || n != 5 {
			t.Fatalf("prune = %+v leaving %d events; want the 12 old ones deleted and the 5 young ones kept", res, n)
		}
	})
}

func TestCollectHealth(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		d := testtypes.CoolWidget()
		main, tracking := mainDB(t, dialect, d), trackingDB(t, dialect, d)
		fake := clock.NewFake(t0)
		site := sitestatus.Site{Name: "london", URL: "http://london", Types: []*replicable.Descriptor{d},
			Flags: flags.NewMemory(d.ReplicationFlag), Main: main, Tracking: tracking, MaxLag: time.Minute, Clock: fake}

		for range 3 {
			if _, err := testtypes.CreateRecord(ctx, main, d, "w", t0); err != nil {
				t.Fatal(err)
			}
		}
		publish(t, main, 4, t0)
		if _, err := tracking.ExecContext(ctx, "INSERT INTO event_log_states (event_id, created_at) VALUES (2, $1)", t0); err != nil {
			t.Fatal(err)
		}
		r := sitestatus.Collect(ctx, site)
		if !r.Healthy || r.HealthStatus != sitestatus.Healthy || r.CursorEventID != 2 || r.LastEventID != 4 || r.Complete() {
			t.Fatalf("a secondary just behind: %+v", r)
		}
		if tr := r.Types[0]; tr.Count != 3 || tr.RegistryCount != 0 || tr.Complete() {
			t.Fatalf("type report: %+v", tr)
		}

		// Nothing replicates: complete once every event is handled, not before.
		idle := site
		idle.Flags = flags.NewMemory()
		if r := sitestatus.Collect(ctx, idle); !r.Healthy || r.Complete() || !r.Types[0].Complete() {
			t.Fatalf("a secondary with events left to handle is complete: %+v", r)
		}
		if _, err := tracking.ExecContext(ctx, "UPDATE event_log_states SET event_id = 4"); err != nil {
			t.Fatal(err)
		}
		if r := sitestatus.Collect(ctx, idle); !r.Complete() {
			t.Fatalf("a secondary that handled every event, with nothing to replicate, is not complete: %+v", r)
		}
		if _, err := tracking.ExecContext(ctx, "UPDATE event_log_states SET event_id = 2"); err != nil {
			t.Fatal(err)
		}

		fake.Advance(2 * time.Minute)
		r = sitestatus.Collect(ctx, site)
		if r.Healthy || r.HealthStatus != sitestatus.Unhealthy || len(r.Health) != 1 || !strings.Contains(r.Health[0], "event cursor stalled: event 3 has waited 2m0s") {
			t.Fatalf("a stalled cursor: %+v", r)
		}

		tracking.Close()
		r = sitestatus.Collect(ctx, site)
		if r.Healthy || len(r.Health) != 1 || !strings.Contains(r.Health[0], "tracking database unreachable") {
			t.Fatalf("an unreachable tracking database: %+v", r)
		}
	})
}

func TestReportsAreAuthenticated(t *testing.T) {
	ctx := context.Background()
	db := mainDB(t, sqldb.SQLite)
	secret := []byte("a shared secret of enough length")
	verifier := &geoauth.Verifier{Keys: keys(secret), Audience: "primary"}
	srv := httptest.NewServer(sitestatus.Handler("primary", db, verifier, clock.NewFake(t0), nil))
	defer srv.Close()
	client := func(name string, secret []byte) *sitestatus.Client {
		return &sitestatus.Client{PrimaryURL: srv.URL, Signer: &geoauth.Signer{AccessKey: name, Secret: secret, Issuer: name, Audience: "primary"}}
	}

	pong, err := client("london", secret).Ping(ctx)
	if err != nil || pong.Name != "primary" || !pong.Time.Equal(t0) {
		t.Fatalf("Ping = %+v, %v", pong, err)
	}
	if err := client("london", secret).Send(ctx, secondary("london", 7)); err != nil {
		t.Fatal(err)
	}
	if err := client("london", []byte("another secret of enough length!")).Send(ctx, secondary("london", 9)); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("a report signed with another secret: %v, want 401", err)
	}
	if err := client("paris", secret).Send(ctx, secondary("london", 9)); err == nil || !strings.Contains(err.Error(), "403") {
		t.Fatalf("paris reporting for london: %v, want 403", err)
	}
	known, err := sitestatus.List(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if len(known) != 1 || known[0].ID != 2 || known[0].Report.Name != "london" || known[0].Report.CursorEventID != 7 || !known[0].ReportedAt.Equal(t0) {
		t.Fatalf("known sites = %+v, want london's one accepted report", known)
	}
	if r := known[0].Current(t0.Add(10*time.Minute), 5*time.Minute); r.Healthy || !strings.HasPrefix(r.Health[0], "silent: last status report 10m0s ago") {
		t.Fatalf("a site silent for 10 minutes: %+v", r)
	}
}

type keys []byte

func (k keys) LookupKey(_ context.Context, accessKey string) (geoauth.Key, error) {
	return geoauth.Key{Secret: k, Site: accessKey}, nil
}
