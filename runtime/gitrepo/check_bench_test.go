//go:build unix

package gitrepo_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/gitrepo"
)

// childCPU is the CPU time (user and system) of this process's finished
// child processes: the git commands.
func childCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCheck runs the integrity check a repository verification runs
// (a full git fsck) on a 64 MiB repository of incompressible blobs, and
// reports the CPU seconds git spends per GiB of repository: the cost of
// the secondaries' own verification of their mirrors. Text compresses
// and deltas, so a repository of source code inflates more bytes per
// GiB stored and costs more than this.
func BenchmarkCheck(b *testing.B) {
	const size = 64 << 20
	repo := randomRepository(b, size) + "/gizmos/1.git"
	m := &gitrepo.Mirror{}
	var cpu time.Duration
	b.SetBytes(size)
	for b.Loop() {
		before := childCPU(b)
		if err := m.Check(ctx, repo); err != nil {
			b.Fatal(err)
		}
		cpu += childCPU(b) - before
	}
	b.ReportMetric(cpu.Seconds()/(float64(b.N)*size/(1<<30)), "cpu_s/GiB")
}
