//go:build !linux

package blobstore

import "os"

// startWriteback is a no-op where sync_file_range does not exist; fsync
// alone makes the blob durable.
func startWriteback(f *os.File, off, n int64) {}
