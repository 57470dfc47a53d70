//go:build !unix

package rawfile

import "os"

// ReadPooled reads the whole file and hands it to use; see read_unix.go.
func ReadPooled(name string, use func([]byte)) error {
	b, err := os.ReadFile(name)
	if err == nil {
		use(b)
	}
	return err
}
