// Package replicable describes a replicable type: one Descriptor per type,
// written by geogen, naming every table, column, flag, GraphQL and metric
// name the runtime uses for that type, plus the few hooks a project decides
// (which records secondaries replicate, where a record's data lives).
//
// Descriptors are validated when a Set is built, before any SQL runs: every
// table and column name must be a plain lower-case SQL identifier of at most
// 63 bytes, so names are never quoted, escaped or silently truncated.
package replicable
