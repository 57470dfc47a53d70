//go:build !unix

package gitrepo

import "os/exec"

// killGroupOnCancel leaves the default: the context kills git itself.
func killGroupOnCancel(cmd *exec.Cmd) {}
