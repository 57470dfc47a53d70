package manifest

import (
	"crypto/sha256"
	"encoding/hex"
)

// Hash returns the lock's form of a file's content: lowercase hex SHA-256.
func Hash(content []byte) string {
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:])
}
