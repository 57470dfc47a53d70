// Package bulkjob runs an administrator's bulk actions on one replicable
// type as background jobs: resync or reverify every registry of a
// secondary that matches a filter ("resync all failed"), or checksum again
// every record of the primary.
//
// A job only changes state columns, with the same SET lists as the
// single-record actions (registry.ResyncSet, registry.ReverifySet,
// state.VerificationPendingSet): the sync and verification workers then
// pick the rows up at their own pace and capacity, so a job never starves
// replication.
//
// The actions on one record are the stores' (one conditional UPDATE each,
// with the same SET lists): registry.Store.ResyncByID and ReverifyByID on
// a secondary, verification.Store.Reverify on the primary.
//
// The API of bulk jobs, whose names stay stable:
//
//   - New(db, types, flags, role, clock, Options) *Jobs: the jobs of one
//     site, kept in geo_bulk_jobs (Migrations) in the database that holds
//     the rows they change: a primary's main database, a secondary's
//     tracking database.
//   - Jobs.Enqueue(ctx, Spec) (Job, error): a Spec names the type
//     (replicable name), the Action (ResyncAll and ReverifyAll on a
//     secondary, RecomputeChecksums on a primary) and filters (IDs,
//     ReplicationState, VerificationState). While a job with the same type,
//     action and filters is unfinished, Enqueue returns that job (Job.Joined
//     set) instead of queueing another. Errors: ErrUnknownType,
//     ErrInvalidSpec, ErrWrongRole and, for a verification action where
//     verification is disabled for the type, ErrVerificationDisabled (the
//     finder's).
//   - Jobs.Get(ctx, id) (Job, error) (ErrNotFound) and Jobs.List(ctx): the
//     unfinished jobs and the finished ones not yet pruned, with progress:
//     Total (rows matching when the job started), Done (rows changed),
//     StartedAt, FinishedAt, LastError, Status.
//   - Jobs.RunPass(ctx): one pass of the runner (site runs it on a timer).
//
// A pass takes each runnable job's lease, a conditional UPDATE of its row
// that succeeds only when nobody holds an unexpired lease, so one runner at
// a time works on a job across all processes and machines, on PostgreSQL
// and SQLite alike. It then works through the job's rows in keyset order,
// BatchSize rows per statement, until its time budget is spent. Each
// batch is one transaction: the rows' UPDATE, and the job's cursor,
// progress and lease renewal, conditional on still holding the lease. A
// runner that dies or loses its lease therefore leaves either the whole
// batch with its cursor or neither: whoever takes the job next resumes at
// the cursor, and no row is skipped or changed twice in a pass. Rows
// created after a job started (ids above its bound) are left out; they
// are new, so pending anyway.
//
// Finished jobs are kept for Options.Retention, then pruned by the pass.
package bulkjob
