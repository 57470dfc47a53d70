package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// uninterrupted runs fn, a write to the project, with SIGINT and SIGTERM
// held: a Ctrl-C or a kill during a write lets the write finish (or roll
// back) and then ends the command, so the project is never left between
// two states by a signal that can be caught. (SIGKILL cannot be caught;
// the next command recovers from it.)
func (a *app) uninterrupted(fn func() error) error {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	err := fn()
	signal.Stop(ch)
	select {
	case s := <-ch:
		return &interruptedError{sig: s, err: err}
	default:
		return err
	}
}

// interruptedError is a write a signal arrived during: err is the
// write's own error, nil when it was finished.
type interruptedError struct {
	sig os.Signal
	err error
}

func (e *interruptedError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("interrupted (%v) while writing: the write was finished first, so the project is complete", e.sig)
	}
	return fmt.Sprintf("interrupted (%v) while writing: %v", e.sig, e.err)
}

func (e *interruptedError) Unwrap() error { return e.err }

// wroteAll reports whether err is a signal that came during a write
// which was then finished: the command stops, but its changes are made,
// so no "nothing was changed" may follow it.
func wroteAll(err error) bool {
	var ie *interruptedError
	return errors.As(err, &ie) && ie.err == nil
}

// held catches SIGINT and SIGTERM until the returned stop is called, for
// a command whose steps after its write (init --tidy's go mod tidy) are
// part of it: a signal then stops the command as a whole, which undoes
// its write, instead of killing geogen between two steps.
func held() (<-chan os.Signal, func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	return ch, func() { signal.Stop(ch) }
}
