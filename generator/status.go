package generator

// Status is what check says about one path.
type Status string

// The statuses. Only OK is clean.
const (
	OK Status = "ok"
	// Stale: geogen wrote it, nobody edited it, and the manifest now
	// renders something else. generate fixes it.
	Stale Status = "stale"
	// Missing: generate would create it.
	Missing Status = "missing"
	// Extra: geogen produced it once but no longer does, or it carries
	// geogen's header without being in the lock.
	Extra Status = "extra"
	// HandEdited: someone changed a file geogen owns (or put a file of
	// their own where geogen wants to write); generate will not touch it.
	HandEdited Status = "hand-edited"
)
