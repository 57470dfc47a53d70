package site

import (
	"context"
	"log/slog"
	"time"

	"github.com/geogen/geogen/runtime/metrics"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/verification"
)

// verifyJob is one claimed verification.
type verifyJob struct {
	v    *replicator.Verifier
	item verification.Item
}

// newVerifyPool checksums claimed records of the verifiers enabled (the
// list is asked again on every claim, so flags take effect at once), one
// batch per verifier in turn.
//
// damage counts the copies a verification found damaged (a secondary's;
// nil on a primary, which has no copy to compare).
func newVerifyPool(name string, o Options, log *slog.Logger, untilIdle bool, enabled func() []*replicator.Verifier, renew func(ctx context.Context),
	claimErrors *repeatedErrors, damage *metrics.Damage) *pool[verifyJob] {
	next := 0
	return &pool[verifyJob]{
		name: name, capacity: o.VerificationCapacity, claimErrors: claimErrors,
		interval: o.PollInterval, log: log, untilIdle: untilIdle,
		renew: renew, renewEvery: o.Lease / 3,
		claim: func(ctx context.Context, limit int) ([]verifyJob, error) {
			vs := enabled()
			if len(vs) == 0 {
				return nil, nil
			}
			next = (next + 1) % len(vs)
			var jobs []verifyJob
			for i := range vs {
				if len(jobs) >= limit {
					break
				}
				v := vs[(next+i)%len(vs)]
				items, err := v.Store.ClaimBatch(ctx, min(limit-len(jobs), o.VerificationBatch))
				if err != nil {
					return jobs, err
				}
				for _, it := range items {
					jobs = append(jobs, verifyJob{v: v, item: it})
				}
			}
			return jobs, nil
		},
		work: func(ctx context.Context, j verifyJob) {
			defer j.v.Store.Release(j.item)
			start := time.Now()
			outcome, err := j.v.Verify(ctx, j.item.Key)
			d := j.v.Replicator.Descriptor()
			if ctx.Err() != nil {
				giveBack(ctx, log, "verification", d.Name, func(ctx context.Context) (int64, error) { return j.v.Store.GiveBack(ctx, j.item) })
				return
			}
			if check, ok := damageFound[outcome]; ok && err == nil {
				damage.Detected(d, check)
			}
			switch {
			case err != nil && ctx.Err() == nil:
				log.Error("verification", "replicable_name", d.Name, "model_record_id", j.item.Key, "error", err)
			case outcome != replicator.Verified && outcome != replicator.NotReady && outcome != replicator.Superseded:
				log.Warn("verification", "replicable_name", d.Name, "model_record_id", j.item.Key, "outcome", outcome.String())
			default:
				log.Debug("verification", "replicable_name", d.Name, "model_record_id", j.item.Key,
					"outcome", outcome.String(), "duration", time.Since(start))
			}
		},
	}
}

// damageFound maps the outcomes of a verification that found the copy
// damaged to the check that did.
var damageFound = map[replicator.Outcome]metrics.DamageCheck{
	replicator.Mismatch: metrics.CheckChecksum,
	replicator.Corrupt:  metrics.CheckIntegrity,
	replicator.Missing:  metrics.CheckMissing,
}

// The verification pools' names, in logs and health reasons.
const (
	secondaryVerifyPoolName = "secondary verification"
	primaryVerifyPoolName   = "primary verification"
)

// verifyPool is the secondary verification worker.
func (s *Secondary) verifyPool(untilIdle bool) *pool[verifyJob] {
	return newVerifyPool(secondaryVerifyPoolName, s.opts, s.log, untilIdle, func() []*replicator.Verifier {
		var out []*replicator.Verifier
		for _, t := range s.replicating() { // verification on a secondary follows replication
			out = append(out, t.verifier)
		}
		return out
	}, s.renewLeases, s.verifyClaims, s.damage)
}

// FailingWorkers returns the health reasons of this site's workers that
// its databases do not show: a sync scheduler or verification worker
// whose every claim has failed for ClaimFailureGrace or longer (the
// tracking database refusing its queries, say). A status report of the
// running site (sitestatus.Site.Workers) lists them.
func (s *Secondary) FailingWorkers() []string {
	return failingWorkers(s.clock.Now(), claimLoop{syncPoolName, s.syncClaims}, claimLoop{secondaryVerifyPoolName, s.verifyClaims})
}

// VerifyAll verifies every synced record whose verification is pending or
// due for a retry now and returns how many verifications ran.
func (s *Secondary) VerifyAll(ctx context.Context) int {
	return s.verifyPool(true).run(ctx)
}
