package site

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// pool runs a fixed number of workers fed by one dispatcher that claims
// work from the database.
//
// The dispatcher claims no more items than there are idle workers, so an
// item is claimed (marked started in the database) only when a worker is
// ready for it: nothing claimed waits in a queue, and a shutdown leaves no
// claimed row that nobody was working on. While some workers are busy it
// claims for several idle ones at once rather than one claim per finished
// item.
type pool[J any] struct {
	name     string
	capacity int
	interval time.Duration
	wake     <-chan struct{} // optional: look for work now
	log      *slog.Logger

	// claim returns at most limit items, marking them started.
	claim func(ctx context.Context, limit int) ([]J, error)
	// work processes one claimed item; it logs its own failures.
	work func(ctx context.Context, item J)

	// untilIdle makes run return once a claim finds nothing and every
	// worker is idle: one pass over the work there is now.
	untilIdle bool

	// renew, if set, extends the leases of the items being worked on; run
	// calls it every renewEvery while it runs.
	renew      func(ctx context.Context)
	renewEvery time.Duration

	now func() time.Time // nil: time.Now; when repeated claim failures are summed up

	// claimErrors, if set, records the claim failures (the site reads
	// them for its health); nil: run keeps its own.
	claimErrors *repeatedErrors
}

// run works until ctx ends (or, with untilIdle, until there is no work)
// and returns how many items it processed.
func (p *pool[J]) run(ctx context.Context) int {
	capacity := max(p.capacity, 1)
	jobs := make(chan J, capacity)
	freed := make(chan struct{}, 1)
	var idle atomic.Int64
	var done atomic.Int64
	idle.Store(int64(capacity))
	var wg sync.WaitGroup
	for range capacity {
		wg.Go(func() {
			for j := range jobs {
				p.work(ctx, j)
				done.Add(1)
				idle.Add(1)
				select {
				case freed <- struct{}{}:
				default:
				}
			}
		})
	}
	stopRenewing := p.renewLeases(ctx)
	defer func() {
		close(jobs)
		wg.Wait()
		stopRenewing() // after the workers: the last ones still hold leases
	}()

	// A claim is a database round trip and, on PostgreSQL, a commit: one
	// per finished item would cost as much as the item itself when items
	// are small. So while other workers are busy, the dispatcher waits
	// until a quarter of them are idle and claims for all of them at once.
	batch := max(1, capacity/4)
	// While the database is unreachable every claim fails the same way:
	// the first failure is logged, its repeats summed up.
	claimErrors := p.claimErrors
	if claimErrors == nil {
		claimErrors = newClaimErrors(p.name, p.log, p.now)
	}
	for ctx.Err() == nil {
		n := int(idle.Load())
		if n == 0 || (n < batch && n < capacity) {
			p.wait(ctx, freed, nil)
			continue
		}
		// Only a claim made while every worker was idle proves there is no
		// work: a worker that finishes during the claim may send its row
		// back to pending (an update consumed mid-sync), after the claim
		// looked.
		allIdle := n == capacity
		items, err := p.claim(ctx, n)
		switch {
		case err == nil:
			claimErrors.succeeded()
		case ctx.Err() == nil:
			claimErrors.failed(err)
		}
		for _, it := range items {
			idle.Add(-1)
			jobs <- it // never blocks: len(items) <= idle workers
		}
		if len(items) > 0 {
			continue
		}
		if p.untilIdle && allIdle {
			break
		}
		p.wait(ctx, freed, p.wake)
	}
	return int(done.Load())
}

// newClaimErrors returns the record of a pool's claim failures.
func newClaimErrors(pool string, log *slog.Logger, now func() time.Time) *repeatedErrors {
	return &repeatedErrors{log: log, msg: pool + ": claim failed", now: now}
}

// renewLeases calls renew every renewEvery until the returned function is
// called, which waits for a renewal in progress.
func (p *pool[J]) renewLeases(ctx context.Context) (stop func()) {
	if p.renew == nil || p.renewEvery <= 0 {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(p.renewEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				p.renew(ctx)
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// wait sleeps until a worker finishes, a wake-up arrives, the interval
// passes or ctx ends. It reports whether a worker finished.
func (p *pool[J]) wait(ctx context.Context, freed, wake <-chan struct{}) bool {
	t := time.NewTimer(p.interval)
	defer t.Stop()
	select {
	case <-freed:
		return true
	case <-wake:
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}
