//go:build unix

package rawfile

import (
	"errors"
	"io/fs"
	"sync"
	"syscall"
)

// ReadPooled reads the whole file into a pooled buffer and hands it to
// use, which must not keep it: an open, reads until one returns nothing,
// and a close.
func ReadPooled(name string, use func([]byte)) error {
	fd, err := Retry(func() (int, error) {
		return syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	bp := buffers.Get().(*[]byte)
	defer buffers.Put(bp)
	buf := (*bp)[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := Retry(func() (int, error) { return syscall.Read(fd, buf[len(buf):cap(buf)]) })
		if err != nil {
			*bp = buf
			return &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n == 0 {
			break
		}
		buf = buf[:len(buf)+n]
	}
	*bp = buf
	use(buf)
	return nil
}

// buffers hold what ReadPooled reads; most generated files fit the
// first buffer.
var buffers = sync.Pool{New: func() any {
	b := make([]byte, 0, 64<<10)
	return &b
}}

// Retry makes a system call again while it is interrupted by a signal.
func Retry(call func() (int, error)) (int, error) {
	for {
		n, err := call()
		if !errors.Is(err, syscall.EINTR) {
			return n, err
		}
	}
}
