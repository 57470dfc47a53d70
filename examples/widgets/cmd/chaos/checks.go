package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/state"
)

// replicaState is what the databases say of one record: the primary's
// verification and checksum, the secondary's registry row.
type replicaState struct {
	primaryVerification state.Verification
	primaryChecksum     []byte
	registry            bool // the secondary has a registry row
	sync                state.Replication
	verification        state.Verification
	checksum            []byte
	verifiedBefore      bool // the secondary's verification succeeded once (verified_at set)
	failure             string
}

// readStates reads the state of every record of d on both sites.
func (w *world) readStates(ctx context.Context, d *replicable.Descriptor) (map[int64]*replicaState, error) {
	out := map[int64]*replicaState{}
	rows, err := w.main.QueryContext(ctx, fmt.Sprintf("SELECT m.%s, s.verification_state, s.verification_checksum FROM %s m LEFT JOIN %s s ON s.%s = m.%s",
		d.ModelKey, d.ModelTable, d.StateTable, d.ForeignKey, d.ModelKey))
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var v sql.NullInt16
		var sum []byte
		if err := rows.Scan(&id, &v, &sum); err != nil {
			rows.Close()
			return nil, err
		}
		out[id] = &replicaState{primaryVerification: state.Verification(v.Int16), primaryChecksum: sum}
		if !v.Valid {
			out[id].primaryVerification = -1
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = w.track.QueryContext(ctx, fmt.Sprintf("SELECT %s, state, verification_state, verification_checksum, verified_at IS NOT NULL, COALESCE(last_sync_failure, verification_failure, '') FROM %s",
		d.ForeignKey, d.RegistryTable))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r replicaState
		if err := rows.Scan(&id, &r.sync, &r.verification, &r.checksum, &r.verifiedBefore, &r.failure); err != nil {
			return nil, err
		}
		if s, ok := out[id]; ok {
			s.registry, s.sync, s.verification, s.checksum, s.verifiedBefore, s.failure = true, r.sync, r.verification, r.checksum, r.verifiedBefore, r.failure
		}
	}
	return out, rows.Err()
}

// lagging says why a record has not converged yet, or "" when it has: the
// primary verified it, the secondary synced it and verified it with the
// primary's checksum. A copy the secondary is verifying again on its own
// schedule (pending or started again, its last checksum the primary's)
// counts as verified: the copies of disk the round checks are checksummed
// by the harness itself.
func (s *replicaState) lagging() string {
	switch {
	case s.primaryVerification != state.VerificationSucceeded || len(s.primaryChecksum) == 0:
		return fmt.Sprintf("primary verification %s", verificationName(s.primaryVerification))
	case !s.registry:
		return "no registry row on the secondary"
	case s.sync != state.Synced:
		return fmt.Sprintf("secondary %s %s", s.sync, s.failure)
	case s.verification != state.VerificationSucceeded && !s.reverifying():
		return fmt.Sprintf("secondary verification %s %s", s.verification, s.failure)
	case !bytes.Equal(s.checksum, s.primaryChecksum):
		return fmt.Sprintf("secondary verified checksum %x, primary's is %x", s.checksum, s.primaryChecksum)
	}
	return ""
}

// reverifying reports whether the secondary is verifying a copy again
// whose last verification succeeded with the primary's checksum.
func (s *replicaState) reverifying() bool {
	again := s.verification == state.VerificationPending || s.verification == state.VerificationStarted
	return again && s.verifiedBefore && bytes.Equal(s.checksum, s.primaryChecksum)
}

func verificationName(v state.Verification) string {
	if v < 0 {
		return "row missing"
	}
	return v.String()
}

// diskCheck is a record whose copy on the secondary's disk is checksummed
// (and, for a repository, checked by git fsck) as part of convergence.
type diskCheck struct {
	d  *replicable.Descriptor
	id int64
}

// converged reports whether replication converged: every record's
// databases agree (lagging) and the copies of disk on the secondary have
// the primary's checksum. The string says what is still missing.
func (w *world) converged(ctx context.Context, disk []diskCheck) (bool, string, error) {
	states := map[*replicable.Descriptor]map[int64]*replicaState{}
	var behind []string
	n := 0
	for _, d := range types {
		st, err := w.readStates(ctx, d)
		if err != nil {
			return false, "", err
		}
		states[d] = st
		ids := make([]int64, 0, len(st))
		for id := range st {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		for _, id := range ids {
			if why := st[id].lagging(); why != "" {
				n++
				if len(behind) < 5 {
					behind = append(behind, fmt.Sprintf("%s %d: %s", d.Name, id, why))
				}
			}
		}
	}
	if n > 0 {
		return false, fmt.Sprintf("%d records not converged (%s)", n, strings.Join(behind, "; ")), nil
	}
	for _, c := range disk {
		want := states[c.d][c.id].primaryChecksum
		if err := w.checkDisk(ctx, c, want); err != nil {
			return false, err.Error(), nil
		}
	}
	return true, "", nil
}

// checkDisk checksums the secondary's copy of a record and compares it
// with the primary's checksum; a repository must also pass git fsck.
func (w *world) checkDisk(ctx context.Context, c diskCheck, want []byte) error {
	var got []byte
	var err error
	if c.d.Strategy == replicable.Blob {
		_, view := w.blobReplicators()
		got, err = view.Checksum(ctx, c.id)
	} else {
		app, view := w.repositoryReplicators()
		var current []byte
		if current, err = app.Checksum(ctx, c.id); err != nil {
			return fmt.Errorf("%s %d on the primary: %w", c.d.Name, c.id, err)
		}
		if !bytes.Equal(current, want) {
			return fmt.Errorf("%s %d: the primary's verified checksum %x is not its repository's (%x)", c.d.Name, c.id, want, current)
		}
		if got, err = view.Checksum(ctx, c.id); err == nil {
			path, _ := view.Path(ctx, c.id)
			if out, ferr := exec.CommandContext(ctx, "git", "-C", path, "fsck", "--no-dangling", "--no-progress").CombinedOutput(); ferr != nil {
				return fmt.Errorf("%s %d: git fsck of the secondary's mirror fails (%v): %s", c.d.Name, c.id, ferr, firstLine(out))
			}
		}
	}
	if err != nil {
		return fmt.Errorf("%s %d on the secondary's disk: %w", c.d.Name, c.id, err)
	}
	if !bytes.Equal(got, want) {
		return fmt.Errorf("%s %d: the secondary's copy on disk has checksum %x, the primary's is %x", c.d.Name, c.id, got, want)
	}
	return nil
}

func firstLine(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// startedRow is a row left in started.
type startedRow struct {
	where string
	since time.Time
}

// startedBefore lists the rows in started (syncs and verifications of the
// secondary, verifications of the primary) that were started before t.
func (w *world) startedBefore(ctx context.Context, t time.Time) ([]startedRow, error) {
	var out []startedRow
	for _, d := range types {
		queries := []struct {
			db    *sql.DB
			where string
			q     string
		}{
			{w.track.DB, "secondary sync", fmt.Sprintf("SELECT %s, last_synced_at FROM %s WHERE state = %d AND last_synced_at < $1", d.ForeignKey, d.RegistryTable, state.Started)},
			{w.track.DB, "secondary verification", fmt.Sprintf("SELECT %s, verification_started_at FROM %s WHERE verification_state = %d AND verification_started_at < $1", d.ForeignKey, d.RegistryTable, state.VerificationStarted)},
			{w.main.DB, "primary verification", fmt.Sprintf("SELECT %s, verification_started_at FROM %s WHERE verification_state = %d AND verification_started_at < $1", d.ForeignKey, d.StateTable, state.VerificationStarted)},
		}
		for _, q := range queries {
			rows, err := q.db.QueryContext(ctx, q.q, t)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				var id int64
				var since time.Time
				if err := rows.Scan(&id, &since); err != nil {
					rows.Close()
					return nil, err
				}
				out = append(out, startedRow{where: fmt.Sprintf("%s of %s %d", q.where, d.Name, id), since: since})
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// tempFiles lists what a crash can leave behind in the sites' directories:
// the blob stores' and clones' ".tmp-" files, and git's temporary packs,
// objects and lock files inside repositories.
func (w *world) tempFiles() ([]string, error) {
	var out []string
	for _, root := range []string{"primary-blobs", "secondary-blobs", "primary-repos", "secondary-repos"} {
		dir := filepath.Join(w.dir, root)
		err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			name := e.Name()
			if strings.HasPrefix(name, ".tmp-") || strings.HasPrefix(name, "tmp_pack_") || strings.HasPrefix(name, "tmp_obj_") ||
				strings.HasPrefix(name, "tmp_idx_") || strings.HasSuffix(name, ".lock") {
				rel, _ := filepath.Rel(w.dir, path)
				out = append(out, rel)
				if e.IsDir() {
					return filepath.SkipDir
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
