//go:build !unix

package generator

import "os"

// readFile is os.ReadFile; see readfile_unix.go for why Unix differs.
func readFile(name string) ([]byte, error) { return os.ReadFile(name) }
