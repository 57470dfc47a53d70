// Package state defines the replication and verification states that
// registries and verification state tables store, and the retry backoff and
// message truncation rules both state machines share.
//
// The numeric values are stored in smallint columns and must never change:
// replication pending 0, started 1, synced 2, failed 3; verification pending
// 0, started 1, succeeded 2, failed 3, disabled 4.
package state
