//go:build unix

package gitrepo

import (
	"os/exec"
	"syscall"
)

// killGroupOnCancel runs cmd in a process group of its own and, when its
// context ends, kills the whole group: git clone and fetch start helpers
// (git-remote-http, index-pack) that would otherwise keep writing into a
// directory being removed. Where the system allows it, git also dies with
// this process: a git left running after the site was killed would keep
// writing into the clone the next site process removes at start.
func killGroupOnCancel(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	dieWithParent(cmd.SysProcAttr)
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
