package state

import "unicode/utf8"

// MessageLimit is the length, in characters, of last_sync_failure and
// verification_failure; the columns carry a CHECK of the same limit.
const MessageLimit = 255

// Truncate shortens s to at most limit characters the way the framework
// does: a longer string keeps its first limit-3 characters followed by
// "...". It counts characters, not bytes, as the CHECK constraint does, and
// never splits a UTF-8 sequence.
func Truncate(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	if limit < 3 {
		limit = 3
	}
	keep := limit - 3
	i := 0
	for pos := range s {
		if i == keep {
			return s[:pos] + "..."
		}
		i++
	}
	return s + "..."
}

// FailureMessage joins a message and an optional error as "message: error"
// and truncates the result to MessageLimit.
func FailureMessage(message string, err error) string {
	if err != nil {
		message += ": " + err.Error()
	}
	return Truncate(message, MessageLimit)
}
