package main

import (
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
		if err == nil {
			return fmt.Errorf("interrupted (%v) while writing: the write was finished first, so the project is complete", s)
		}
		return fmt.Errorf("interrupted (%v) while writing: %w", s, err)
	default:
		return err
	}
}
