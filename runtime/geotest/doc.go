// Package geotest holds the conformance suites every replicable type must
// pass, and the helpers they run on: real databases (SQLite always,
// PostgreSQL too when GEOGEN_TEST_POSTGRES_URL is set, each test in a
// schema of its own), migrated with the type's own migration files.
//
// A generated test calls a suite in one line with the type's Config:
//
//	func TestFrameworkRegistry(t *testing.T) { geotest.FrameworkRegistry(t, conformance()) }
//
// The suites, each the Go counterpart of a shared example of GitLab's Geo
// framework:
//
//   - FrameworkRegistry ('a Geo framework registry'): a new registry is
//     pending; start stamps last_synced_at and refuses a started row;
//     failed records the message (with its cause, cut to 252 characters
//     plus "..."), counts retries and backs off exactly, capped at 1 h, or
//     4 h when the data is missing on the primary; synced resets the retry
//     fields and loses to a resync that came in during the sync; resync
//     clears retries and disables verification; pending and needs-sync-
//     again claims honour exclusions, due times and order; syncs started
//     longer ago than the type's sync timeout are failed.
//   - VerifiableRegistry ('a Geo verifiable registry'): verification on a
//     secondary becomes pending after a sync when the primary has a
//     checksum and disabled when it has none; only synced rows are
//     claimed, failed ones only once due; success stores the checksum and
//     clears the mismatch; a mismatch keeps both checksums and sets
//     checksum_mismatch; every verification failure sends the registry
//     back to sync failed with "Verification failed with: …".
//   - ModelWithSeparateVerificationState ('a replicable model with a
//     separate table for verification state'): backfill gives one pending
//     state row to each record in the type's scope, and only once; states
//     can be queried after a failure; checksummed rows are told apart;
//     deleting a record deletes its state row.
//   - VerifiableReplicator ('a verifiable replicator'): the primary's
//     cycle of claim, checksum, reverification after the interval and
//     timeout after 8 hours, with backoff kept from failed to pending.
//   - FrameworkRegistryFinder ('a framework registry finder'): nothing for
//     non-admins; filters by ids, replication state, verification state
//     (refused while verification is off) and keyword; every sort with
//     PostgreSQL's NULL placement; cursor pages both ways.
//   - RegistryType ('a Geo registry type'): the GraphQL registry object
//     and all its fields.
//   - RegistriesResolver ('a Geo registries resolver'): the GeoNode field,
//     its arguments and filters, global ids, and no data without admin
//     rights or for another node.
//   - GetsRegistriesFor ('gets registries for'): a GeoNode query end to
//     end with every field, count with and without a limit, and pages.
//   - RegistryMutations ('geoRegistriesUpdate and geoRegistriesBulkUpdate'):
//     resync and reverify of one registry through GraphQL, the refusals
//     (not synced, verification off, unknown or malformed id, non-admin),
//     and "resync all failed" as one joined job that changes only the
//     failed registries.
//   - BlobReplicator ('a blob replicator'): events published on the
//     primary (and not when replication is off or on a secondary), their
//     consumption on a secondary within the type's scope, checksums,
//     sync and verification against a running primary, missing files,
//     and refusal of bytes that do not match the primary's checksum.
//   - RepositoryReplicator ('a repository replicator'): created, updated
//     (a push) and deleted events and their gating, consumption within the
//     type's scope, a push during a sync fetched again, deletion of
//     mirrors, ref checksums (an empty repository included), mirroring and
//     verification against a running primary's git endpoint, repositories
//     missing on the primary, housekeeping and failed fetches.
//
// Every suite's body runs against an interface, and the package's own
// tests run each body against deliberately broken implementations (a
// synced that ignores a concurrent resync, a finder that shows registries
// to non-admins, a mismatch left unflagged, …) to prove the suite fails
// on them.
package geotest
