package metrics_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/metrics"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

func TestMain(m *testing.M) {
	code := m.Run()
	readtest.Cleanup()
	os.Exit(code)
}

func TestNames(t *testing.T) {
	d := testtypes.CoolWidget()
	wantFields := []string{
		"cool_widgets_count", "cool_widgets_checksum_total_count", "cool_widgets_checksummed_count",
		"cool_widgets_checksum_failed_count", "cool_widgets_synced_count", "cool_widgets_failed_count",
		"cool_widgets_registry_count", "cool_widgets_verification_total_count", "cool_widgets_verified_count",
		"cool_widgets_verification_failed_count", "cool_widgets_checksum_mismatch_count",
		"cool_widgets_synced_in_percentage", "cool_widgets_verified_in_percentage",
	}
	if diff := cmp.Diff(wantFields, metrics.FieldNames(d)); diff != "" {
		t.Errorf("FieldNames (-want +got):\n%s", diff)
	}
	wantGauges := []string{
		"geo_cool_widgets", "geo_cool_widgets_checksum_total", "geo_cool_widgets_checksummed",
		"geo_cool_widgets_checksum_failed", "geo_cool_widgets_synced", "geo_cool_widgets_failed",
		"geo_cool_widgets_registry", "geo_cool_widgets_verification_total", "geo_cool_widgets_verified",
		"geo_cool_widgets_verification_failed", "geo_cool_widgets_checksum_mismatch",
	}
	if diff := cmp.Diff(wantGauges, metrics.GaugeNames(d)); diff != "" {
		t.Errorf("GaugeNames (-want +got):\n%s", diff)
	}
}

func n(v int64) *int64 { return &v }

func TestComputeSecondary(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		d := testtypes.CoolWidget()
		e := geotest.NewEnv(t, dialect, readtest.Config(d))
		ctx := context.Background()
		for _, r := range []registry.Record{
			{State: state.Synced, VerificationState: state.VerificationSucceeded},
			{State: state.Synced, VerificationState: state.VerificationSucceeded},
			{State: state.Synced, VerificationState: state.VerificationFailed},
			{State: state.Synced, VerificationState: state.VerificationDisabled},
			{State: state.Synced, VerificationState: state.VerificationPending},
			{State: state.Failed, VerificationState: state.VerificationFailed}, // not synced: no verification figure
			// a mismatch fails the sync, and is counted until a verification succeeds
			{State: state.Failed, VerificationState: state.VerificationFailed, ChecksumMismatch: true},
			{State: state.Synced, VerificationState: state.VerificationPending, ChecksumMismatch: true},
			{State: state.Pending},
			{State: state.Started},
		} {
			geotest.InsertRegistry(t, e, r)
		}
		got, err := metrics.ComputeSecondary(ctx, e.Tracking, d, flags.NewMemory(d.ReplicationFlag))
		if err != nil {
			t.Fatal(err)
		}
		want := metrics.Status{Descriptor: d, Count: n(10), RegistryCount: n(10), SyncedCount: n(6), FailedCount: n(2),
			VerificationTotalCount: n(5), VerifiedCount: n(2), VerificationFailedCount: n(1), ChecksumMismatchCount: n(2)}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if p := got.SyncedInPercentage(); p != 60 {
			t.Errorf("SyncedInPercentage = %v, want 60", p)
		}
		if p := got.VerifiedInPercentage(); p != 20 {
			t.Errorf("VerifiedInPercentage = %v, want 20 (verified / registry count)", p)
		}

		// Verification off: no verification figures. Replication off: nothing.
		got, err = metrics.ComputeSecondary(ctx, e.Tracking, d, flags.NewMemory(d.VerificationFlag))
		if err != nil || got != (metrics.Status{Descriptor: d}) {
			t.Errorf("replication disabled: %+v, %v; want every figure nil", got, err)
		}
	})
}

func TestComputePrimary(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		d := testtypes.CoolWidget()
		e := geotest.NewEnv(t, dialect, readtest.Config(d))
		ctx := context.Background()
		for i, s := range []state.Verification{state.VerificationSucceeded, state.VerificationSucceeded, state.VerificationFailed, state.VerificationPending} {
			id := e.CreateRecord(t)
			if _, err := e.Main.ExecContext(ctx, "INSERT INTO "+d.StateTable+" ("+d.ForeignKey+", verification_state) VALUES ($1, $2)", id, int16(s)); err != nil {
				t.Fatalf("state row %d: %v", i, err)
			}
		}
		e.CreateRecord(t) // a record without a state row yet

		got, err := metrics.ComputePrimary(ctx, e.Main, d, flags.NewMemory(d.VerificationFlag))
		if err != nil {
			t.Fatal(err)
		}
		want := metrics.Status{Descriptor: d, Count: n(5), ChecksumTotalCount: n(4), ChecksummedCount: n(2), ChecksumFailedCount: n(1)}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}

		scoped := *d
		scoped.Scope = "id > 1"
		got, err = metrics.ComputePrimary(ctx, e.Main, &scoped, flags.NewMemory(d.ReplicationFlag))
		if err != nil || *got.Count != 4 || *got.ChecksumTotalCount != 3 || *got.ChecksummedCount != 1 {
			t.Errorf("with scope id > 1: %+v, %v; want 4 records, 3 state rows, 1 checksummed", got, err)
		}

		got, err = metrics.ComputePrimary(ctx, e.Main, d, flags.NewMemory())
		if err != nil || got != (metrics.Status{Descriptor: d}) {
			t.Errorf("verification disabled: %+v, %v; want every figure nil", got, err)
		}
	})
}

func TestStatusJSON(t *testing.T) {
	d := testtypes.CoolWidget()
	s := metrics.Status{Descriptor: d, Count: n(4), RegistryCount: n(4), SyncedCount: n(3), FailedCount: n(1)}
	b, err := json.Marshal(s.Map())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"cool_widgets_checksum_failed_count":null,"cool_widgets_checksum_mismatch_count":null,"cool_widgets_checksum_total_count":null,` +
		`"cool_widgets_checksummed_count":null,"cool_widgets_count":4,"cool_widgets_failed_count":1,` +
		`"cool_widgets_registry_count":4,"cool_widgets_synced_count":3,"cool_widgets_synced_in_percentage":75,` +
		`"cool_widgets_verification_failed_count":null,"cool_widgets_verification_total_count":null,` +
		`"cool_widgets_verified_count":null,"cool_widgets_verified_in_percentage":0}`
	if string(b) != want {
		t.Errorf("JSON:\n got %s\nwant %s", b, want)
	}
	empty := metrics.Status{Descriptor: d, RegistryCount: n(0), SyncedCount: n(0)}
	if empty.SyncedInPercentage() != 0 {
		t.Error("percentage of an empty registry is not 0")
	}
}

func TestCollectorServesSnapshots(t *testing.T) {
	d := testtypes.CoolWidget()
	c := metrics.NewCollector([]*replicable.Descriptor{d, testtypes.Gizmo()})
	if got := testutil.CollectAndCount(c); got != 0 {
		t.Fatalf("%d metrics before any snapshot, want 0", got)
	}
	c.Update("https://secondary.example/", []metrics.Status{{Descriptor: d, Count: n(4), RegistryCount: n(4), SyncedCount: n(3), FailedCount: n(1)}})
	c.Update("https://primary.example/", []metrics.Status{{Descriptor: d, Count: n(5), ChecksumTotalCount: n(5), ChecksummedCount: n(2), ChecksumFailedCount: n(0)}})
	want := `
# HELP geo_cool_widgets Number of Cool Widgets on primary
# TYPE geo_cool_widgets gauge
geo_cool_widgets{url="https://primary.example/"} 5
geo_cool_widgets{url="https://secondary.example/"} 4
# HELP geo_cool_widgets_checksum_failed Number of Cool Widgets that failed to calculate the checksum on primary
# TYPE geo_cool_widgets_checksum_failed gauge
geo_cool_widgets_checksum_failed{url="https://primary.example/"} 0
# HELP geo_cool_widgets_checksummed Number of Cool Widgets that successfully calculated the checksum on primary
# TYPE geo_cool_widgets_checksummed gauge
geo_cool_widgets_checksummed{url="https://primary.example/"} 2
# HELP geo_cool_widgets_failed Number of syncable Cool Widgets failed to sync on secondary
# TYPE geo_cool_widgets_failed gauge
geo_cool_widgets_failed{url="https://secondary.example/"} 1
# HELP geo_cool_widgets_registry Number of Cool Widgets in the registry
# TYPE geo_cool_widgets_registry gauge
geo_cool_widgets_registry{url="https://secondary.example/"} 4
# HELP geo_cool_widgets_synced Number of syncable Cool Widgets synced on secondary
# TYPE geo_cool_widgets_synced gauge
geo_cool_widgets_synced{url="https://secondary.example/"} 3
# HELP geo_cool_widgets_checksum_total Number of Cool Widgets to checksum on primary
# TYPE geo_cool_widgets_checksum_total gauge
geo_cool_widgets_checksum_total{url="https://primary.example/"} 5
`
	if err := testutil.CollectAndCompare(c, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
	c.Forget("https://secondary.example/")
	if got := testutil.CollectAndCount(c, "geo_cool_widgets_synced"); got != 0 {
		t.Errorf("%d synced gauges after Forget, want 0", got)
	}
}

func TestCollectorRunRefreshes(t *testing.T) {
	d := testtypes.CoolWidget()
	c := metrics.NewCollector([]*replicable.Descriptor{d})
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.Run(ctx, "site", time.Millisecond, func(context.Context) ([]metrics.Status, error) {
			calls++
			if calls == 3 {
				cancel()
			}
			return []metrics.Status{{Descriptor: d, Count: n(int64(calls))}}, nil
		}, func(err error) { t.Error(err) })
	}()
	<-done
	if got := testutil.ToFloat64(c); got != 3 {
		t.Errorf("geo_cool_widgets = %v after three snapshots, want the latest, 3", got)
	}
}
