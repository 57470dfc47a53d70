// Package rawfile reads and retries file system calls the way geogen's
// hot paths need: a check reads every file of a project, and a
// transaction writes, syncs and compares some fifty, so the extra system
// calls of package os (on Unix, os.Open makes each descriptor
// non-blocking, offers it to the network poller and makes it blocking
// again: four fcntl calls and an epoll_ctl that fails for a regular
// file; os.ReadFile also asks for the size first) were a third of what
// those commands cost. Errors are *fs.PathError, as from package os, so
// that callers can test for fs.ErrNotExist.
package rawfile
