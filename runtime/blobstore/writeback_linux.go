package blobstore

import (
	"os"

	"golang.org/x/sys/unix"
)

// startWriteback asks the kernel to begin writing the given range of f to
// disk without waiting for it. Started while the rest of the blob is still
// arriving, the write-back overlaps the transfer, and the final fsync only
// waits for the tail. It is a hint: errors are ignored, and fsync still
// decides durability.
func startWriteback(f *os.File, off, n int64) {
	rc, err := f.SyscallConn()
	if err != nil {
		return
	}
	rc.Control(func(fd uintptr) {
		unix.SyncFileRange(int(fd), off, n, unix.SYNC_FILE_RANGE_WRITE)
	})
}
