package state

import (
	"sync"
	"time"
)

// DefaultLease is how long a claim on a row (a sync or a verification in
// progress) lasts unless its worker renews it. Workers renew every third
// of it, so a worker that dies, hangs or loses its database is noticed
// within one lease, on whatever machine the other workers run.
const DefaultLease = 30 * time.Second

// Held is the set of rows one process is working on, each with the start
// time its claim stamped: what it renews the leases of. It is safe for
// concurrent use.
type Held struct {
	mu   sync.Mutex
	rows map[int64]time.Time
}

// Add records that the process works on key, claimed at startedAt.
func (h *Held) Add(key int64, startedAt time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.rows == nil {
		h.rows = map[int64]time.Time{}
	}
	h.rows[key] = startedAt
}

// Release forgets key if it is still held with that start time: a later
// claim of the same row by this process keeps its own entry.
func (h *Held) Release(key int64, startedAt time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if at, ok := h.rows[key]; ok && at.Equal(startedAt) {
		delete(h.rows, key)
	}
}

// Snapshot returns the rows held now.
func (h *Held) Snapshot() map[int64]time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make(map[int64]time.Time, len(h.rows))
	for k, v := range h.rows {
		out[k] = v
	}
	return out
}

// Len is how many rows are held.
func (h *Held) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.rows)
}
