package geotest

import (
	"context"
	"encoding/hex"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sqldb"
)

// deletesIgnored drops deleted events: the blob and the registry row stay
// on the secondary.
type deletesIgnored struct{ *replicator.Blob }

func (d deletesIgnored) Consume(ctx context.Context, e eventlog.Event) error {
	if e.EventName == eventlog.Deleted {
		return nil
	}
	return d.Blob.Consume(ctx, e)
}

// hexChecksum returns the SHA-256 as its hex text instead of its 32 bytes,
// so no checksum ever equals the one computed elsewhere.
type hexChecksum struct{ *replicator.Blob }

func (h hexChecksum) Checksum(ctx context.Context, id int64) ([]byte, error) {
	sum, err := h.Blob.Checksum(ctx, id)
	if err != nil {
		return nil, err
	}
	return []byte(hex.EncodeToString(sum)), nil
}

// zeroIDsDropped drops the zero ids of a bulk delete instead of refusing
// the batch, hiding the caller's bug.
type zeroIDsDropped struct{ *replicator.Blob }

func (z zeroIDsDropped) PublishDeletedBatch(ctx context.Context, ids []int64) error {
	var kept []int64
	for _, id := range ids {
		if id != 0 {
			kept = append(kept, id)
		}
	}
	return z.Blob.PublishDeletedBatch(ctx, kept)
}

// scopeIgnored creates a registry row for every created event, records out
// of the type's scope and records gone from the primary included.
type scopeIgnored struct{ *replicator.Blob }

func (s scopeIgnored) Consume(ctx context.Context, e eventlog.Event) error {
	if e.EventName == eventlog.Created {
		_, err := s.Registry().Create(ctx, e.Payload.ModelRecordID)
		return err
	}
	return s.Blob.Consume(ctx, e)
}

func TestBlobReplicatorSuiteFailsOnBrokenReplicators(t *testing.T) {
	wrap := func(f func(*replicator.Blob) replicator.Replicator) replicator.Factory {
		return func(cfg replicator.Config) (replicator.Replicator, error) {
			b, err := replicator.NewBlob(cfg)
			if err != nil {
				return nil, err
			}
			return f(b), nil
		}
	}
	for _, tc := range []struct {
		name    string
		factory replicator.Factory
		run     func(testing.TB, *BlobSites)
		want    string
	}{
		{"deleted events ignored", wrap(func(b *replicator.Blob) replicator.Replicator { return deletesIgnored{b} }),
			blobConsumeDeleted, "blob still on the secondary after the deleted event"},
		{"checksum as hex text", wrap(func(b *replicator.Blob) replicator.Replicator { return hexChecksum{b} }),
			blobChecksum, "checksum = "},
		{"zero ids dropped from a bulk delete", wrap(func(b *replicator.Blob) replicator.Replicator { return zeroIDsDropped{b} }),
			blobBulkDeleted, "bulk deleted events with a zero id succeeded"},
		{"created consumed out of scope", wrap(func(b *replicator.Blob) replicator.Replicator { return scopeIgnored{b} }),
			blobConsumeCreatedScope, "after created: exists = true"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectReadSuiteFailure(t, tc.want, func(tb testing.TB) {
				// readSuiteConfig's type, cool_widget, is a blob type.
				e := NewEnv(tb, sqldb.SQLite, readSuiteConfig())
				tc.run(tb, newBlobSites(tb, e, site.Options{PollInterval: 10 * time.Millisecond}, tc.factory))
			})
		})
	}
}
