// Package metrics computes the replication and verification status of each
// replicable type on a site and exports it: the thirteen <plural>_* status
// fields (FieldNames) of the site status, and the eleven geo_<plural>*
// Prometheus gauges (GaugeNames). A secondary also counts the damaged
// copies its own checks find (Damage: geo_<plural>_checksum_mismatches_total,
// CounterNames), as they happen.
//
// Counting a table with millions of rows takes time, so counts are never
// taken during a scrape: a Collector serves the last snapshot it was given,
// and Collector.Run takes a new one periodically (GitLab does the same
// every minute). Each count query reads the table once, with every figure
// computed in the same pass (count(*) FILTER (WHERE …), which PostgreSQL and
// SQLite both support).
//
// The primary reports model and checksum counts for types with
// verification enabled; a secondary reports registry counts for types with
// replication enabled. A figure that does not apply is nil: nil figures
// are null in the status and absent from Prometheus.
package metrics
