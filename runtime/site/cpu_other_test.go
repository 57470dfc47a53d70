//go:build !unix

package site_test

import (
	"testing"
	"time"
)

// processCPU is 0 where there is no getrusage(2): the CPU figures of the
// benchmarks read 0 there.
func processCPU(*testing.B) time.Duration { return 0 }
