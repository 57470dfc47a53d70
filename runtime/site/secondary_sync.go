package site

import (
	"context"
	"errors"
	"fmt"

	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicator"
)

// syncJob is one claimed registry row.
type syncJob struct {
	t   *secondaryType
	rec registry.Record
}

// syncPoolName names the sync scheduler in logs and health reasons.
const syncPoolName = "sync scheduler"

// syncPool is the sync scheduler: it claims pending rows first, then
// failed rows whose retry time has come, taking the types in turn, and
// downloads them with SyncCapacity workers.
func (s *Secondary) syncPool(untilIdle bool) *pool[syncJob] {
	next := 0 // the type that claims first, rotating
	return &pool[syncJob]{
		name: syncPoolName, capacity: s.opts.SyncCapacity, claimErrors: s.syncClaims,
		interval: s.opts.PollInterval, wake: s.wake, log: s.log, untilIdle: untilIdle,
		claim: func(ctx context.Context, limit int) ([]syncJob, error) {
			types := s.replicating()
			if len(types) == 0 {
				return nil, nil
			}
			next = (next + 1) % len(types)
			var jobs []syncJob
			var errs []error
			for _, claim := range []func(*registry.Store, int) ([]registry.Record, error){
				func(r *registry.Store, n int) ([]registry.Record, error) { return r.ClaimPending(ctx, n, nil) },
				func(r *registry.Store, n int) ([]registry.Record, error) { return r.ClaimNeedsSyncAgain(ctx, n, nil) },
			} {
				for i := range types {
					if len(jobs) >= limit {
						return jobs, errors.Join(errs...)
					}
					t := types[(next+i)%len(types)]
					recs, err := claim(t.registry, limit-len(jobs))
					if err != nil {
						errs = append(errs, err)
						continue
					}
					for _, rec := range recs {
						jobs = append(jobs, syncJob{t: t, rec: rec})
					}
				}
			}
			return jobs, errors.Join(errs...)
		},
		work: func(ctx context.Context, j syncJob) {
			defer j.t.registry.Release(j.rec)
			// The replicator records the outcome and logs failures of the
			// sync and of recording it.
			err := j.t.r.SyncStarted(ctx, j.rec)
			switch {
			case ctx.Err() != nil:
				// Stopping: the row goes back to pending now rather than
				// when its lease expires (a finished sync is left alone).
				giveBack(ctx, s.log, "sync", j.t.d.Name, func(ctx context.Context) (int64, error) { return j.t.registry.GiveBack(ctx, j.rec) })
			case err != nil:
				s.log.Debug("sync", "replicable_name", j.t.d.Name, "model_record_id", j.rec.ModelRecordID, "error", err)
			}
		},
		renew: func(ctx context.Context) { s.renewLeases(ctx) }, renewEvery: s.opts.Lease / 3,
	}
}

// renewLeases extends the leases of every sync and verification this
// process is running. Both pools call it; while the database is down every renewal fails
// alike, and the failure is logged once with its repeats summed up.
func (s *Secondary) renewLeases(ctx context.Context) {
	var errs []error
	for _, t := range s.types {
		if _, err := t.registry.RenewLeases(ctx); err != nil {
			errs = append(errs, err)
		}
		if _, err := t.verifier.Store.RenewLeases(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	logOutcome(ctx, s.renewErrors, errors.Join(errs...))
}

// RecoverExpired sends the syncs and verifications whose lease has
// expired back to pending, and returns how many there were.
func (s *Secondary) RecoverExpired(ctx context.Context) (int64, error) {
	var total int64
	var errs []error
	for _, t := range s.types {
		n, err := t.registry.RecoverExpired(ctx)
		total += n
		errs = append(errs, err)
		n, err = t.verifier.Store.RecoverExpired(ctx)
		total += n
		errs = append(errs, err)
	}
	return total, errors.Join(errs...)
}

// runLeaseRecovery runs RecoverExpired every half lease.
func (s *Secondary) runLeaseRecovery(ctx context.Context) {
	errs := &repeatedErrors{log: s.log, msg: "recover syncs and verifications with expired leases"}
	every(ctx, s.opts.Lease/2, func(ctx context.Context) {
		n, err := s.RecoverExpired(ctx)
		logOutcome(ctx, errs, err)
		if n > 0 {
			s.log.Warn("took back syncs and verifications whose worker stopped renewing them", "count", n)
			s.notifySync()
		}
	})
}

// SyncAll downloads every record that is pending or due for a retry now,
// with SyncCapacity downloads at once, and returns how many syncs ran
// (whatever their outcome). The workers started by Run do the same
// continuously.
func (s *Secondary) SyncAll(ctx context.Context) int {
	return s.syncPool(true).run(ctx)
}

// RecoverTimedOut fails the syncs and verifications that have been started
// for longer than their timeouts, and returns how many there were.
func (s *Secondary) RecoverTimedOut(ctx context.Context) (int64, error) {
	var total int64
	var errs []error
	for _, t := range s.replicating() {
		n, err := t.registry.RecoverTimedOut(ctx)
		total += n
		if err != nil {
			errs = append(errs, err)
		}
		n, err = t.verifier.Store.RecoverTimedOut(ctx)
		total += n
		if err != nil {
			errs = append(errs, err)
		}
	}
	return total, errors.Join(errs...)
}

// runMaintenance recovers timed-out syncs and verifications and sends
// copies due for self-verification to be verified, every
// MaintenanceInterval.
func (s *Secondary) runMaintenance(ctx context.Context) {
	timeoutErrs := &repeatedErrors{log: s.log, msg: "recover timed-out syncs"}
	reverifyErrs := &repeatedErrors{log: s.log, msg: "self-verification"}
	awaitingErrs := &repeatedErrors{log: s.log, msg: "recheck of records awaiting the primary's checksum"}
	every(ctx, s.opts.MaintenanceInterval, func(ctx context.Context) {
		n, err := s.RecoverTimedOut(ctx)
		logOutcome(ctx, timeoutErrs, err)
		if n > 0 {
			s.log.Warn("recovered timed-out syncs and verifications", "count", n)
			s.notifySync()
		}
		n, err = s.Reverify(ctx)
		logOutcome(ctx, reverifyErrs, err)
		if err == nil && n > 0 {
			s.log.Debug("copies sent to self-verification", "count", n)
		}
		ready, err := s.RecheckAwaitingChecksum(ctx)
		logOutcome(ctx, awaitingErrs, err)
		if ready > 0 {
			s.log.Info("verification of records whose checksum event never came set pending", "count", ready)
		}
	})
}

// awaitingChecksumBatch is how many records per type one maintenance pass
// of RecheckAwaitingChecksum looks at: each costs a query of the
// primary's database.
const awaitingChecksumBatch = 500

// RecheckAwaitingChecksum sets pending the verification of synced records
// that wait for the primary's checksum although the primary has one. A
// record synced before the primary verified it waits for the primary's
// checksum_succeeded event; a primary killed between committing the
// checksum and publishing the event never sends it, and without this the
// record would stay unverified until its resync. One batch per type a
// pass, from where the last pass stopped, so a long backlog of records
// the primary has not verified yet cannot hide the others. It returns how
// many it set pending.
func (s *Secondary) RecheckAwaitingChecksum(ctx context.Context) (int, error) {
	ready := 0
	var errs []error
	for _, t := range s.replicating() {
		ids, err := t.registry.AwaitingChecksumAfter(ctx, s.awaitingCursor[t.d.Name], awaitingChecksumBatch)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		s.awaitingCursor[t.d.Name] = 0 // the end of the table: start over next time
		if len(ids) == awaitingChecksumBatch {
			s.awaitingCursor[t.d.Name] = ids[len(ids)-1]
		}
		for _, id := range ids {
			ok, err := replicator.ReadyToVerify(ctx, s.main, t.d, t.verifier.Store, id)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if ok {
				ready++
			}
		}
	}
	return ready, errors.Join(errs...)
}

// Reverify sets one batch (ReverifyBatch) per type of succeeded
// verifications older than SelfVerifyInterval back to pending, so the
// verification worker checksums this site's copies again and compares
// them with the primary's checksums. It returns how many rows it set.
func (s *Secondary) Reverify(ctx context.Context) (int64, error) {
	var total int64
	var errs []error
	for _, t := range s.replicating() {
		n, err := t.verifier.Store.ReverifyBatch(ctx, s.opts.ReverifyBatch)
		total += n
		errs = append(errs, err)
	}
	return total, errors.Join(errs...)
}

// Sync starts and runs the sync of one record now (pending, synced or
// failed to started): for operators and tests. A record whose sync is
// already running is refused with registry.ErrInvalidTransition.
func (s *Secondary) Sync(ctx context.Context, replicableName string, modelRecordID int64) error {
	t, ok := s.byName[replicableName]
	if !ok {
		return fmt.Errorf("sync: unknown replicable %q", replicableName)
	}
	return replicator.Sync(ctx, t.r, modelRecordID)
}
