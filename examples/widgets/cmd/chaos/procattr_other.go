//go:build !linux

package main

import "syscall"

// detached puts a child in its own process group, so an interrupt of the
// harness reaches only the harness, which then stops its children itself.
func detached() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

// siteAttr is detached (only Linux can tie a child's life to the harness's).
func siteAttr() *syscall.SysProcAttr { return detached() }
