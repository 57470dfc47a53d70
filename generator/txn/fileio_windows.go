//go:build windows

package txn

import (
	"io/fs"
	"os"
)

// handle is a file written and not yet synced; see fileio_unix.go.
type handle struct{ f *os.File }

func createFile(name string, flag int, content []byte, mode fs.FileMode) (handle, error) {
	f, err := os.OpenFile(name, flag, mode.Perm())
	if err != nil {
		return handle{}, err
	}
	_, err = f.Write(content)
	if err == nil {
		err = f.Chmod(mode.Perm())
	}
	if err != nil {
		f.Close()
		return handle{}, err
	}
	return handle{f}, nil
}

func (h handle) syncClose() error {
	err := h.f.Sync()
	if cerr := h.f.Close(); err == nil {
		err = cerr
	}
	return err
}

func (h handle) close() { h.f.Close() }

// syncDir: Windows cannot open a directory for syncing; NTFS journals
// renames itself.
func syncDir(string) error { return nil }
