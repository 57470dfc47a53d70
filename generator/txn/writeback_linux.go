package txn

import "golang.org/x/sys/unix"

// startWriteback asks the kernel to start writing the file's data now,
// without waiting, so that the data of the files staged first is on its
// way while the next are written, and the syncs that follow mostly wait
// for I/O already issued. It is only a hint: the file's sync is what
// makes the data durable, and checks for errors.
func startWriteback(h handle) {
	_ = unix.SyncFileRange(h.fd, 0, 0, unix.SYNC_FILE_RANGE_WRITE)
}
