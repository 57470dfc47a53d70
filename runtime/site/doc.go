// Package site runs the two kinds of Geo site.
//
// A [Primary] owns the main database, the blob store and the repository
// root. It serves the transfer API secondaries download blobs from and the
// read-only git endpoint they fetch repositories from (both behind
// [Primary.Handler], with tokens scoped to one record or repository), and
// runs the primary verification worker: it gives every record a
// verification state row (backfill), checksums them in claimed batches,
// re-verifies them after an interval and fails verifications that have run
// too long.
//
// A [Secondary] reads the primary's main database through a read-only view
// (a streaming replica in production; in tests and the demo the same
// database opened read-only, see [OpenReadOnly]), keeps its registries in
// its own tracking database and its own copy of the blobs and
// repositories. Its workers run as goroutines until the context ends:
//
//   - the event consumer applies the primary's event log (created,
//     updated, deleted, checksum_succeeded), resuming from its saved
//     position; an updated event (a push) sends a repository's registry
//     back to pending, so it is fetched again;
//   - the registry consistency worker creates the registry rows that are
//     missing for records in scope, in batches, and removes orphans;
//   - the sync scheduler claims pending rows first, then failed rows whose
//     retry time has come, and downloads blobs or fetches repositories
//     (git clone --mirror, then fetch --prune) with bounded concurrency;
//     every claim is a lease (Options.Lease, 30 s) that the worker renews
//     while it works: the rows of a worker that died, hung or lost the
//     database, in this process or another, go back to pending when it
//     expires, and a blob found complete on disk (the primary's checksum)
//     is then recorded without a download; the type's sync timeout stays
//     as a last resort;
//   - the verification worker checksums synced records and compares them
//     with the primary's checksums; a mismatch sends the record back to be
//     synced again.
//
// Workers share nothing but the databases: the registry table is the
// queue, and its batch claims are safe with any number of secondaries
// processes on one tracking database (FOR UPDATE SKIP LOCKED on
// PostgreSQL). Cancelling the context stops every worker; a download in
// progress is abandoned and its temporary file (or clone) removed, so a
// half-written blob or repository is never visible. Its row stays started
// and goes back to pending when its lease expires, as after a crash.
package site
