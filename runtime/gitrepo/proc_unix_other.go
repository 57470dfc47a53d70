//go:build unix && !linux

package gitrepo

import "syscall"

// dieWithParent does nothing: only Linux ties a child's life to its
// parent's.
func dieWithParent(*syscall.SysProcAttr) {}
