package site

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// repeatSummaryInterval is how often a failure that keeps repeating is
// logged again, with the count of its repeats.
const repeatSummaryInterval = time.Minute

// repeatedErrors logs a failing operation's errors without flooding the
// log when the same error comes back on every attempt (a claim polled
// every few seconds while the database is down): the first occurrence is
// logged in full, its repeats are counted and summed up once a minute
// while they last, and once more when they stop (the operation
// succeeds, or fails with another error, which is logged in full).
type repeatedErrors struct {
	log *slog.Logger
	msg string
	now func() time.Time // nil: time.Now

	mu       sync.Mutex
	last     string    // the error being repeated; "" when the last attempt succeeded
	repeats  int       // repeats of last not logged yet
	total    int       // repeats of last since it was first logged
	loggedAt time.Time // when last, or its summary, was logged

	// The failures since the last success, whatever their errors: how
	// long the operation has kept failing (see failing).
	failingSince time.Time // zero while it succeeds
	failures     int
}

func (r *repeatedErrors) clock() time.Time {
	if r.now != nil {
		return r.now()
	}
	return time.Now()
}

// failed records one failure.
func (r *repeatedErrors) failed(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.clock()
	if r.failures == 0 {
		r.failingSince = now
	}
	r.failures++
	text := err.Error()
	if text == r.last {
		r.repeats++
		r.total++
		if now.Sub(r.loggedAt) >= repeatSummaryInterval {
			r.summary("still failing")
			r.loggedAt = now
		}
		return
	}
	r.summary("stopped repeating")
	r.last, r.repeats, r.total, r.loggedAt = text, 0, 0, now
	r.log.Error(r.msg, "error", err)
}

// succeeded records a success: the repeats of the last failure not
// logged yet are summed up.
func (r *repeatedErrors) succeeded() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failingSince, r.failures = time.Time{}, 0
	if r.last == "" {
		return
	}
	r.summary("stopped repeating")
	r.last, r.repeats, r.total = "", 0, 0
}

// logOutcome records the outcome of one run of a background loop's
// operation in r: an error is logged (collapsed with its repeats), a
// success ends a run of failures. An error after ctx ended is the
// shutdown's, not the operation's, and is left out.
func logOutcome(ctx context.Context, r *repeatedErrors, err error) {
	switch {
	case err == nil:
		r.succeeded()
	case ctx.Err() == nil:
		r.failed(err)
	}
}

// summary logs how often the last error repeated since it was last
// logged, if it did.
func (r *repeatedErrors) summary(how string) {
	if r.repeats == 0 {
		return
	}
	r.log.Error(r.msg+": the same error "+how, "error", r.last, "repeats", r.repeats, "repeats_in_all", r.total,
		"since", r.loggedAt.UTC().Format(time.RFC3339))
	r.repeats = 0
}

// streak is how an operation has kept failing: since when, how many
// attempts, and the latest error.
type streak struct {
	since    time.Time
	attempts int
	latest   string
}

// failing returns the failures since the last success, and false when
// the last attempt succeeded (or there was none).
func (r *repeatedErrors) failing() (streak, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failures == 0 {
		return streak{}, false
	}
	return streak{since: r.failingSince, attempts: r.failures, latest: r.last}, true
}
