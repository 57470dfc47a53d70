// Package sqlname decides whether a name can stand unquoted in the SQL
// that geogen generates and the runtime runs, on both PostgreSQL and
// SQLite: a lower-case identifier, short enough that PostgreSQL keeps it
// whole, that is no key word either database keeps for itself in the
// place the name stands, and that neither database reserves for its own
// catalog. The key word lists are complete, so a test can walk them.
package sqlname

import (
	"fmt"
	"strings"
)

// MaxLen is PostgreSQL's limit, in bytes, for an identifier (NAMEDATALEN
// - 1). The server truncates a longer name without an error, so two long
// names could silently become one.
const MaxLen = 63

// Position is where a name stands in a statement; PostgreSQL allows some
// key words in some positions only.
type Position int

// The positions of the names in generated migrations and runtime queries.
const (
	Table      Position = iota // a table: CREATE TABLE x, FROM x, REFERENCES x
	Column                     // a column: x bigint NOT NULL, WHERE x = $1
	Index                      // an index: CREATE INDEX x
	Constraint                 // a constraint: CONSTRAINT x PRIMARY KEY
	Sequence                   // a sequence: SEQUENCE NAME x
	Label                      // a column label without AS: SELECT count(*) x
)

var positionNames = [...]string{"table", "column", "index", "constraint", "sequence", "column label"}

func (p Position) String() string { return positionNames[p] }

// relation reports whether names in p share the schema's namespace of
// tables, indexes and sequences.
func (p Position) relation() bool { return p == Table || p == Index || p == Sequence }

// Problems returns what is wrong with name in position p, one sentence
// each, none when the name can be used: `is a reserved key word in
// PostgreSQL`. The sentences follow the name in an error message.
func Problems(name string, p Position) []string {
	var out []string
	if !IsIdentifier(name) {
		return append(out, "is not a lower-case SQL identifier ([a-z_][a-z0-9_]*)")
	}
	if len(name) > MaxLen {
		out = append(out, fmt.Sprintf("is %d bytes, more than PostgreSQL's %d", len(name), MaxLen))
	}
	if k, ok := postgresKeywords[name]; ok && !pgAllows(k, p) {
		out = append(out, fmt.Sprintf("is a %s key word in PostgreSQL, which cannot name a %s", k.category, p))
	}
	if sqliteKeywords[name] {
		out = append(out, "is a key word in SQLite, which asks for key words used as names to be quoted")
	}
	if p.relation() && strings.HasPrefix(name, "sqlite_") {
		out = append(out, "starts with sqlite_, which SQLite keeps for its own tables and indexes")
	}
	if p.relation() && strings.HasPrefix(name, "pg_") {
		out = append(out, "starts with pg_, like PostgreSQL's catalog, which is searched first and would hide it")
	}
	return out
}

// OK reports whether name can be used in position p.
func OK(name string, p Position) bool { return len(Problems(name, p)) == 0 }

// pgAllows reports whether PostgreSQL's grammar takes a key word of
// category k as a name in position p.
func pgAllows(k pgKeyword, p Position) bool {
	if p == Label {
		return k.bareLabel
	}
	// Table, column, index, constraint and sequence names are ColId in
	// PostgreSQL's grammar, which takes unreserved and column-name key
	// words (values, position, time) and nothing reserved.
	return k.category == pgUnreserved || k.category == pgColName
}

func (c pgCategory) String() string {
	switch c {
	case pgColName:
		return "non-reserved (cannot be function or type)"
	case pgTypeFunc:
		return "reserved (can be function or type)"
	case pgReserved:
		return "reserved"
	}
	return "non-reserved"
}

// IsIdentifier reports whether s is [a-z_][a-z0-9_]*: a name that
// PostgreSQL and SQLite take unquoted and in the same case.
func IsIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// PostgresKeywords returns every key word of PostgreSQL, for tests that
// walk them.
func PostgresKeywords() []string { return keysOf(postgresKeywords) }

// SQLiteKeywords returns every key word of SQLite, for tests that walk
// them.
func SQLiteKeywords() []string { return keysOf(sqliteKeywords) }

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func setOf(names ...string) map[string]bool {
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[n] = true
	}
	return set
}

// PostgresCategory returns PostgreSQL's category of a key word as
// pg_get_keywords() spells it (U, C, T or R), or "" for a word that is
// none.
func PostgresCategory(word string) string {
	k, ok := postgresKeywords[word]
	if !ok {
		return ""
	}
	return string("UCTR"[k.category])
}

// PostgresBareLabel reports whether PostgreSQL takes a key word as a
// column label without AS.
func PostgresBareLabel(word string) bool { return postgresKeywords[word].bareLabel }
