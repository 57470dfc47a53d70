//go:build !unix

package site_test

// flushWrites does nothing where there is no sync(2); see the unix file.
func flushWrites() {}
