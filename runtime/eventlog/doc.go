// Package eventlog is the primary's log of replication events and a
// secondary's resumable cursor over it.
//
// The primary writes an event (created, updated, deleted,
// checksum_succeeded) in the same transaction as the change it describes.
// Each secondary reads the log through its read-only view of the main
// database, in id order, and records the last id it handled in its own
// tracking database, so a restarted secondary resumes where it stopped and
// an event handled twice does no harm (handlers are idempotent).
//
// Ids come from a sequence, and a transaction that took a lower id can
// commit after one that took a higher id. A consumer that only remembered
// "the highest id seen" would skip the late one for good. The consumer
// therefore remembers the ids missing below its position (gaps) and looks
// for them again on every poll until GapTimeout has passed.
//
// One table (geo_events) holds the events; GitLab's separate event-log
// table exists for event kinds this runtime does not have.
package eventlog
