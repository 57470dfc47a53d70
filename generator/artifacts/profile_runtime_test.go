package artifacts_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/emit"
	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
	"github.com/geogen/geogen/runtime/verification"
)

// legacyProfiles are registry tables of the kinds GitLab's oldest
// registries are, each a layout the runtime must work on: integer ids
// and keys, counters and flags that may be NULL with no default,
// varchar(255) messages, timestamps without time zone, a column order of
// their own, columns the runtime never touches, no missing_on_primary.
var legacyProfiles = []struct {
	name     string
	strategy manifest.Strategy
	profile  manifest.RegistryProfile
}{
	{"JobArtifact", manifest.Blob, manifest.RegistryProfile{ID: manifest.IDSequence, Columns: []string{
		"id integer NOT NULL",
		"created_at timestamp without time zone",
		"retry_at timestamp without time zone",
		"bytes bigint",
		"job_artifact_id integer",
		"retry_count integer",
		"sha256 character varying",
		"state integer NOT NULL DEFAULT 0",
		"last_synced_at timestamp without time zone",
		"last_sync_failure character varying(255)",
		"verified_at timestamp with time zone",
		"verification_started_at timestamp with time zone",
		"verification_retry_at timestamp with time zone",
		"verification_state smallint NOT NULL DEFAULT 0",
		"verification_retry_count integer",
		"verification_checksum bytea",
		"verification_checksum_mismatched bytea",
		"checksum_mismatch boolean",
		"verification_failure varchar(255)",
		"success boolean NOT NULL DEFAULT false",
		"force_to_redownload boolean NOT NULL DEFAULT false",
	}, WithoutIndexes: []string{"registry_pending_sync", "registry_needs_sync_again"},
		VerificationIndexes: manifest.VerificationIndexesAnyState,
		ExtraIndexes:        []manifest.ExtraIndex{{Name: "index_job_artifact_registry_on_success", Columns: []string{"success"}}}}},
	{"SnippetRepository", manifest.Repository, manifest.RegistryProfile{ID: manifest.IDSequence, Columns: []string{
		"id bigint NOT NULL",
		"retry_at timestamp with time zone",
		"last_synced_at timestamp with time zone",
		"created_at timestamp with time zone NOT NULL",
		"snippet_repository_id bigint NOT NULL",
		"state smallint NOT NULL DEFAULT 0",
		"retry_count smallint DEFAULT 0",
		"last_sync_failure text",
		"missing_on_primary boolean",
		"verification_started_at timestamp with time zone",
		"verified_at timestamp with time zone",
		"verification_retry_at timestamp with time zone",
		"verification_retry_count integer",
		"verification_state smallint NOT NULL DEFAULT 0",
		"checksum_mismatch boolean",
		"verification_checksum bytea",
		"verification_checksum_mismatched bytea",
		"verification_failure character varying(255)",
		"force_to_redownload boolean NOT NULL DEFAULT false",
	}}},
	{"PackageFile", manifest.Blob, manifest.RegistryProfile{ID: manifest.IDSequence,
		WithoutColumns: []string{"missing_on_primary"},
		WithoutIndexes: []string{"registry_last_synced_at", "registry_verified_at", "registry_pending_sync", "registry_needs_sync_again"}}},
}

// TestRuntimeOnProfiledRegistries runs the runtime's registry and
// verification operations on registry tables generated from legacy
// profiles, on every database engine, with the descriptor geogen
// generates for them: rows created by the runtime and rows left as an
// older application wrote them (NULL counters and flags) are claimed,
// started, synced, failed (missing on the primary too), resynced and
// verified (succeeded, failed, mismatched), and read back as they were
// written.
func TestRuntimeOnProfiledRegistries(t *testing.T) {
	for i, p := range legacyProfiles {
		m := manifest.New("example.com/shop")
		m.Replicables = []manifest.Replicable{{Name: p.name, Strategy: p.strategy, MigrationVersion: 20261122010203 + int64(2*i),
			SchemaRevision: manifest.SchemaRevision, RegistryProfile: p.profile}}
		if err := m.Validate(); err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		proj, err := generator.NewProject(m)
		if err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		d := emit.DescriptorValue(emit.Type(proj.Types[0]))
		if want := !p.profile.Has("missing_on_primary"); d.WithoutMissingOnPrimary != want {
			t.Fatalf("%s: descriptor's WithoutMissingOnPrimary = %v, want %v", p.name, d.WithoutMissingOnPrimary, want)
		}
		t.Run(p.name, func(t *testing.T) {
			geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
				db := geotest.NewDB(t, dialect)
				migrateTo(t, db, m)
				exerciseRegistry(t, db, d)
			})
		})
	}
}

func exerciseRegistry(t *testing.T, db *sqldb.DB, d *replicable.Descriptor) {
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2026, 12, 5, 9, 30, 0, 123456000, time.FixedZone("CET", 3600)))
	s := registry.NewStore(db, d, clk)
	v := verification.NewSecondary(db, d, clk)

	// Rows 1-4 the runtime creates; row 5 an older application wrote,
	// with only its key and creation time (every column that may be NULL
	// is).
	for id := int64(1); id <= 4; id++ {
		if _, err := s.Create(ctx, id); err != nil {
			t.Fatalf("create %d: %v", id, err)
		}
	}
	if _, err := db.ExecContext(ctx, fmt.Sprintf("INSERT INTO %s (%s, created_at) VALUES ($1, $2)", d.RegistryTable, d.ForeignKey), 5, clk.Now()); err != nil {
		t.Fatal(err)
	}
	rec, err := s.Get(ctx, 5)
	if err != nil {
		t.Fatalf("a row with NULL counters and flags: %v", err)
	}
	if rec.State != state.Pending || rec.RetryCount != 0 || rec.ChecksumMismatch || rec.MissingOnPrimary {
		t.Fatalf("a row with NULL counters and flags reads %+v", rec)
	}

	claimed, err := s.ClaimPending(ctx, 10, nil)
	if err != nil || len(claimed) != 5 {
		t.Fatalf("claim pending: %d rows, %v; want 5", len(claimed), err)
	}
	now := clk.Now()
	for _, r := range claimed {
		if r.State != state.Started || r.LastSyncedAt == nil || !r.LastSyncedAt.Equal(now) {
			t.Fatalf("claimed row %+v: want started at %v", r, now)
		}
	}
	clk.Advance(time.Minute)

	// 1 and 5 sync; 2 fails; 3 fails missing on the primary; 4 is asked to
	// resync while its sync runs, so its end sends it back to pending.
	for _, id := range []int64{1, 5} {
		if ok, err := s.Synced(ctx, id, now, registry.SyncedOptions{PrimaryVerified: true}); err != nil || !ok {
			t.Fatalf("synced %d: %v, %v", id, ok, err)
		}
	}
	if err := s.Failed(ctx, 2, "download failed", errors.New("connection reset"), registry.FailOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Failed(ctx, 3, "download failed", errors.New("404"), registry.FailOptions{MissingOnPrimary: true}); err != nil {
		t.Fatal(err)
	}
	if err := s.Resync(ctx, 4); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.Synced(ctx, 4, now, registry.SyncedOptions{}); err != nil || ok {
		t.Fatalf("synced after a resync was asked for: applied %v, %v; want not applied", ok, err)
	}
	want := map[int64]state.Replication{1: state.Synced, 2: state.Failed, 3: state.Failed, 4: state.Pending, 5: state.Synced}
	for id, st := range want {
		r, err := s.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if r.State != st {
			t.Errorf("row %d: %v, want %v", id, r.State, st)
		}
		if st == state.Failed {
			if r.RetryCount != 1 || r.RetryAt == nil || !r.RetryAt.After(clk.Now()) || r.LastSyncFailure == "" {
				t.Errorf("failed row %d: %+v, want one retry, later", id, r)
			}
			if r.MissingOnPrimary != (id == 3 && !d.WithoutMissingOnPrimary) {
				t.Errorf("row %d: missing_on_primary %v", id, r.MissingOnPrimary)
			}
		}
	}
	// A resync asked for while a sync runs survives the sync's failure too.
	if _, err := s.Start(ctx, 4); err != nil {
		t.Fatal(err)
	}
	if err := s.Resync(ctx, 4); err != nil {
		t.Fatal(err)
	}
	if err := s.Failed(ctx, 4, "stale", nil, registry.FailOptions{}); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Get(ctx, 4); r.State != state.Pending {
		t.Errorf("row 4 after its stale sync failed: %v, want pending (the resync asked for)", r.State)
	}
	if err := s.Failed(ctx, 2, "again", nil, registry.FailOptions{}); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Get(ctx, 2); r.RetryCount != 2 {
		t.Errorf("row 2 after two failures: %d retries, want 2", r.RetryCount)
	}
	synced, err := s.SyncedAfter(ctx, 0, 10)
	if err != nil || len(synced) != 2 || synced[0] != 1 || synced[1] != 5 {
		t.Errorf("synced after 0: %v, %v; want [1 5]", synced, err)
	}

	// Verification on this secondary: the synced rows are pending.
	items, err := v.ClaimBatch(ctx, 10)
	if err != nil || len(items) != 2 {
		t.Fatalf("verification claim: %d items, %v; want 2", len(items), err)
	}
	if err := v.Succeeded(ctx, 1, []byte{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	if err := v.ChecksumMismatch(ctx, 5, []byte{9}, []byte{8}); err != nil {
		t.Fatal(err)
	}
	it, err := v.Get(ctx, 1)
	if err != nil || it.State != state.VerificationSucceeded || string(it.Checksum) != "\x01\x02\x03" {
		t.Fatalf("verified row 1: %+v, %v", it, err)
	}
	it, err = v.Get(ctx, 5)
	if err != nil || it.State != state.VerificationFailed || !it.ChecksumMismatch || it.RetryCount != 1 {
		t.Fatalf("mismatched row 5: %+v, %v; want failed, mismatch, one retry", it, err)
	}
	if r, _ := s.Get(ctx, 5); r.State != state.Failed || !r.ChecksumMismatch {
		t.Errorf("registry row 5 after the mismatch: %+v, want failed with checksum_mismatch", r)
	}
	if err := v.Failed(ctx, 1, "read failed", nil); err == nil {
		if it, _ := v.Get(ctx, 1); it.RetryCount != 1 || it.State != state.VerificationFailed {
			t.Errorf("row 1 after a verification failure: %+v", it)
		}
	} else {
		t.Fatal(err)
	}
}
