package state

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
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

// LeaseExpiry is the expiry of a claim made or renewed at now: lease
// ahead, or DefaultLease when lease is not positive.
func LeaseExpiry(now time.Time, lease time.Duration) time.Time {
	if lease <= 0 {
		lease = DefaultLease
	}
	return now.Add(lease)
}

// LeaseColumns name where a table keeps its claims: the row's key, the
// state column and its started value, the start time the claim stamped
// and the column holding the lease's expiry.
type LeaseColumns struct {
	Table     string
	Key       string
	State     string
	Started   int
	StartedAt string
	Expiry    string
}

// execer runs a statement: a *sql.DB, or a *sqldb.DB.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// leaseChunk bounds the rows one renewal statement names.
const leaseChunk = 200

// Renew sets the lease expiry of every held row to expiry, a statement
// per leaseChunk rows, and returns how many rows it renewed. A row is
// renewed only while it is still started by the same claim (same start
// time): one taken back meanwhile stays with its new owner.
func (h *Held) Renew(ctx context.Context, db execer, c LeaseColumns, expiry time.Time) (int64, error) {
	held := h.Snapshot()
	var total int64
	args := []any{expiry}
	var rows []string
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		q := fmt.Sprintf("UPDATE %s SET %s = $1 WHERE %s = %d AND (%s)", c.Table, c.Expiry, c.State, c.Started, strings.Join(rows, " OR "))
		res, err := db.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		total += n
		args, rows = args[:1], rows[:0]
		return nil
	}
	for key, startedAt := range held {
		args = append(args, key, startedAt.UTC())
		rows = append(rows, fmt.Sprintf("(%s = $%d AND %s = $%d)", c.Key, len(args)-1, c.StartedAt, len(args)))
		if len(rows) == leaseChunk {
			if err := flush(); err != nil {
				return total, err
			}
		}
	}
	return total, flush()
}
