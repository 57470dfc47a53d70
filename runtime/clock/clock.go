// Package clock gives the runtime one source of "now" that tests can control.
//
// Every time the runtime stores is taken from a Clock rather than from the
// database server, so that SQLite and PostgreSQL store the same values and
// tests can move time forward to exercise retries, timeouts and
// reverification without sleeping.
package clock

import (
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface {
	Now() time.Time
}

// System is the wall clock.
type System struct{}

// Now returns the current time in UTC, truncated to microseconds, the
// precision PostgreSQL keeps.
func (System) Now() time.Time { return Normalize(time.Now()) }

// Normalize converts t to the form the runtime stores: UTC, microseconds.
// Comparing a value read back from either database with one that was never
// stored only works when both went through Normalize.
func Normalize(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// Fake is a Clock that only moves when told to. It is safe for concurrent use.
type Fake struct {
	mu  sync.Mutex
	now time.Time
}

// NewFake returns a Fake clock set to t.
func NewFake(t time.Time) *Fake { return &Fake{now: Normalize(t)} }

// Now returns the fake time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Advance moves the fake time forward by d.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = Normalize(f.now.Add(d))
}

// Set moves the fake time to t.
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = Normalize(t)
}
