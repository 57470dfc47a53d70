package adminapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// setUpdatedAt moves a model record's updated_at.
func setUpdatedAt(t *testing.T, e *geotest.Env, id int64, at time.Time) {
	t.Helper()
	if _, err := e.Main.Exec("UPDATE cool_widgets SET updated_at = $1 WHERE id = $2", at.UTC(), id); err != nil {
		t.Fatal(err)
	}
}

func TestSecondaryStatus(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		e := newEnv(t, dialect)
		ctx := context.Background()
		first, err := eventlog.Publish(ctx, e.Main, e.Clock.Now().Add(-time.Hour), "cool_widget", eventlog.Created, eventlog.Payload{ModelRecordID: 1})
		if err != nil {
			t.Fatal(err)
		}
		last, err := eventlog.Publish(ctx, e.Main, e.Clock.Now(), "cool_widget", eventlog.Created, eventlog.Payload{ModelRecordID: 2})
		if err != nil {
			t.Fatal(err)
		}
		s := newSite(t, e, false, func(c *adminapi.Config) {
			c.Events = adminapi.EventLog(e.Main, func(context.Context) (int64, error) { return first, nil })
		})

		code, header, _ := do(t, http.MethodGet, s.url+adminapi.StatusPath, adminToken, "", nil)
		if code != http.StatusServiceUnavailable || header.Get("Retry-After") == "" {
			t.Errorf("before the first snapshot: status %d, Retry-After %q; want 503 with Retry-After", code, header.Get("Retry-After"))
		}

		now := e.Clock.Now()
		synced := geotest.InsertRegistry(t, e, registry.Record{State: state.Synced, VerificationState: state.VerificationSucceeded})
		failed := geotest.InsertRegistry(t, e, registry.Record{State: state.Failed})
		pending := geotest.InsertRegistry(t, e, registry.Record{State: state.Pending})
		geotest.InsertRegistry(t, e, registry.Record{State: state.Synced, VerificationState: state.VerificationFailed})
		setUpdatedAt(t, e, synced.ModelRecordID, now.Add(-72*time.Hour)) // synced: not counted as unsynced
		setUpdatedAt(t, e, failed.ModelRecordID, now.Add(-48*time.Hour))
		setUpdatedAt(t, e, pending.ModelRecordID, now.Add(-24*time.Hour))
		s.refresh(t)

		got := s.status(t)
		want := map[string]any{
			"name": "secondary-1", "url": secondURL, "primary": false, "bulk_jobs": []any{},
			"last_event_id": float64(last), "last_event_timestamp": float64(now.Unix()),
			"cursor_last_event_id": float64(first), "cursor_last_event_timestamp": float64(now.Add(-time.Hour).Unix()),
			"last_successful_status_check_timestamp": float64(now.Unix()),
			"updated_at":                             now.Format(time.RFC3339),

			"cool_widgets_count": float64(4), "cool_widgets_registry_count": float64(4),
			"cool_widgets_synced_count": float64(2), "cool_widgets_failed_count": float64(1),
			"cool_widgets_checksum_total_count": nil, "cool_widgets_checksummed_count": nil, "cool_widgets_checksum_failed_count": nil,
			"cool_widgets_verification_total_count": float64(2), "cool_widgets_verified_count": float64(1),
			"cool_widgets_verification_failed_count": float64(1), "cool_widgets_checksum_mismatch_count": float64(0),
			"cool_widgets_synced_in_percentage": float64(50), "cool_widgets_verified_in_percentage": float64(25),
			"cool_widgets_oldest_unsynced_time": float64(now.Add(-48 * time.Hour).Unix()),

			"gizmos_count": float64(0), "gizmos_registry_count": float64(0),
			"gizmos_synced_count": float64(0), "gizmos_failed_count": float64(0),
			"gizmos_checksum_total_count": nil, "gizmos_checksummed_count": nil, "gizmos_checksum_failed_count": nil,
			"gizmos_verification_total_count": float64(0), "gizmos_verified_count": float64(0),
			"gizmos_verification_failed_count": float64(0), "gizmos_checksum_mismatch_count": float64(0),
			"gizmos_synced_in_percentage": float64(0), "gizmos_verified_in_percentage": float64(0),
			"gizmos_oldest_unsynced_time": float64(-1),
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("status (-want +got):\n%s", diff)
		}

		// The status is the snapshot's: new rows show after the next one.
		geotest.InsertRegistry(t, e, registry.Record{State: state.Failed})
		if n := s.status(t)["cool_widgets_failed_count"]; n != float64(1) {
			t.Errorf("failed count %v before the next snapshot, want the snapshot's 1", n)
		}
		s.flags.Set(s.types[1].ReplicationFlag, false)
		s.refresh(t)
		doc := s.status(t)
		if doc["cool_widgets_failed_count"] != float64(2) || doc["gizmos_count"] != nil || doc["gizmos_oldest_unsynced_time"] != nil {
			t.Errorf("after a new snapshot with gizmo replication off: failed %v, gizmos_count %v, gizmos_oldest_unsynced_time %v; want 2, null, null",
				doc["cool_widgets_failed_count"], doc["gizmos_count"], doc["gizmos_oldest_unsynced_time"])
		}
	})
}

func TestPrimaryStatus(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		e := newEnv(t, dialect)
		d := e.Config.Descriptor
		for _, v := range []state.Verification{state.VerificationSucceeded, state.VerificationFailed, state.VerificationPending} {
			id := e.CreateRecord(t)
			if _, err := e.Main.Exec("INSERT INTO "+d.StateTable+" ("+d.ForeignKey+", verification_state) VALUES ($1, $2)", id, int16(v)); err != nil {
				t.Fatal(err)
			}
		}
		s := newSite(t, e, true, func(c *adminapi.Config) { c.Events = adminapi.EventLog(e.Main, nil) })
		s.refresh(t)
		got := s.status(t)
		want := map[string]any{
			"name": "primary", "url": primaryURL, "primary": true,
			"last_event_id": nil, "last_event_timestamp": nil, "cursor_last_event_id": nil, "cursor_last_event_timestamp": nil,
			"cool_widgets_count": float64(3), "cool_widgets_checksum_total_count": float64(3),
			"cool_widgets_checksummed_count": float64(1), "cool_widgets_checksum_failed_count": float64(1),
			"cool_widgets_registry_count": nil, "cool_widgets_synced_count": nil, "cool_widgets_oldest_unsynced_time": nil,
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s = %v, want %v", k, got[k], v)
			}
		}
	})
}

// TestRunTakesSnapshots runs the snapshot loop until the first snapshot
// is served.
func TestRunTakesSnapshots(t *testing.T) {
	e := newEnv(t, sqldb.SQLite)
	s := newSite(t, e, false, func(c *adminapi.Config) { c.SnapshotInterval = 10 * time.Millisecond })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.server.Run(ctx) }()
	defer func() { cancel(); <-done }()
	geotest.InsertRegistry(t, e, registry.Record{State: state.Failed})
	geotest.Eventually(t, 10*time.Second, "a snapshot counting the failed registry", func() bool {
		snap, ok := s.server.Snapshot()
		return ok && len(snap.Types) == 2 && snap.Types[0].FailedCount != nil && *snap.Types[0].FailedCount == 1
	})
	if doc := s.status(t); doc["cool_widgets_failed_count"] != float64(1) {
		t.Errorf("status after Run: failed count %v, want 1", doc["cool_widgets_failed_count"])
	}
}
