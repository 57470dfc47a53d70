package main

import "syscall"

// detached puts a child in its own process group, so an interrupt of the
// harness reaches only the harness, which then stops its children itself.
func detached() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

// siteAttr is detached, and the site dies with the harness (the kernel
// sends it SIGKILL), so no site outlives a harness that was killed.
func siteAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
