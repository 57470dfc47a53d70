package gitrepo

import "syscall"

// dieWithParent has the kernel kill the child when this process dies; its
// helpers then see their pipes close and stop too.
func dieWithParent(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
