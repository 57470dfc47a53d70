package txn

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Lock is the project's write lock, held from reading geogen.yaml to the
// end of the command, so that two commands never plan from the same
// manifest and lose each other's types or take the same migration
// version. The operating system releases it when the process ends,
// however it ends.
type Lock struct{ f *os.File }

// ErrBusy is returned by Acquire when another process held the lock for
// longer than it was willing to wait.
var ErrBusy = errors.New("another geogen command is running in this project")

// Acquire takes root's lock, waiting up to wait for a holder to finish;
// waiting, if not nil, is called once when it has to wait.
func Acquire(root string, wait time.Duration, waiting func(holder string)) (*Lock, error) {
	dir, err := stateDir(root)
	if errors.Is(err, ErrStateNotDir) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", Dir, err)
	}
	name := filepath.Join(dir, "lock")
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open %s/lock: %w", Dir, err)
	}
	deadline := time.Now().Add(wait)
	told := false
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s/lock: %w", Dir, err)
		}
		if ok {
			break
		}
		holder := holderOf(f)
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("%w (%s holds %s/lock); wait for it to finish, then rerun", ErrBusy, holder, Dir)
		}
		if !told && waiting != nil {
			waiting(holder)
			told = true
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The holder's process id, for the message of whoever waits next.
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &Lock{f: f}, nil
}

// holderOf names the process that holds the lock, as far as it said.
func holderOf(f *os.File) string {
	buf := make([]byte, 32)
	n, _ := f.ReadAt(buf, 0)
	if pid := string(bytes.TrimSpace(buf[:n])); pid != "" {
		return "process " + pid
	}
	return "another process"
}

// Release gives the lock up. It is safe on a nil Lock and more than once.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := unlock(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}
