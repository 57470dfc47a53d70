package replicator

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/state"
	"github.com/geogen/geogen/runtime/verification"
)

// Recording an outcome (synced, failed, verified) is retried for up to
// recordPatience when the database fails: after a short outage the work
// already done is kept instead of being redone. Past it the row's lease
// has long expired and another claim owns the row; every recording is
// conditional on the claim it belongs to, so a late success changes
// nothing that is not its own.
var recordPatience = 2 * state.DefaultLease

// recordBackoff is the wait after the first failed attempt; it doubles up
// to recordMaxWait.
var (
	recordBackoff = 100 * time.Millisecond
	recordMaxWait = 5 * time.Second
)

// record runs fn, which writes an outcome to the database, until it
// succeeds, returns a refusal of the state machine (the row moved or went
// away: retrying cannot change that), ctx ends or recordPatience passes.
// Every failed attempt is logged.
func record(ctx context.Context, log *slog.Logger, what string, fn func(ctx context.Context) error) error {
	deadline := time.Now().Add(recordPatience)
	wait := recordBackoff
	for attempt := 1; ; attempt++ {
		err := fn(ctx)
		if err == nil || final(err) || ctx.Err() != nil {
			return err
		}
		if time.Now().Add(wait).After(deadline) {
			log.Error("recording the outcome failed; giving up, the row's lease expiry will retry the work",
				"outcome", what, "attempt", attempt, "error", err)
			return err
		}
		log.Error("recording the outcome failed; retrying", "outcome", what, "attempt", attempt, "retry_in", wait, "error", err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		wait = min(2*wait, recordMaxWait)
	}
}

// final reports whether err is an answer rather than a failure to ask.
func final(err error) bool {
	return errors.Is(err, registry.ErrNotFound) || errors.Is(err, registry.ErrInvalidTransition) ||
		errors.Is(err, verification.ErrNotFound) || errors.Is(err, verification.ErrInvalidTransition)
}
