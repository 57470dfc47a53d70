//go:build !unix

package generator

import (
	"bytes"
	"os"
)

// readFile is os.ReadFile, returning like when the file holds exactly
// its bytes; see readfile_unix.go for why Unix reads differently.
func readFile(name string, like []byte) ([]byte, error) {
	b, err := os.ReadFile(name)
	if err == nil && like != nil && bytes.Equal(b, like) {
		return like, nil
	}
	return b, err
}

// readPooled reads the whole file and hands it to use.
func readPooled(name string, use func([]byte)) error {
	b, err := os.ReadFile(name)
	if err == nil {
		use(b)
	}
	return err
}
