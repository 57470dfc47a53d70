package site

import (
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
	if r.last == "" {
		return
	}
	r.summary("stopped repeating")
	r.last, r.repeats, r.total = "", 0, 0
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
