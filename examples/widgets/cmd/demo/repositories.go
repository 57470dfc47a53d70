package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/geogen/geogen/examples/widgets/internal/geo/gizmo"
	"github.com/geogen/geogen/runtime/gitrepo"
	"github.com/geogen/geogen/runtime/metrics"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/state"
)

// demoRepositories creates Gizmo records whose repositories have a few
// commits, follows the secondary mirroring and verifying them, pushes more
// commits to some and follows the secondary catching up, then deletes a
// third of them and follows the deletions.
func demoRepositories(ctx context.Context, cfg config, s *sites) error {
	d := gizmo.Descriptor
	p, _ := s.primary.Replicator(d.Name)
	repos := p.(*replicator.Repository)
	m, _ := s.secondary.Replicator(d.Name)
	mirrors := m.(*replicator.Repository)
	fmt.Printf("\n%s (repository strategy)\n", d.TitlePlural)

	start := time.Now()
	ids := make([]int64, 0, cfg.repos)
	commits := 0
	for i := range cfg.repos {
		n := 1 + i%3
		commits += n
		id, err := repos.Create(ctx, func(tx *sql.Tx) (int64, error) {
			var id int64
			now := time.Now().UTC()
			err := tx.QueryRowContext(ctx, "INSERT INTO "+d.ModelTable+" (name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id",
				fmt.Sprintf("gizmo %d", i), now).Scan(&id)
			return id, err
		}, func(ctx context.Context, path string) error {
			for c := range n {
				name := fmt.Sprintf("file-%d.txt", c)
				if _, err := gitrepo.Commit(ctx, path, "main", map[string][]byte{name: fmt.Appendf(nil, "%s of gizmo %d\n", name, i)}, "add "+name); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		ids = append(ids, id)
	}
	fmt.Printf("created %d repositories (%d commits) on the primary in %s\n", cfg.repos, commits, time.Since(start).Round(time.Millisecond))
	if err := followMirrors(ctx, cfg, s, repos, mirrors, "mirroring "+d.TitlePlural, ids); err != nil {
		return err
	}
	fmt.Printf("all %d repositories mirrored and verified %s after the first was created\n\n", cfg.repos, time.Since(start).Round(time.Millisecond))
	if err := printStatus(ctx, d, s.dbs, s.flags); err != nil {
		return err
	}

	if cfg.pushes > 0 {
		pushed := time.Now()
		for i, id := range ids[:cfg.pushes] {
			path, err := repos.Path(ctx, id)
			if err != nil {
				return err
			}
			commit, err := gitrepo.Commit(ctx, path, "main", map[string][]byte{"pushed.txt": fmt.Appendf(nil, "push %d\n", i)}, "a later push")
			if err != nil {
				return err
			}
			if err := repos.AfterPush(ctx, id); err != nil {
				return err
			}
			if i == 0 {
				fmt.Printf("\npushed to %d repositories on the primary (the first now at %.12s)\n", cfg.pushes, commit)
			}
		}
		if err := followMirrors(ctx, cfg, s, repos, mirrors, "mirroring the pushes", ids[:cfg.pushes]); err != nil {
			return err
		}
		fmt.Printf("pushes fetched and verified on the secondary in %s\n", time.Since(pushed).Round(time.Millisecond))
	}

	deletes := max(1, cfg.repos/3)
	gone := ids[len(ids)-deletes:]
	for _, id := range gone {
		err := repos.Destroy(ctx, id, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "DELETE FROM "+d.ModelTable+" WHERE id = $1", id)
			return err
		})
		if err != nil {
			return err
		}
	}
	fmt.Printf("\ndeleted %d repositories on the primary\n", deletes)
	deleted := time.Now()
	want := int64(cfg.repos - deletes)
	err := follow(ctx, time.Now().Add(cfg.timeout), "replicating "+d.Title+" deletions", func() (string, bool, error) {
		st, err := metrics.ComputeSecondary(ctx, s.dbs.tracking, d, s.flags)
		if err != nil {
			return "", false, err
		}
		left := 0
		for _, id := range gone {
			ok, err := mirrors.ResourceExists(ctx, id)
			if err != nil {
				return "", false, err
			}
			if ok {
				left++
			}
		}
		return fmt.Sprintf("secondary registries %d (want %d), mirrors of deleted repositories left %d", *st.RegistryCount, want, left),
			*st.RegistryCount == want && left == 0, nil
	})
	if err != nil {
		return err
	}
	fmt.Printf("deletions replicated in %s: registries and mirrors removed on the secondary\n\n", time.Since(deleted).Round(time.Millisecond))
	return printStatus(ctx, d, s.dbs, s.flags)
}

// followMirrors prints progress until every repository of ids is mirrored
// on the secondary with the refs the primary has now, and verified there.
func followMirrors(ctx context.Context, cfg config, s *sites, repos, mirrors *replicator.Repository, what string, ids []int64) error {
	d := repos.Descriptor()
	return follow(ctx, time.Now().Add(cfg.timeout), what, func() (string, bool, error) {
		st, err := metrics.ComputeSecondary(ctx, s.dbs.tracking, d, s.flags)
		if err != nil {
			return "", false, err
		}
		current := 0
		for _, id := range ids {
			ok, err := upToDate(ctx, repos, mirrors, id)
			if err != nil {
				return "", false, err
			}
			if ok {
				current++
			}
		}
		line := fmt.Sprintf("secondary registries %d, synced %d, failed %d, verified %d | mirrors with the primary's refs, verified: %d/%d",
			*st.RegistryCount, *st.SyncedCount, *st.FailedCount, *st.VerifiedCount, current, len(ids))
		return line, current == len(ids), nil
	})
}

// upToDate reports whether the secondary's mirror of id has the refs of
// the primary's repository (equal checksums) and its registry is synced
// and verified with that checksum.
func upToDate(ctx context.Context, repos, mirrors *replicator.Repository, id int64) (bool, error) {
	want, err := repos.Checksum(ctx, id)
	if err != nil {
		return false, err
	}
	rec, err := mirrors.Registry().Get(ctx, id)
	if errors.Is(err, registry.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if rec.State != state.Synced || rec.VerificationState != state.VerificationSucceeded || !bytes.Equal(rec.VerificationChecksum, want) {
		return false, nil
	}
	got, err := mirrors.Checksum(ctx, id)
	if errors.Is(err, replicator.ErrNotChecksummable) {
		return false, nil
	}
	return err == nil && bytes.Equal(got, want), err
}
