// Package registry keeps a secondary site's registry of one replicable
// type: one row per model record, holding its replication (sync) state and
// its verification state on the secondary.
//
// Every state change is one conditional UPDATE, so two workers never both
// move the same row, and batch claims hand disjoint rows to concurrent
// workers (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite's single writer).
package registry
