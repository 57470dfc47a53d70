package state

import (
	"math/rand/v2"
	"time"
)

// Retry caps: a failed sync or verification is retried at most this long
// after the failure (plus one first-retry delay), however many attempts
// failed before.
const (
	DefaultMaxRetryWait          = time.Hour
	MissingOnPrimaryMaxRetryWait = 4 * time.Hour
)

// Jitter returns a number in [0, 30). The default draws at random; tests
// pass a fixed one so retry times are exact.
type Jitter func() int

// RandomJitter is the production Jitter.
func RandomJitter() int { return rand.IntN(30) }

// Delay is the wait before retry attempt n: n⁴ + 15 + jitter×(n+1) seconds,
// the Sidekiq-style curve the framework uses. n is capped so n⁴ cannot
// overflow; the cap in NextRetryTime makes larger n meaningless anyway.
func Delay(n int, jitter Jitter) time.Duration {
	if n < 0 {
		n = 0
	}
	if n > 1000 {
		n = 1000
	}
	if jitter == nil {
		jitter = RandomJitter
	}
	secs := int64(n)*int64(n)*int64(n)*int64(n) + 15 + int64(jitter())*int64(n+1)
	return time.Duration(secs) * time.Second
}

// NextRetryTime is when attempt n may run again: now + Delay(n), but never
// later than now + maxWait + Delay(1). A zero maxWait means
// DefaultMaxRetryWait.
func NextRetryTime(now time.Time, n int, maxWait time.Duration, jitter Jitter) time.Time {
	if maxWait <= 0 {
		maxWait = DefaultMaxRetryWait
	}
	next := now.Add(Delay(n, jitter))
	limit := now.Add(maxWait + Delay(1, jitter))
	if next.After(limit) {
		return limit
	}
	return next
}
