package naming

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"
)

// MaxIdentifier is PostgreSQL's limit, in bytes, for the name of a table,
// column, index, constraint or sequence. Longer names are truncated by the
// server without an error.
const MaxIdentifier = 63

// hashDigits is how many hex digits of SHA-256 a shortened identifier
// keeps: 32 bits, enough that two long names of one project never meet.
const hashDigits = 8

// Identifier returns name when PostgreSQL keeps it whole, and otherwise a
// shortened form that is stable and unique: the start of name, an
// underscore, and the first hex digits of name's SHA-256. Two names that
// agree in their first bytes and differ later stay distinct, which the
// server's own truncation would not guarantee.
func Identifier(name string) string {
	if len(name) <= MaxIdentifier {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	keep := name[:MaxIdentifier-hashDigits-1]
	// Never end inside a multi-byte character; names derived by this
	// package are ASCII, but Identifier is also called on other names.
	for !utf8.ValidString(keep) {
		keep = keep[:len(keep)-1]
	}
	keep = strings.TrimRight(keep, "_")
	return keep + "_" + hex.EncodeToString(sum[:])[:hashDigits]
}
