package sqldb

import (
	"strconv"
	"strings"
)

// Dialect names a database engine.
type Dialect int

// The supported engines.
const (
	SQLite Dialect = iota + 1
	Postgres
)

// String returns "sqlite" or "postgres", the names migration directories use.
func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case Postgres:
		return "postgres"
	}
	return "unknown"
}

// SkipLocked returns the row-locking clause for the inner SELECT of a batch
// claim. PostgreSQL locks the selected rows and skips rows another worker
// holds, so concurrent claimers get disjoint batches. SQLite has one writer
// at a time: its claim statement is atomic on its own and needs no clause.
func (d Dialect) SkipLocked() string {
	if d == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// Placeholders returns n placeholders starting at $first, comma-separated:
// "$3, $4, $5". Used for IN lists, which both engines understand.
func Placeholders(first, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(first + i))
	}
	return b.String()
}

// Int64Args converts ids to query arguments.
func Int64Args(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}
