package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/geogen/geogen/examples/widgets/internal/geo/coolwidget"
	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/metrics"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/site"
)

// sites are what the demo drives: both sites, the secondary's blob store,
// the databases and the feature flags.
type sites struct {
	primary        *site.Primary
	secondary      *site.Secondary
	secondaryBlobs blobstore.Store
	dbs            *databases
	flags          flags.Source
}

// demoBlobs creates CoolWidget records with random blobs, follows their
// replication, deletes some and follows the deletions.
func demoBlobs(ctx context.Context, cfg config, s *sites) error {
	d := coolwidget.Descriptor
	dbs, fl := s.dbs, s.flags
	r, _ := s.primary.Replicator(d.Name)
	blobs := r.(*replicator.Blob)
	fmt.Printf("\n%s (blob strategy)\n", d.TitlePlural)
	start := time.Now()
	ids := make([]int64, 0, cfg.records)
	var bytesTotal int64
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 42))
	for i := range cfg.records {
		size := 1 + rng.IntN(cfg.maxSize)
		bytesTotal += int64(size)
		id, err := blobs.Create(ctx, func(tx *sql.Tx) (int64, error) {
			var id int64
			now := time.Now().UTC()
			err := tx.QueryRowContext(ctx, "INSERT INTO "+d.ModelTable+" (name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id",
				fmt.Sprintf("widget %d", i), now).Scan(&id)
			return id, err
		}, io.LimitReader(randomReader{rng}, int64(size)))
		if err != nil {
			return err
		}
		ids = append(ids, id)
	}
	fmt.Printf("created %d records (%.1f MiB of random blobs) on the primary in %s\n",
		cfg.records, float64(bytesTotal)/(1<<20), time.Since(start).Round(time.Millisecond))

	deadline := time.Now().Add(cfg.timeout)
	err := follow(ctx, deadline, "replicating "+d.TitlePlural, func() (string, bool, error) {
		st, err := metrics.ComputeSecondary(ctx, dbs.tracking, d, fl)
		if err != nil {
			return "", false, err
		}
		p, err := metrics.ComputePrimary(ctx, dbs.main, d, fl)
		if err != nil {
			return "", false, err
		}
		n := int64(cfg.records)
		line := fmt.Sprintf("primary checksummed %d/%d | secondary registries %d, synced %d, failed %d, verified %d",
			*p.ChecksummedCount, n, *st.RegistryCount, *st.SyncedCount, *st.FailedCount, *st.VerifiedCount)
		return line, *p.ChecksummedCount == n && *st.SyncedCount == n && *st.VerifiedCount == n, nil
	})
	if err != nil {
		return err
	}
	fmt.Printf("all %d records synced and verified %s after the first was created\n\n", cfg.records, time.Since(start).Round(time.Millisecond))
	if err := printStatus(ctx, d, dbs, fl); err != nil {
		return err
	}

	if cfg.deletes == 0 {
		return nil
	}
	for _, id := range ids[:cfg.deletes] {
		err := blobs.Destroy(ctx, id, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "DELETE FROM "+d.ModelTable+" WHERE id = $1", id)
			return err
		})
		if err != nil {
			return err
		}
	}
	fmt.Printf("\ndeleted %d records on the primary\n", cfg.deletes)
	deleted := time.Now()
	want := int64(cfg.records - cfg.deletes)
	err = follow(ctx, time.Now().Add(cfg.timeout), "replicating "+d.Title+" deletions", func() (string, bool, error) {
		st, err := metrics.ComputeSecondary(ctx, dbs.tracking, d, fl)
		if err != nil {
			return "", false, err
		}
		return fmt.Sprintf("secondary registries %d (want %d)", *st.RegistryCount, want), *st.RegistryCount == want, nil
	})
	if err != nil {
		return err
	}
	for _, id := range ids[:cfg.deletes] {
		key, err := d.Location(ctx, id)
		if err != nil {
			return err
		}
		if _, err := s.secondaryBlobs.Stat(ctx, key); !errors.Is(err, blobstore.ErrNotFound) {
			return fmt.Errorf("record %d was deleted, but its blob %s is still on the secondary (%v)", id, key, err)
		}
	}
	fmt.Printf("deletions replicated in %s: registries and blobs removed on the secondary\n\n", time.Since(deleted).Round(time.Millisecond))
	return printStatus(ctx, d, dbs, fl)
}
