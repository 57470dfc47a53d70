package sqldb

import "time"

// Pool bounds a handle's connections. database/sql keeps no limit on open
// connections and closes idle ones only past MaxIdle: a burst of work
// could take every connection the server allows (PostgreSQL then refuses
// everyone with SQLSTATE 53300, "too many clients") and keep them for
// good.
type Pool struct {
	// MaxOpen bounds the connections open at once; a statement beyond it
	// waits for a free one. At least 1.
	MaxOpen int
	// MaxIdle bounds the idle connections kept for reuse; more than
	// MaxOpen counts as MaxOpen. Fewer than the busy workers makes every
	// statement open a connection (on PostgreSQL a process start).
	MaxIdle int
	// MaxIdleTime closes a connection idle for that long, so a pool
	// shrinks back after a burst; zero keeps idle connections.
	MaxIdleTime time.Duration
}

// SetPool applies p to the handle.
func (db *DB) SetPool(p Pool) {
	open := max(p.MaxOpen, 1)
	db.SetMaxOpenConns(open)
	db.SetMaxIdleConns(min(max(p.MaxIdle, 0), open))
	db.SetConnMaxIdleTime(p.MaxIdleTime)
}
