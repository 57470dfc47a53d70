package browsertest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/geogen/geogen/examples/widgets/internal/geo"
	"github.com/geogen/geogen/examples/widgets/internal/geo/coolwidget"
	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geoauth"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
	"github.com/geogen/geogen/runtime/verification"
)

// registryIDOffset keeps registry ids apart from model ids, so a page
// that shows one for the other is caught.
const registryIDOffset = 1000

// seed is what the primary and the secondary hold before the browser
// comes, as the console script is told it. Ids are model record ids;
// registry ids are model ids + RegistryIDOffset.
type seed struct {
	Type             string  `json:"type"` // the URL segment of the seeded type
	EmptyType        string  `json:"emptyType"`
	RegistryIDOffset int64   `json:"registryIdOffset"`
	Records          int     `json:"records"`
	Synced           []int64 `json:"synced"`   // synced and verified
	Failed           []int64 `json:"failed"`   // failed syncs, every one below included
	Missing          []int64 `json:"missing"`  // failed: the primary has no blob (and its checksum failed)
	Mismatch         int64   `json:"mismatch"` // failed: verification found a checksum mismatch
	// The mismatch row's checksums, hex: what the secondary computed and
	// what the primary has.
	MismatchChecksum string `json:"mismatchChecksum"`
	ExpectedChecksum string `json:"expectedChecksum"`
	Resync           int64  `json:"resync"` // the failed row the script resyncs alone
	// The sites' names.
	Primary   string `json:"primary"`
	Secondary string `json:"secondary"`
}

// seedSites creates records on the running primary (the application's
// way: model row, blob and event in one transaction), removes the blobs
// of a few, waits for the primary's checksums, and writes the secondary's
// registry before it starts: most rows failed with their retries far
// away (so they wait for an administrator), some synced and verified
// (their blobs copied), one checksum mismatch, a few missing on the
// primary. The secondary's event log position is set past every event,
// so it starts from this state.
func seedSites(t *testing.T, s *sites, records int) seed {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	main, err := sqldb.Open(ctx, s.mainURL)
	if err != nil {
		t.Fatal(err)
	}
	defer main.Close()
	primaryBlobs, err := blobstore.NewDir(s.primaryBlobs)
	if err != nil {
		t.Fatal(err)
	}
	secondaryBlobs, err := blobstore.NewDir(s.secondaryBlobs)
	if err != nil {
		t.Fatal(err)
	}
	fl := flags.NewStore(main, flags.TypeDefinitions(geo.Descriptors()), nil)
	if err := fl.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	p, err := site.NewPrimary(site.PrimaryConfig{
		Main: main, Blobs: primaryBlobs, Repositories: s.dir, Types: geo.Descriptors(),
		Flags: fl, Verifier: &geoauth.Verifier{Keys: geoauth.StaticKeys{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	r, _ := p.Replicator(coolwidget.Descriptor.Name)
	widgets := r.(*replicator.Blob)

	var ids []int64
	for i := range records {
		id, err := widgets.Create(ctx, func(tx *sql.Tx) (int64, error) {
			var id int64
			now := time.Now().UTC()
			err := tx.QueryRowContext(ctx, "INSERT INTO cool_widgets (name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id",
				fmt.Sprintf("widget %d", i), now).Scan(&id)
			return id, err
		}, bytes.NewReader(fmt.Appendf(nil, "the blob of widget %d\n", i)))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	sd := seed{
		Type: coolwidget.Descriptor.Plural, EmptyType: "gizmos", RegistryIDOffset: registryIDOffset, Records: records,
		Missing: ids[:3], Mismatch: ids[3], Synced: ids[4:40], Resync: ids[150],
		Primary: primaryName, Secondary: secondaryName,
	}
	sd.Failed = append(append([]int64{}, ids[:4]...), ids[40:]...)

	// The primary checksums every record; then the blobs of a few go
	// and their checksums are computed again at once, and fail.
	var checksummed int
	err = poll(ctx, func() (bool, error) {
		err := main.QueryRowContext(ctx, "SELECT count(*) FROM cool_widget_states WHERE verification_state = $1",
			state.VerificationSucceeded).Scan(&checksummed)
		return checksummed == records, err
	})
	if err != nil {
		t.Fatalf("the primary checksummed %d of %d Cool Widgets: %v\n%s", checksummed, records, err, s.log("primary"))
	}
	for _, id := range sd.Missing {
		key, err := widgets.BlobKey(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if err := primaryBlobs.Delete(ctx, key); err != nil {
			t.Fatal(err)
		}
		if _, err := p.VerifyRecord(ctx, coolwidget.Descriptor.Name, id); err != nil {
			t.Fatal(err)
		}
		var st state.Verification
		if err := main.QueryRowContext(ctx, "SELECT verification_state FROM cool_widget_states WHERE cool_widget_id = $1", id).Scan(&st); err != nil {
			t.Fatal(err)
		}
		if st != state.VerificationFailed {
			t.Fatalf("the primary's checksum of Cool Widget %d after its blob was removed: %s, want failed", id, st)
		}
	}
	checksums := map[int64][]byte{}
	rows, err := main.QueryContext(ctx, "SELECT cool_widget_id, verification_checksum FROM cool_widget_states WHERE verification_state = $1", state.VerificationSucceeded)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var sum []byte
		if err := rows.Scan(&id, &sum); err != nil {
			t.Fatal(err)
		}
		checksums[id] = sum
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	var lastEvent int64
	if err := main.QueryRowContext(ctx, "SELECT max(id) FROM geo_events").Scan(&lastEvent); err != nil {
		t.Fatal(err)
	}

	// The secondary's copies of the synced blobs, and a corrupted copy of
	// the mismatched one.
	copyBlob := func(id int64, corrupt bool) []byte {
		key, err := widgets.BlobKey(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		rc, _, err := primaryBlobs.Open(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if corrupt {
			content = append(content, "corrupted on the secondary\n"...)
		}
		if _, err := secondaryBlobs.Put(ctx, key, bytes.NewReader(content), blobstore.PutOptions{}); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(content)
		return sum[:]
	}

	tracking, err := sqldb.Open(ctx, s.trackingURL)
	if err != nil {
		t.Fatal(err)
	}
	defer tracking.Close()
	now := time.Now().UTC().Truncate(time.Microsecond)
	later := now.Add(24 * time.Hour)
	failures := []string{
		"Error downloading file: connection reset by peer",
		"Error downloading file: the primary answered 503 Service Unavailable",
		"Error downloading file: context deadline exceeded",
	}
	err = tracking.InTx(ctx, func(tx *sql.Tx) error {
		insert := func(id int64, cols string, vals ...any) error {
			args := append([]any{id + registryIDOffset, id, now.Add(-2 * time.Hour)}, vals...)
			q := fmt.Sprintf("INSERT INTO cool_widget_registry (id, cool_widget_id, created_at, %s) VALUES (%s)", cols, sqldb.Placeholders(1, len(args)))
			_, err := tx.ExecContext(ctx, q, args...)
			return err
		}
		for i, id := range sd.Synced {
			synced := now.Add(-time.Duration(5+i*7) * time.Minute)
			if err := insert(id, "state, last_synced_at, verification_state, verified_at, verification_checksum",
				state.Synced, synced, state.VerificationSucceeded, synced.Add(30*time.Second), copyBlob(id, false)); err != nil {
				return err
			}
		}
		for _, id := range sd.Missing {
			if err := insert(id, "state, retry_count, retry_at, missing_on_primary, last_sync_failure",
				state.Failed, 4, later, true, "The file is missing on the primary (blob not found)"); err != nil {
				return err
			}
		}
		local := copyBlob(sd.Mismatch, true)
		expected := checksums[sd.Mismatch]
		sd.MismatchChecksum, sd.ExpectedChecksum = fmt.Sprintf("%x", local), fmt.Sprintf("%x", expected)
		mismatch := fmt.Sprintf("%s (primary %.16s…, secondary %.16s…)", verification.MismatchMessage, sd.ExpectedChecksum, sd.MismatchChecksum)
		if err := insert(sd.Mismatch, "state, retry_count, retry_at, last_synced_at, last_sync_failure, verification_state, verification_retry_count, verification_retry_at, verified_at, verification_checksum, verification_checksum_mismatched, checksum_mismatch, verification_failure",
			state.Failed, 1, later, now.Add(-time.Hour), "Verification failed with: "+mismatch,
			state.VerificationFailed, 1, later, now.Add(-50*time.Minute), local, expected, true, mismatch); err != nil {
			return err
		}
		for i, id := range ids[40:] {
			if err := insert(id, "state, retry_count, retry_at, last_sync_failure",
				state.Failed, 1+i%5, later, failures[i%len(failures)]); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO event_log_states (event_id, created_at) VALUES ($1, $2)", lastEvent, now)
		return err
	})
	if err != nil {
		t.Fatalf("seed the secondary's registry: %v", err)
	}
	return sd
}
