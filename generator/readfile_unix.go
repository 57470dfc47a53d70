//go:build unix

package generator

import (
	"bytes"
	"errors"
	"io/fs"
	"sync"
	"syscall"
)

// readFile is os.ReadFile in a third of the system calls, which is most
// of what a check of a large project costs once its rendering is cached:
// os.Open also makes the descriptor non-blocking, offers it to the
// network poller and makes it blocking again (four fcntl calls and an
// epoll_ctl that fails for a regular file), and ReadFile asks for its
// size first. Here a file is an open, reads into a reused buffer until
// one returns nothing, and a close. Errors are *fs.PathError, as from
// os.ReadFile, so that callers can test for fs.ErrNotExist.
//
// When the file holds exactly the bytes of like (non-nil), like itself
// is returned and nothing is copied: a check of an up-to-date project
// then holds one copy of each file, the rendered one, rather than two.
func readFile(name string, like []byte) ([]byte, error) {
	var out []byte
	err := readPooled(name, func(buf []byte) {
		if like != nil && bytes.Equal(buf, like) {
			out = like
			return
		}
		out = make([]byte, len(buf))
		copy(out, buf)
	})
	return out, err
}

// readPooled reads the whole file into a pooled buffer and hands it to
// use, which must not keep it.
func readPooled(name string, use func([]byte)) error {
	fd, err := ignoringEINTR(func() (int, error) {
		return syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	bp := readBuffers.Get().(*[]byte)
	defer readBuffers.Put(bp)
	buf := (*bp)[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := ignoringEINTR(func() (int, error) { return syscall.Read(fd, buf[len(buf):cap(buf)]) })
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

// readBuffers hold what readFile reads before it is copied out at its
// exact size; most generated files fit the first buffer.
var readBuffers = sync.Pool{New: func() any {
	b := make([]byte, 0, 64<<10)
	return &b
}}

func ignoringEINTR(call func() (int, error)) (int, error) {
	for {
		n, err := call()
		if !errors.Is(err, syscall.EINTR) {
			return n, err
		}
	}
}
