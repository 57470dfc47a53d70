package main

import (
	"fmt"
	"time"
)

// clockEnv pins the clock for reproducible runs: migration versions are
// taken from it by `geogen new`, and tests and example projects must
// produce the same files every time.
const clockEnv = "GEOGEN_NOW"

// clock returns the time new types are stamped with.
func (a *app) clock() (time.Time, error) {
	s := a.getenv(clockEnv)
	if s == "" {
		return a.now(), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, usageErr(fmt.Sprintf("%s=%q is not an RFC 3339 time", clockEnv, s), "e.g. "+clockEnv+"=2026-11-22T01:02:03Z")
	}
	return t, nil
}
