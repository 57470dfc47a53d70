package replicator

import (
	"context"
	"sync"
)

// pathLocks serialises the git work on each mirror within one process.
//
// The registry's claim lets one worker sync a record at a time, but an
// updated event sends a row being synced back to pending, and the
// scheduler may claim it again while the first fetch still runs. Two git
// processes must not clone or fetch into the same mirror at once (the
// second clone's rename would fail, two fetches race on refs), so the
// second sync waits here for the first to finish, then fetches the new
// refs; the first one's Synced no longer applies. GitLab takes an
// exclusive lease per repository for the same reason. A repository root
// is served by one secondary process.
type pathLocks struct {
	mu    sync.Mutex
	locks map[string]*pathLock
}

type pathLock struct {
	held  chan struct{} // a token while someone holds the lock
	users int           // holders and waiters; the entry goes at zero
}

// lock waits until path is free or ctx ends, and returns the function
// that frees it.
func (p *pathLocks) lock(ctx context.Context, path string) (func(), error) {
	p.mu.Lock()
	if p.locks == nil {
		p.locks = map[string]*pathLock{}
	}
	l := p.locks[path]
	if l == nil {
		l = &pathLock{held: make(chan struct{}, 1)}
		p.locks[path] = l
	}
	l.users++
	p.mu.Unlock()

	release := func() {
		p.mu.Lock()
		l.users--
		if l.users == 0 {
			delete(p.locks, path)
		}
		p.mu.Unlock()
	}
	select {
	case l.held <- struct{}{}:
		return func() { <-l.held; release() }, nil
	case <-ctx.Done():
		release()
		return nil, ctx.Err()
	}
}
