package replicator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/gitrepo"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/verification"
)

// FailureVerification is the verification failure recorded when the
// checksum cannot be computed.
const FailureVerification = "Error during verification"

// Outcome is how one verification ended.
type Outcome int

// The outcomes.
const (
	Verified           Outcome = iota + 1 // checksum recorded (and, on a secondary, equal to the primary's)
	VerificationFailed                    // the checksum could not be computed
	Mismatch                              // secondary: the checksum differs from the primary's; a resync follows
	NotReady                              // secondary: the primary has no checksum yet; verification disabled until it has
	Superseded                            // the row was set pending again while it was checksummed: it will be verified again
	Missing                               // secondary: the copy is gone; recorded as VerificationFailed, a resync follows
	Corrupt                               // secondary: git reports the mirror corrupt; recorded as VerificationFailed, a new clone follows
)

func (o Outcome) String() string {
	switch o {
	case Verified:
		return "verified"
	case VerificationFailed:
		return "failed"
	case Mismatch:
		return "mismatch"
	case NotReady:
		return "not_ready"
	case Superseded:
		return "superseded"
	case Missing:
		return "missing"
	case Corrupt:
		return "corrupt"
	}
	return "unknown"
}

// Verifier verifies claimed records of one type on one site: on the
// primary it records the checksum in the state table and announces it
// with a checksum_succeeded event; on a secondary it compares the local
// checksum with the primary's.
type Verifier struct {
	Replicator Replicator
	// Store is the type's verification store of this site's side:
	// verification.NewPrimary or verification.NewSecondary.
	Store *verification.Store
	// Main is the primary's main database (on a secondary, the read-only
	// view): where checksum_succeeded is published, or the primary's
	// checksum is read.
	Main  *sqldb.DB
	Flags flags.Source
	Clock clock.Clock
	Log   *slog.Logger // nil: slog.Default()
}

// Verify checksums one record whose verification the caller has started
// (ClaimBatch) and records the outcome. When ctx ends mid-way nothing is
// recorded: the row stays started until its lease expires.
func (v *Verifier) Verify(ctx context.Context, key int64) (Outcome, error) {
	switch v.Store.Side() {
	case verification.Primary:
		return v.verifyPrimary(ctx, key)
	case verification.Secondary:
		return v.verifySecondary(ctx, key)
	}
	return 0, fmt.Errorf("verify: store of unknown side %d", v.Store.Side())
}

// VerifyNow starts the verification of one record, whatever its state,
// and runs it at once, as GitLab's replicator.verify does for an
// administrator asking for a record's checksum: the caller waits for the
// outcome instead of a worker picking the row up. A record without a
// verification row gets an error matching verification.ErrNotFound.
func (v *Verifier) VerifyNow(ctx context.Context, key int64) (Outcome, error) {
	it, err := v.Store.Start(ctx, key)
	if err != nil {
		return 0, err
	}
	defer v.Store.Release(it)
	return v.Verify(ctx, key)
}

func (v *Verifier) verifyPrimary(ctx context.Context, key int64) (Outcome, error) {
	d := v.Replicator.Descriptor()
	sum, err := v.Replicator.Checksum(ctx, key)
	if err != nil {
		return v.failed(ctx, key, err)
	}
	if err := v.record(ctx, key, "verified", func(ctx context.Context) error { return v.Store.Succeeded(ctx, key, sum) }); err != nil {
		return v.superseded(err)
	}
	if flags.ReplicationEnabled(v.Flags, d) {
		// Secondaries set their verification pending when they read it,
		// so they compare with this new checksum.
		if _, err := eventlog.Publish(ctx, v.Main, v.now(), d.Name, eventlog.ChecksumSucceeded,
			eventlog.Payload{ModelRecordID: key}); err != nil {
			return Verified, err
		}
	}
	return Verified, nil
}

func (v *Verifier) verifySecondary(ctx context.Context, key int64) (Outcome, error) {
	primary, err := PrimaryChecksum(ctx, v.Main, v.Replicator.Descriptor(), key)
	if err != nil {
		return v.failed(ctx, key, err)
	}
	if primary == nil {
		// Nothing to compare with yet; the primary's checksum_succeeded
		// event sets it pending again.
		if err := v.record(ctx, key, "verification disabled", func(ctx context.Context) error { return v.Store.Disable(ctx, key) }); err != nil {
			return 0, err
		}
		return NotReady, readyToVerify(ctx, v.Main, v.Replicator.Descriptor(), v.Store, key)
	}
	local, err := v.Replicator.Checksum(ctx, key)
	if err != nil {
		outcome, ferr := v.failed(ctx, key, err)
		if ferr == nil {
			outcome = damagedCopy(err, outcome)
		}
		return outcome, ferr
	}
	if !bytes.Equal(local, primary) {
		return Mismatch, v.record(ctx, key, "checksum mismatch", func(ctx context.Context) error {
			return v.Store.ChecksumMismatch(ctx, key, primary, local)
		})
	}
	if err := v.record(ctx, key, "verified", func(ctx context.Context) error { return v.Store.Succeeded(ctx, key, local) }); err != nil {
		return v.superseded(err)
	}
	return Verified, nil
}

// damagedCopy is the outcome of a secondary's verification that could
// not checksum its copy because the copy is damaged (gone, or corrupt as
// git sees it), and otherwise outcome. Either is recorded as a failed
// verification; the outcome says why, for the site's damage counter.
func damagedCopy(cause error, outcome Outcome) Outcome {
	switch {
	case errors.Is(cause, ErrNotChecksummable):
		return Missing
	case errors.Is(cause, gitrepo.ErrCorrupt):
		return Corrupt
	}
	return outcome
}

// superseded turns the refusal of Succeeded for a row that is no longer
// started (set pending meanwhile by a new primary checksum, a resync or a
// re-verification) into the Superseded outcome: not an error, the row is
// claimed again later.
func (v *Verifier) superseded(err error) (Outcome, error) {
	if errors.Is(err, verification.ErrInvalidTransition) {
		return Superseded, nil
	}
	return 0, err
}

func (v *Verifier) failed(ctx context.Context, key int64, cause error) (Outcome, error) {
	if ctx.Err() != nil {
		return 0, ctx.Err()
	}
	err := v.record(ctx, key, "verification failed", func(ctx context.Context) error {
		return v.Store.Failed(ctx, key, FailureVerification, cause)
	})
	if err != nil {
		return 0, errors.Join(cause, err)
	}
	return VerificationFailed, nil
}

// record writes one outcome of the verification of key, retrying while
// the database fails (see record).
func (v *Verifier) record(ctx context.Context, key int64, what string, fn func(ctx context.Context) error) error {
	log := v.Log
	if log == nil {
		log = slog.Default()
	}
	log = log.With(slog.String("replicable_name", v.Replicator.Descriptor().Name), slog.Int64("model_record_id", key))
	return record(ctx, log, what, fn)
}

func (v *Verifier) now() time.Time {
	if v.Clock == nil {
		return clock.System{}.Now()
	}
	return v.Clock.Now()
}

// readyToVerify sets a secondary's verification of a record pending when
// the primary has a checksum for it now. It runs after verification was
// disabled for want of one: the primary's checksum_succeeded event may
// have been applied just before, and is then not coming again. The
// primary commits the checksum before publishing the event, so reading it
// after disabling cannot miss both while the primary runs; a primary
// killed between the two never publishes the event, which the secondary's
// upkeep covers (ReadyToVerify).
func readyToVerify(ctx context.Context, main *sqldb.DB, d *replicable.Descriptor, vs *verification.Store, key int64) error {
	_, err := ReadyToVerify(ctx, main, d, vs, key)
	return err
}

// ReadyToVerify sets a secondary's disabled verification of a record
// pending when the primary has a checksum for it now, and reports whether
// it did.
func ReadyToVerify(ctx context.Context, main *sqldb.DB, d *replicable.Descriptor, vs *verification.Store, key int64) (bool, error) {
	sum, err := PrimaryChecksum(ctx, main, d, key)
	if err != nil || sum == nil {
		return false, err
	}
	return true, vs.Pending(ctx, key)
}
