package geotest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
	"github.com/geogen/geogen/runtime/verification"
)

// blobCase is one behaviour of 'a blob replicator'.
type blobCase struct {
	name string
	run  func(tb testing.TB, s *BlobSites)
}

// blobCases are the suite's behaviours, in order.
var blobCases = []blobCase{
	{"created publishes one event and a state row", blobCreatedEvent},
	{"no created event when replication is off or on a secondary", blobEventGating},
	{"deleted publishes the relative blob path", blobDeletedEvent},
	{"bulk deleted events refuse a zero id", blobBulkDeleted},
	{"created is consumed only in scope", blobConsumeCreatedScope},
	{"deleted is consumed after the record is gone, twice", blobConsumeDeleted},
	{"checksum and resource existence", blobChecksum},
	{"sync then verify", blobSyncAndVerify},
	{"verification waits for the primary's checksum", blobVerificationNotReady},
	{"missing on the primary", blobMissingOnPrimary},
	{"download not matching the primary's checksum", blobDownloadMismatch},
}

// BlobReplicator is the conformance suite 'a blob replicator' for cfg's
// type, run on every dialect against a real primary and secondary:
//
//   - creating a record on the primary publishes exactly one created event
//     ({model_record_id, correlation_id}) and a pending verification state
//     row; no event when replication is off, or on a secondary;
//   - deleting publishes deleted ({model_record_id, blob_path}, the path
//     relative to the store); bulk deletes refuse a zero id;
//   - consuming created creates the registry only for records in scope;
//     consuming deleted removes the local file and the registry even after
//     the record is gone, and again without harm;
//   - the checksum is the SHA-256 of the local file; a missing file is not
//     checksummable; resource existence follows the file;
//   - a sync downloads the blob, records synced, and verification becomes
//     pending when the primary has a checksum (disabled until its
//     checksum_succeeded event otherwise); the secondary then verifies it;
//   - a file missing on the primary fails the sync with missing_on_primary
//     and the 4-hour retry cap; bytes that do not match the primary's
//     checksum are refused and nothing is stored.
func BlobReplicator(t *testing.T, cfg Config) {
	t.Helper()
	if cfg.Descriptor != nil && cfg.Descriptor.Strategy != replicable.Blob {
		t.Fatalf("geotest.BlobReplicator: %s has strategy %q, not blob", cfg.Descriptor.Name, cfg.Descriptor.Strategy)
	}
	EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		for _, c := range blobCases {
			t.Run(c.name, func(t *testing.T) {
				e := NewEnv(t, dialect, cfg)
				c.run(t, NewBlobSites(t, e, site.Options{PollInterval: 10 * time.Millisecond}))
			})
		}
	})
}

// content returns distinct bytes for record n.
func content(n int) []byte {
	return bytes.Repeat([]byte(fmt.Sprintf("blob %d;", n)), 100+n)
}

type loggedEvent struct {
	Name    string
	Event   string
	Payload map[string]any
}

// events returns the primary's event log, oldest first.
func events(tb testing.TB, e *Env) []loggedEvent {
	tb.Helper()
	rows, err := e.Main.Query("SELECT replicable_name, event_name, payload FROM geo_events ORDER BY id")
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []loggedEvent
	for rows.Next() {
		var ev loggedEvent
		var payload []byte
		if err := rows.Scan(&ev.Name, &ev.Event, &payload); err != nil {
			tb.Fatal(err)
		}
		if err := json.Unmarshal(payload, &ev.Payload); err != nil {
			tb.Fatalf("event payload %s: %v", payload, err)
		}
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

func blobCreatedEvent(tb testing.TB, s *BlobSites) {
	d := s.Env.Config.Descriptor
	id := s.CreateBlob(tb, content(1))
	evs := events(tb, s.Env)
	if len(evs) != 1 {
		tb.Fatalf("events after one create = %+v, want exactly one", evs)
	}
	ev := evs[0]
	if ev.Name != d.Name || ev.Event != eventlog.Created {
		tb.Errorf("event = %s %s, want %s created", ev.Name, ev.Event, d.Name)
	}
	if got, ok := ev.Payload["model_record_id"].(float64); !ok || int64(got) != id {
		tb.Errorf("payload model_record_id = %v, want %d", ev.Payload["model_record_id"], id)
	}
	if cid, ok := ev.Payload["correlation_id"].(string); !ok || cid == "" {
		tb.Errorf("payload correlation_id = %#v, want a non-empty string", ev.Payload["correlation_id"])
	}
	it, err := s.PrimaryVerification().Get(context.Background(), id)
	if err != nil {
		tb.Fatalf("state row of the new record: %v", err)
	}
	if it.State != state.VerificationPending {
		tb.Errorf("new record's verification state = %v, want pending", it.State)
	}
}

func blobEventGating(tb testing.TB, s *BlobSites) {
	ctx := context.Background()
	d := s.Env.Config.Descriptor
	cases := []struct {
		name      string
		on        []string
		wantEvent bool
		wantState bool
	}{
		{"replication on", []string{d.ReplicationFlag}, true, true},
		{"verification flag only", []string{d.VerificationFlag}, false, true},
		{"both off", nil, false, false},
	}
	for _, c := range cases {
		s.Flags.Set(d.ReplicationFlag, false)
		s.Flags.Set(d.VerificationFlag, false)
		for _, f := range c.on {
			s.Flags.Set(f, true)
		}
		before := len(events(tb, s.Env))
		id := s.CreateBlob(tb, content(2))
		if got := len(events(tb, s.Env)) - before; (got == 1) != c.wantEvent || got > 1 {
			tb.Errorf("%s: events published = %d, want event %v", c.name, got, c.wantEvent)
		}
		// A type verified on its model table has its verification
		// columns with the record, whatever the flags say.
		want := c.wantState || d.VerificationOnModel
		_, err := s.PrimaryVerification().Get(ctx, id)
		if hasState := err == nil; hasState != want {
			tb.Errorf("%s: state row exists = %v (%v), want %v", c.name, hasState, err, want)
		}
	}

	s.Flags.Set(d.ReplicationFlag, true)
	id := s.CreateBlob(tb, content(3))
	before := len(events(tb, s.Env))
	r := s.secondaryAPI(tb)
	if n, err := r.PublishCreated(ctx, s.Env.Main, id); err != nil || n != 0 {
		tb.Errorf("PublishCreated on a secondary = %d, %v; want 0, nil", n, err)
	}
	if _, err := r.PublishDeleted(ctx, s.Env.Main, id); err != nil {
		tb.Errorf("PublishDeleted on a secondary: %v", err)
	}
	if got := len(events(tb, s.Env)) - before; got != 0 {
		tb.Errorf("a secondary published %d events", got)
	}
}

func blobDeletedEvent(tb testing.TB, s *BlobSites) {
	d := s.Env.Config.Descriptor
	id := s.CreateBlob(tb, content(4))
	s.DestroyBlob(tb, id)
	evs := events(tb, s.Env)
	last := evs[len(evs)-1]
	if last.Name != d.Name || last.Event != eventlog.Deleted {
		tb.Fatalf("last event = %s %s, want %s deleted", last.Name, last.Event, d.Name)
	}
	key := s.BlobKey(tb, id)
	if int64(last.Payload["model_record_id"].(float64)) != id || last.Payload["blob_path"] != key {
		tb.Errorf("deleted payload = %v, want model_record_id %d and blob_path %q", last.Payload, id, key)
	}
	if strings.HasPrefix(key, "/") {
		tb.Errorf("blob_path %q is absolute, want relative to the store", key)
	}
	if _, ok := readFile(tb, s.PrimaryBlobs, key); ok {
		tb.Error("the primary's blob is still there after the record was destroyed")
	}
	if _, err := s.PrimaryVerification().Get(context.Background(), id); !errors.Is(err, verification.ErrNotFound) {
		tb.Errorf("state row after delete: err = %v, want ErrNotFound (deleted with the record)", err)
	}
}

func blobBulkDeleted(tb testing.TB, s *BlobSites) {
	ctx := context.Background()
	r := s.primaryAPI(tb)
	before := len(events(tb, s.Env))
	if err := r.PublishDeletedBatch(ctx, []int64{7, 0, 9}); err == nil {
		tb.Error("bulk deleted events with a zero id succeeded")
	}
	if got := len(events(tb, s.Env)) - before; got != 0 {
		tb.Errorf("a refused batch wrote %d events", got)
	}
	if err := r.PublishDeletedBatch(ctx, []int64{7, 9}); err != nil {
		tb.Fatal(err)
	}
	evs := events(tb, s.Env)[before:]
	if len(evs) != 2 || evs[0].Event != eventlog.Deleted || evs[1].Payload["blob_path"] != s.BlobKey(tb, 9) {
		tb.Errorf("bulk deleted events = %+v", evs)
	}
}

func blobConsumeCreatedScope(tb testing.TB, s *BlobSites) {
	ctx := context.Background()
	in, out := s.CreateBlob(tb, content(5)), s.CreateBlob(tb, content(6))
	scoped := *s.Env.Config.Descriptor
	scoped.Scope = fmt.Sprintf("%s <> %d", scoped.ModelKey, out)
	r, reg := s.secondaryReplicatorOf(tb, &scoped)
	for _, c := range []struct {
		id   int64
		want bool
	}{{in, true}, {out, false}, {out + 1000, false}} {
		ev := eventlog.Event{ReplicableName: scoped.Name, EventName: eventlog.Created, Payload: eventlog.Payload{ModelRecordID: c.id}}
		if err := r.Consume(ctx, ev); err != nil {
			tb.Fatalf("consume created %d: %v", c.id, err)
		}
		_, err := reg.Get(ctx, c.id)
		if got := err == nil; got != c.want {
			tb.Errorf("registry of %d after created: exists = %v (%v), want %v", c.id, got, err, c.want)
		}
	}
}

func blobConsumeDeleted(tb testing.TB, s *BlobSites) {
	ctx := context.Background()
	id := s.CreateBlob(tb, content(7))
	mustConsume(tb, s)
	if n := s.Secondary.SyncAll(ctx); n != 1 {
		tb.Fatalf("syncs run = %d, want 1", n)
	}
	if _, ok := s.SecondaryFile(tb, id); !ok {
		tb.Fatal("blob not on the secondary after its sync")
	}
	s.DestroyBlob(tb, id)
	mustConsume(tb, s)
	if _, ok := s.SecondaryFile(tb, id); ok {
		tb.Error("blob still on the secondary after the deleted event")
	}
	if _, err := s.Registry().Get(ctx, id); !errors.Is(err, registry.ErrNotFound) {
		tb.Errorf("registry after the deleted event: err = %v, want ErrNotFound", err)
	}
	// Replayed with the record long gone: nothing left to do, no error.
	ev := eventlog.Event{ReplicableName: s.Env.Config.Descriptor.Name, EventName: eventlog.Deleted,
		Payload: eventlog.Payload{ModelRecordID: id, BlobPath: s.BlobKey(tb, id)}}
	if err := s.secondaryAPI(tb).Consume(ctx, ev); err != nil {
		tb.Errorf("deleted event consumed again: %v", err)
	}
}

func blobChecksum(tb testing.TB, s *BlobSites) {
	ctx := context.Background()
	data := content(8)
	id := s.CreateBlob(tb, data)
	r := s.primaryAPI(tb)
	sum, err := r.Checksum(ctx, id)
	want := sha256.Sum256(data)
	if err != nil || !bytes.Equal(sum, want[:]) {
		tb.Errorf("checksum = %x, %v; want %x", sum, err, want)
	}
	if ok, err := r.ResourceExists(ctx, id); !ok || err != nil {
		tb.Errorf("resource exists = %v, %v; want true", ok, err)
	}
	if err := s.PrimaryBlobs.Delete(ctx, s.BlobKey(tb, id)); err != nil {
		tb.Fatal(err)
	}
	if _, err := r.Checksum(ctx, id); !errors.Is(err, replicator.ErrNotChecksummable) {
		tb.Errorf("checksum of a missing file: err = %v, want ErrNotChecksummable", err)
	}
	if ok, err := r.ResourceExists(ctx, id); ok || err != nil {
		tb.Errorf("resource exists without a file = %v, %v; want false", ok, err)
	}
}

func blobSyncAndVerify(tb testing.TB, s *BlobSites) {
	ctx := context.Background()
	data := content(9)
	id := s.CreateBlob(tb, data)
	if n := s.Primary.VerifyAll(ctx); n != 1 {
		tb.Fatalf("primary verifications = %d, want 1", n)
	}
	mustConsume(tb, s)
	s.Secondary.SyncAll(ctx)
	rec := mustRegistry(tb, s, id)
	if rec.State != state.Synced || rec.VerificationState != state.VerificationPending {
		tb.Fatalf("after sync: state %v, verification %v; want synced, pending (the primary has a checksum)", rec.State, rec.VerificationState)
	}
	if got, _ := s.SecondaryFile(tb, id); !bytes.Equal(got, data) {
		tb.Fatal("the secondary's blob differs from the primary's")
	}
	if n := s.Secondary.VerifyAll(ctx); n != 1 {
		tb.Fatalf("secondary verifications = %d, want 1", n)
	}
	rec = mustRegistry(tb, s, id)
	want := sha256.Sum256(data)
	if rec.VerificationState != state.VerificationSucceeded || !bytes.Equal(rec.VerificationChecksum, want[:]) {
		tb.Errorf("after verification: %v with checksum %x, want succeeded with %x", rec.VerificationState, rec.VerificationChecksum, want)
	}
	s.AssertNoTempFiles(tb)
}

func blobVerificationNotReady(tb testing.TB, s *BlobSites) {
	ctx := context.Background()
	id := s.CreateBlob(tb, content(10))
	mustConsume(tb, s)
	s.Secondary.SyncAll(ctx)
	if rec := mustRegistry(tb, s, id); rec.State != state.Synced || rec.VerificationState != state.VerificationDisabled {
		tb.Fatalf("synced before the primary verified: state %v, verification %v; want synced, disabled", rec.State, rec.VerificationState)
	}
	s.Primary.VerifyAll(ctx) // publishes checksum_succeeded
	mustConsume(tb, s)
	if rec := mustRegistry(tb, s, id); rec.VerificationState != state.VerificationPending {
		tb.Fatalf("after checksum_succeeded: verification %v, want pending", rec.VerificationState)
	}
	s.Secondary.VerifyAll(ctx)
	if rec := mustRegistry(tb, s, id); rec.VerificationState != state.VerificationSucceeded {
		tb.Errorf("after verification: %v (%s), want succeeded", rec.VerificationState, rec.VerificationFailure)
	}
}

func blobMissingOnPrimary(tb testing.TB, s *BlobSites) {
	ctx := context.Background()
	id := s.CreateBlob(tb, content(11))
	if err := s.PrimaryBlobs.Delete(ctx, s.BlobKey(tb, id)); err != nil {
		tb.Fatal(err)
	}
	mustConsume(tb, s)
	s.Secondary.SyncAll(ctx)
	rec := mustRegistry(tb, s, id)
	if rec.State != state.Failed || !rec.MissingOnPrimary || !strings.Contains(rec.LastSyncFailure, replicator.FailureMissingOnPrimary) {
		tb.Fatalf("after syncing a file missing on the primary: %+v; want failed, missing_on_primary, %q", rec, replicator.FailureMissingOnPrimary)
	}
	// After many attempts the retry is capped at 4 hours (plus one first
	// delay), not 1.
	if _, err := s.Env.Tracking.Exec("UPDATE "+s.Env.Config.Descriptor.RegistryTable+" SET retry_count = 100 WHERE "+s.Env.Config.Descriptor.ForeignKey+" = $1", id); err != nil {
		tb.Fatal(err)
	}
	if err := s.Secondary.Sync(ctx, s.Env.Config.Descriptor.Name, id); err == nil {
		tb.Fatal("sync of a file missing on the primary succeeded")
	}
	rec = mustRegistry(tb, s, id)
	now := s.Env.Clock.Now()
	low, high := now.Add(state.MissingOnPrimaryMaxRetryWait), now.Add(state.MissingOnPrimaryMaxRetryWait+10*time.Minute)
	if rec.RetryAt == nil || rec.RetryAt.Before(low) || rec.RetryAt.After(high) {
		tb.Errorf("retry_at after 101 attempts = %v, want within 10 minutes after %v", rec.RetryAt, low)
	}
	if _, ok := s.SecondaryFile(tb, id); ok {
		tb.Error("a file missing on the primary exists on the secondary")
	}
}

func blobDownloadMismatch(tb testing.TB, s *BlobSites) {
	ctx := context.Background()
	id := s.CreateBlob(tb, content(12))
	s.Primary.VerifyAll(ctx)
	// The primary's file changes after its checksum was recorded.
	if _, err := s.PrimaryBlobs.Put(ctx, s.BlobKey(tb, id), bytes.NewReader([]byte("changed")), blobstore.PutOptions{}); err != nil {
		tb.Fatal(err)
	}
	mustConsume(tb, s)
	s.Secondary.SyncAll(ctx)
	rec := mustRegistry(tb, s, id)
	if rec.State != state.Failed || !strings.Contains(rec.LastSyncFailure, replicator.FailureChecksumMismatch) {
		tb.Errorf("after downloading bytes that do not match the primary's checksum: %v %q; want failed %q",
			rec.State, rec.LastSyncFailure, replicator.FailureChecksumMismatch)
	}
	if _, ok := s.SecondaryFile(tb, id); ok {
		tb.Error("bytes not matching the primary's checksum were stored")
	}
	s.AssertNoTempFiles(tb)
}

// mustConsume applies every pending event on the secondary.
func mustConsume(tb testing.TB, s *BlobSites) {
	tb.Helper()
	if _, err := s.Secondary.ConsumeEvents(context.Background()); err != nil {
		tb.Fatalf("consume events: %v", err)
	}
}

func mustRegistry(tb testing.TB, s *BlobSites, id int64) registry.Record {
	tb.Helper()
	rec, err := s.Registry().Get(context.Background(), id)
	if err != nil {
		tb.Fatalf("registry of %d: %v", id, err)
	}
	return rec
}
