// Package verification keeps the verification state of one replicable
// type: on the primary in the type's state table (main database), on a
// secondary in its registry (tracking database).
//
// The states are pending, started, succeeded, failed and disabled. Workers
// claim batches (pending rows first, oldest verification first, then failed
// rows whose retry time has come) in one UPDATE each, safe with many
// workers; a succeeded verification stores the checksum; a failure backs
// off like a failed sync, capped at an hour. On a secondary a failure,
// including a checksum that differs from the primary's, also fails the
// registry's sync, so the data is downloaded again with growing backoff.
// The primary re-verifies succeeded rows after ReverifyInterval; rows
// stuck in started past Timeout are failed.
package verification
