package site

import (
	"fmt"
	"time"
)

// ClaimFailureGrace is how long every claim of a worker must have failed
// before the site counts it as a failing worker: a claim that fails once
// (a database restart, a dropped connection) is simply retried at the
// next poll, and only one that keeps failing means no work gets done.
const ClaimFailureGrace = time.Minute

// claimLoop is one worker loop's record of its claim failures.
type claimLoop struct {
	name   string // the pool's name: "sync scheduler"
	errors *repeatedErrors
}

// failingWorkers returns a health reason for each loop whose claims have
// all failed for ClaimFailureGrace or longer, up to now.
func failingWorkers(now time.Time, loops ...claimLoop) []string {
	var reasons []string
	for _, l := range loops {
		s, ok := l.errors.failing()
		if !ok || now.Sub(s.since) < ClaimFailureGrace {
			continue
		}
		reasons = append(reasons, fmt.Sprintf("failing workers: the %s has failed to claim work for %s (failed claims: %d; latest: %s)",
			l.name, now.Sub(s.since).Round(time.Second), s.attempts, s.latest))
	}
	return reasons
}
