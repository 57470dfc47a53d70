package sitestatus_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sitestatus"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// attempt is a run of registry rows whose last sync (and verification)
// ended the same way, one second apart.
type attempt struct {
	n            int
	sync         state.Replication
	verification state.Verification
}

func TestCollectFailingWorkers(t *testing.T) {
	tests := []struct {
		name    string
		runs    []attempt // oldest first
		window  int
		percent int
		want    []string // reasons, by substring; none: healthy
	}{
		{name: "every sync succeeded", runs: []attempt{{n: 30, sync: state.Synced}}},
		{name: "too few attempts to judge", runs: []attempt{{n: 3, sync: state.Synced}, {n: 6, sync: state.Failed}}},
		{
			name: "most recent syncs fail",
			runs: []attempt{{n: 50, sync: state.Synced}, {n: 40, sync: state.Synced}, {n: 60, sync: state.Failed}},
			want: []string{"failing workers: Cool Widgets sync failed 60 of the last 100 attempts (latest: download failed 150)"},
		},
		{
			name: "failures older than the window",
			runs: []attempt{{n: 80, sync: state.Failed}, {n: 100, sync: state.Synced}},
		},
		{
			name:   "a lower threshold",
			runs:   []attempt{{n: 16, sync: state.Synced}, {n: 4, sync: state.Failed}},
			window: 20, percent: 20,
			want: []string{"Cool Widgets sync failed 4 of the last 20 attempts"},
		},
		{
			name: "verifications fail, syncs do not",
			runs: []attempt{{n: 5, sync: state.Synced, verification: state.VerificationSucceeded}, {n: 10, sync: state.Synced, verification: state.VerificationFailed}},
			want: []string{"failing workers: Cool Widgets verification failed 10 of the last 15 attempts (latest: checksum failed 15)"},
		},
		{
			name: "rows in progress are not attempts that ended",
			runs: []attempt{{n: 50, sync: state.Started}, {n: 12, sync: state.Synced}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
				ctx := context.Background()
				d := testtypes.CoolWidget()
				main, tracking := mainDB(t, dialect, d), trackingDB(t, dialect, d)
				row := 0
				for _, run := range tc.runs {
					for range run.n {
						row++
						at := t0.Add(time.Duration(row) * time.Second)
						var verifiedAt *time.Time
						if run.verification != state.VerificationPending {
							verifiedAt = &at
						}
						_, err := tracking.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s (%s, created_at, last_synced_at, state, last_sync_failure,
							verification_state, verification_started_at, verification_failure) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, d.RegistryTable, d.ForeignKey),
							row, t0, at, int16(run.sync), fmt.Sprintf("download failed %d", row), int16(run.verification), verifiedAt, fmt.Sprintf("checksum failed %d", row))
						if err != nil {
							t.Fatal(err)
						}
					}
				}
				site := sitestatus.Site{Name: "london", URL: "http://london", Types: []*replicable.Descriptor{d},
					Flags: flags.NewMemory(d.ReplicationFlag), Main: main, Tracking: tracking, Clock: clock.NewFake(t0.Add(time.Hour)),
					WorkerWindow: tc.window, WorkerFailurePercent: tc.percent}
				r := sitestatus.Collect(ctx, site)
				if len(r.Health) != len(tc.want) || r.Healthy != (len(tc.want) == 0) {
					t.Fatalf("health %v (healthy %v), want %d reasons: %q", r.Health, r.Healthy, len(tc.want), tc.want)
				}
				for i, w := range tc.want {
					if !strings.Contains(r.Health[i], w) {
						t.Errorf("reason %q, want it to contain %q", r.Health[i], w)
					}
				}
				// Replication off: the workers do nothing, and are not judged.
				site.Flags = flags.NewMemory()
				if r := sitestatus.Collect(ctx, site); !r.Healthy {
					t.Errorf("with replication off: %v", r.Health)
				}
			})
		})
	}
}

// The primary's checksum workers are judged by its state table.
func TestCollectFailingChecksums(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		d := testtypes.CoolWidget()
		main := mainDB(t, dialect, d)
		for i := range 12 {
			id, err := testtypes.CreateRecord(ctx, main, d, "w", t0)
			if err != nil {
				t.Fatal(err)
			}
			st := state.VerificationFailed
			if i < 4 {
				st = state.VerificationSucceeded
			}
			if _, err := main.ExecContext(ctx, fmt.Sprintf("INSERT INTO %s (%s, verification_state, verification_started_at, verification_failure) VALUES ($1, $2, $3, $4)",
				d.StateTable, d.ForeignKey), id, int16(st), t0.Add(time.Duration(i)*time.Second), "file missing"); err != nil {
				t.Fatal(err)
			}
		}
		r := sitestatus.Collect(ctx, sitestatus.Site{Name: "primary", URL: "http://primary", Primary: true, Types: []*replicable.Descriptor{d},
			Flags: flags.NewMemory(d.ReplicationFlag), Main: main, Clock: clock.NewFake(t0)})
		if r.Healthy || len(r.Health) != 1 || r.Health[0] != "failing workers: Cool Widgets checksum failed 8 of the last 12 attempts (latest: file missing)" {
			t.Fatalf("primary health: %v", r.Health)
		}
	})
}
