package site

import (
	"math/rand/v2"
	"time"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/state"
)

// Options tune a site's workers. Zero fields take the defaults, which are
// GitLab's (since 18.0) where it has one.
type Options struct {
	// PollInterval is how long an idle worker waits before looking for
	// work again. Default 1 s (the scheduler's loop sleep).
	PollInterval time.Duration
	// MaintenanceInterval is how often sync and verification timeouts are
	// recovered, and (primary) state rows backfilled and succeeded rows
	// sent to re-verification. Default 1 min.
	MaintenanceInterval time.Duration
	// ConsistencyInterval is how often the registry consistency worker
	// runs one batch per type while it finds nothing to change. Default
	// 1 min.
	ConsistencyInterval time.Duration

	// SyncCapacity is how many downloads run at once. Default 10
	// (files_max_capacity).
	SyncCapacity int
	// VerificationCapacity is how many checksums run at once. Default 10
	// (verification_max_capacity).
	VerificationCapacity int
	// VerificationBatch is how many rows one verification claim takes.
	// Default 10.
	VerificationBatch int
	// ConsistencyBatch is how many model ids one consistency pass looks
	// at. Default 10,000.
	ConsistencyBatch int
	// BackfillBatch and ReverifyBatch bound one pass of the primary's
	// state backfill and re-verification. Default 1000 each.
	BackfillBatch int
	ReverifyBatch int
	// EventBatch is how many events one poll of the log reads. Default 250.
	EventBatch int

	// VerificationTimeout and ReverifyInterval override the verification
	// stores' defaults when set.
	VerificationTimeout time.Duration
	ReverifyInterval    time.Duration

	// Lease is how long a sync or verification in progress keeps its row
	// without renewing the claim. Workers renew every third of it, and
	// rows whose lease expired (their worker died, hung or lost the
	// database, on any machine) go back to pending, checked for every
	// half of it. Default 30 s (state.DefaultLease). Clocks of the sites
	// sharing a database must agree to well within it.
	Lease time.Duration

	// MaxConnections bounds the open connections of each database handle
	// the site uses (the primary's main database; a secondary's view of
	// it and its tracking database). Workers beyond it wait for a
	// connection. Default 10: one primary and three secondaries on one
	// PostgreSQL server then use at most 70 of its default 100.
	MaxConnections int
	// ConnectionIdleTime closes a connection unused for that long, so the
	// pools shrink after a burst of work. Default 1 min.
	ConnectionIdleTime time.Duration

	// RetryJitterMax bounds the random part of the delay before a failed
	// sync or verification is retried: n⁴ + 15 + jitter×(n+1) seconds
	// for attempt n, jitter drawn from [0, RetryJitterMax). Default 30,
	// GitLab's; 1 makes the delays exact (16 s for a first retry instead
	// of 16 to 74 s), for tests that break the sites on purpose and wait
	// for them to converge.
	RetryJitterMax int

	// BulkJobs tunes the bulk job runner, which runs a pass every
	// PollInterval; zero fields take package bulkjob's defaults.
	BulkJobs bulkjob.Options
	// SelfVerifyInterval is how old a secondary's succeeded verification
	// gets before the secondary checksums its copy again and compares it
	// with the primary's checksum, independently of the primary's
	// ReverifyInterval: damage to the copy (bit rot, a deleted or
	// truncated file, a corrupted pack) is found, recorded as a failed
	// verification or a checksum mismatch, and resynced. Default 7 days.
	SelfVerifyInterval time.Duration
	// ExistenceCheckInterval is how often a secondary checks, cheaply
	// (a stat per blob or mirror), that everything it has synced is still
	// on disk; what is gone is recorded as a failed verification and
	// synced again. Default 1 h.
	ExistenceCheckInterval time.Duration

	// TempSweepInterval is how often the blob store's temporary files
	// left by interrupted writes (a crash, a kill) are removed; Run also
	// does it when it starts. Default 10 min.
	TempSweepInterval time.Duration
	// StaleTempAge is how long a temporary file must have gone unmodified
	// to be removed: longer than a download may pause (the transfer idle
	// timeout, 60 s by default). Default 5 min.
	StaleTempAge time.Duration
}

// WithDefaults returns o with every unset field at its default: what a
// site built with o runs with. (VerificationTimeout and ReverifyInterval
// stay zero: the verification stores' defaults apply.)
func (o Options) WithDefaults() Options {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur(&o.PollInterval, time.Second)
	defDur(&o.MaintenanceInterval, time.Minute)
	defDur(&o.ConsistencyInterval, time.Minute)
	def(&o.SyncCapacity, 10)
	def(&o.VerificationCapacity, 10)
	def(&o.VerificationBatch, 10)
	def(&o.ConsistencyBatch, 10_000)
	def(&o.BackfillBatch, 1000)
	def(&o.ReverifyBatch, 1000)
	def(&o.EventBatch, 250)
	defDur(&o.Lease, state.DefaultLease)
	def(&o.RetryJitterMax, 30)
	def(&o.MaxConnections, 10)
	defDur(&o.ConnectionIdleTime, time.Minute)
	defDur(&o.TempSweepInterval, 10*time.Minute)
	defDur(&o.SelfVerifyInterval, 7*24*time.Hour)
	defDur(&o.ExistenceCheckInterval, time.Hour)
	defDur(&o.StaleTempAge, 5*time.Minute)
	return o
}

// retryJitter draws the random part of retry delays (see RetryJitterMax).
func (o Options) retryJitter() state.Jitter {
	n := o.RetryJitterMax
	return func() int { return rand.IntN(n) }
}
