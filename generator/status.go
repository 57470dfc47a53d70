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
	// Clash: a migration that shares its version with another in the
	// same set, or creates what another already creates: a migration
	// tool refuses the set, or the second CREATE TABLE fails. Typically
	// a table name or migration_version edited in geogen.yaml after the
	// migrations were written.
	Clash Status = "clash"
	// Diverged: a migration geogen wrote and nobody edited, which the
	// manifest now renders differently (a name in it changed): the Go
	// code would no longer match the schema it creates.
	Diverged Status = "diverged"
	// Conflicted: an owned file holding merge conflict markers.
	Conflicted Status = "conflicted"
	// Staging: a file an interrupted geogen left behind.
	Staging Status = "staging"
)
