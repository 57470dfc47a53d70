package site

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// giveBackTimeout bounds the statement that gives a stopping worker's row
// back: the stop goes on without it (the lease then expires).
const giveBackTimeout = 5 * time.Second

// giveBack runs give, the return of a row whose work a stop cut short, on
// a context of its own: ctx has ended.
func giveBack(ctx context.Context, log *slog.Logger, what, name string, give func(context.Context) (int64, error)) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), giveBackTimeout)
	defer cancel()
	if _, err := give(ctx); err != nil {
		log.Warn("stopping: could not give back an unfinished "+what+"; it is retried when its lease expires", "replicable_name", name, "error", err)
	}
}

// GiveBackClaims sends every sync and verification this secondary's
// workers still hold back to pending: what a stopping site does with the
// work that did not finish within its shutdown timeout, so that the next
// worker takes it up at once rather than after the leases expire. It
// returns how many rows went back.
func (s *Secondary) GiveBackClaims(ctx context.Context) (int64, error) {
	var total int64
	var errs []error
	for _, t := range s.types {
		n, err := t.registry.GiveBackHeld(ctx)
		total += n
		errs = append(errs, err)
		n, err = t.verifier.Store.GiveBackHeld(ctx)
		total += n
		errs = append(errs, err)
	}
	return total, errors.Join(errs...)
}

// GiveBackClaims sends every verification this primary's workers still
// hold back to pending; see Secondary.GiveBackClaims.
func (p *Primary) GiveBackClaims(ctx context.Context) (int64, error) {
	var total int64
	var errs []error
	for _, t := range p.types {
		n, err := t.verifier.Store.GiveBackHeld(ctx)
		total += n
		errs = append(errs, err)
	}
	return total, errors.Join(errs...)
}
