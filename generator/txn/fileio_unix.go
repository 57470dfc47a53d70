//go:build unix

package txn

import (
	"io/fs"
	"syscall"

	"github.com/geogen/geogen/generator/internal/rawfile"
)

// The transaction's files are written, synced and read with bare system
// calls (see package rawfile): a transaction of a new type opens some
// fifty files and directories, and package os's extra calls were a third
// of its system calls.

// handle is a file written and not yet synced.
type handle struct {
	fd   int
	name string
}

// createFile creates name with flag (O_EXCL or O_TRUNC beside
// O_WRONLY|O_CREATE), writes content and gives it mode whatever the
// umask. The file is left open, unsynced, for syncClose.
func createFile(name string, flag int, content []byte, mode fs.FileMode) (handle, error) {
	fd, err := rawfile.Retry(func() (int, error) {
		return syscall.Open(name, flag|syscall.O_CLOEXEC, uint32(mode.Perm()))
	})
	if err != nil {
		return handle{}, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(content) > 0 {
		var n int
		n, err = rawfile.Retry(func() (int, error) { return syscall.Write(fd, content) })
		if err != nil {
			break
		}
		content = content[n:]
	}
	if err == nil {
		_, err = rawfile.Retry(func() (int, error) { return 0, syscall.Fchmod(fd, uint32(mode.Perm())) })
	}
	if err != nil {
		syscall.Close(fd)
		return handle{}, &fs.PathError{Op: "write", Path: name, Err: err}
	}
	return handle{fd: fd, name: name}, nil
}

// syncClose makes the file's content durable and closes it.
func (h handle) syncClose() error {
	_, err := rawfile.Retry(func() (int, error) { return 0, syscall.Fsync(h.fd) })
	if cerr := syscall.Close(h.fd); err == nil {
		err = cerr
	}
	if err != nil {
		return &fs.PathError{Op: "sync", Path: h.name, Err: err}
	}
	return nil
}

// close closes the file unsynced, after a failure.
func (h handle) close() { syscall.Close(h.fd) }

// syncDir makes the entries renamed into or out of dir durable.
func syncDir(dir string) error {
	fd, err := rawfile.Retry(func() (int, error) {
		return syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	_, err = rawfile.Retry(func() (int, error) { return 0, syscall.Fsync(fd) })
	if cerr := syscall.Close(fd); err == nil {
		err = cerr
	}
	if err != nil {
		return &fs.PathError{Op: "sync", Path: dir, Err: err}
	}
	return nil
}
