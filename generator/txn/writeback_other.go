//go:build !linux

package txn

// startWriteback is a hint that only Linux takes (see writeback_linux.go).
func startWriteback(handle) {}
