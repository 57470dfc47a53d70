//go:build unix

package site_test

import "syscall"

// flushWrites writes every dirty page of the machine to disk. A benchmark
// calls it after writing its fixture without fsync, so that the kernel's
// write-back of the fixture does not run during the timed part and slow
// the fsyncs measured there (PostgreSQL's commits, the blob store's).
func flushWrites() { syscall.Sync() }
