package bulkjob

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// PassResult tells what one pass did.
type PassResult struct {
	Jobs    int   // jobs worked on
	Batches int   // batches committed
	Rows    int64 // rows changed
}

// errLostLease ends a runner's work on a job another runner took over
// (its lease expired): the batch in hand is rolled back.
var errLostLease = errors.New("lease on the bulk job lost to another runner")

// RunPass prunes old jobs, then works on the runnable jobs (unfinished,
// with no live lease), the ones worked on least recently first, until the
// pass's time budget (or batch limit) is spent or ctx ends. It holds each
// job's lease while working on it and lets go of it afterwards, keeping
// the cursor. Errors of single jobs are recorded on the job (LastError)
// and joined in the returned error.
func (j *Jobs) RunPass(ctx context.Context) (PassResult, error) {
	var res PassResult
	var errs []error
	if _, err := j.Prune(ctx); err != nil {
		errs = append(errs, err)
	}
	q := "SELECT id FROM geo_bulk_jobs WHERE finished_at IS NULL AND action IN (" + j.actionList() + ")" +
		" AND (lease_owner IS NULL OR lease_expires_at < $1)" +
		" ORDER BY CASE WHEN lease_expires_at IS NULL THEN 0 ELSE 1 END, lease_expires_at, id"
	ids, err := sqldb.QueryInt64s(ctx, j.db, q, j.clock.Now())
	if err != nil {
		return res, errors.Join(append(errs, fmt.Errorf("list runnable bulk jobs: %w", err))...)
	}
	p := &pass{jobs: j, deadline: time.Now().Add(j.opts.PassBudget)}
	for _, id := range ids {
		if p.spent(ctx) {
			break
		}
		token, ok, err := j.acquire(ctx, id)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !ok {
			continue // another runner took it first
		}
		res.Jobs++
		rows, err := p.work(ctx, id, token)
		res.Rows += rows
		if err != nil {
			errs = append(errs, fmt.Errorf("bulk job %d: %w", id, err))
		}
		if err := j.release(ctx, id, token); err != nil {
			errs = append(errs, err)
		}
	}
	res.Batches = p.batches
	return res, errors.Join(errs...)
}

// pass is the budget of one RunPass.
type pass struct {
	jobs     *Jobs
	deadline time.Time
	batches  int
}

func (p *pass) spent(ctx context.Context) bool {
	max := p.jobs.opts.MaxBatchesPerPass
	return ctx.Err() != nil || !time.Now().Before(p.deadline) || (max > 0 && p.batches >= max)
}

// acquire takes the lease of a job nobody holds (or whose holder let it
// expire) and returns the lease's token.
func (j *Jobs) acquire(ctx context.Context, id int64) (string, bool, error) {
	token := j.owner + "/" + randomHex(8)
	now := j.clock.Now()
	res, err := j.db.ExecContext(ctx, `UPDATE geo_bulk_jobs SET lease_owner = $1, lease_expires_at = $2
WHERE id = $3 AND finished_at IS NULL AND (lease_owner IS NULL OR lease_expires_at < $4)`, token, now.Add(j.opts.Lease), id, now)
	if err != nil {
		return "", false, fmt.Errorf("take the lease of bulk job %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	return token, n == 1, err
}

// release lets go of a lease still held, keeping the cursor; the release
// time orders the next passes' work. It runs even when ctx has ended.
func (j *Jobs) release(ctx context.Context, id int64, token string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	_, err := j.db.ExecContext(ctx, "UPDATE geo_bulk_jobs SET lease_owner = NULL, lease_expires_at = $1 WHERE id = $2 AND lease_owner = $3",
		j.clock.Now(), id, token)
	if err != nil {
		return fmt.Errorf("release the lease of bulk job %d: %w", id, err)
	}
	return nil
}

// work runs a job's batches while the pass has budget, and returns the
// rows changed.
func (p *pass) work(ctx context.Context, id int64, token string) (int64, error) {
	j := p.jobs
	job, err := j.Get(ctx, id)
	if err != nil {
		return 0, err
	}
	// The type and the flags are checked again: the project or the flags
	// may have changed since the job was queued.
	spec, d, err := j.check(job.Spec)
	if err != nil {
		return 0, j.end(ctx, id, token, Failed, err)
	}
	t, err := targetOf(d, spec)
	if err != nil {
		return 0, j.end(ctx, id, token, Failed, err)
	}
	if job.Status == Queued {
		if job, err = j.start(ctx, job, token, d, t); err != nil {
			return 0, j.failedPass(ctx, id, token, err)
		}
	}
	var rows int64
	for !p.spent(ctx) {
		n, done, err := j.batch(ctx, &job, token, t)
		if errors.Is(err, errLostLease) {
			return rows, nil
		}
		if err != nil {
			if ctx.Err() != nil {
				return rows, nil // stopped: the batch rolled back, the cursor stands
			}
			return rows, j.failedPass(ctx, id, token, err)
		}
		if done {
			return rows, j.end(ctx, id, token, Finished, nil)
		}
		rows += n
		p.batches++
	}
	return rows, nil
}

// start records the job's total and key bound and moves it to running.
func (j *Jobs) start(ctx context.Context, job Job, token string, d *replicable.Descriptor, t target) (Job, error) {
	var total, maxID int64
	if len(job.Spec.IDs) > 0 {
		ids := job.Spec.IDs
		maxID = ids[len(ids)-1]
		for chunk := range slices.Chunk(ids, j.opts.BatchSize) {
			var n int64
			if err := j.db.QueryRowContext(ctx, t.countListSQL(len(chunk)), sqldb.Int64Args(chunk)...).Scan(&n); err != nil {
				return job, fmt.Errorf("count the rows of %s: %w", d.Name, err)
			}
			total += n
		}
	} else if err := j.db.QueryRowContext(ctx, t.boundsSQL()).Scan(&total, &maxID); err != nil {
		return job, fmt.Errorf("count the rows of %s: %w", d.Name, err)
	}
	now := j.clock.Now()
	res, err := j.db.ExecContext(ctx, "UPDATE geo_bulk_jobs SET status = $1, started_at = $2, total = $3, max_id = $4, cursor_id = 0 WHERE id = $5 AND lease_owner = $6",
		Running, now, total, maxID, job.ID, token)
	if err != nil {
		return job, fmt.Errorf("start: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return job, errLostLease
	}
	job.Status, job.StartedAt, job.Total, job.maxID, job.cursor = Running, &now, total, maxID, 0
	return job, nil
}

// batch changes the next batch of rows and moves the cursor past it, in
// one transaction that only commits while the lease is held. done reports
// that no row was left.
func (j *Jobs) batch(ctx context.Context, job *Job, token string, t target) (rows int64, done bool, err error) {
	if j.beforeBatch != nil {
		if err := j.beforeBatch(ctx); err != nil {
			return 0, false, err
		}
	}
	if len(job.Spec.IDs) == 0 && j.db.Dialect == sqldb.Postgres {
		return j.rangeBatchStatement(ctx, job, token, t)
	}
	var next int64
	err = j.db.InTx(ctx, func(tx *sql.Tx) error {
		var hi int64
		var res sql.Result
		if ids := job.Spec.IDs; len(ids) > 0 {
			from, _ := slices.BinarySearch(ids, job.cursor+1)
			chunk := ids[from:min(len(ids), from+j.opts.BatchSize)]
			if len(chunk) == 0 {
				done = true
				return nil
			}
			hi = chunk[len(chunk)-1]
			var err error
			if res, err = tx.ExecContext(ctx, t.updateListSQL(len(chunk)), sqldb.Int64Args(chunk)...); err != nil {
				return err
			}
		} else {
			var next sql.NullInt64
			if err := tx.QueryRowContext(ctx, t.nextSQL(j.opts.BatchSize), job.cursor, job.maxID).Scan(&next); err != nil {
				return err
			}
			if !next.Valid {
				done = true
				return nil
			}
			hi = next.Int64
			var err error
			if res, err = tx.ExecContext(ctx, t.updateRangeSQL(), job.cursor, hi); err != nil {
				return err
			}
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if j.beforeCursor != nil {
			if err := j.beforeCursor(ctx, tx); err != nil {
				return err
			}
		}
		moved, err := tx.ExecContext(ctx, `UPDATE geo_bulk_jobs SET cursor_id = $1, done = done + $2, batches = batches + 1, failed_passes = 0, lease_expires_at = $3
WHERE id = $4 AND lease_owner = $5`, hi, n, j.clock.Now().Add(j.opts.Lease), job.ID, token)
		if err != nil {
			return err
		}
		if m, _ := moved.RowsAffected(); m == 0 {
			return errLostLease
		}
		rows, next = n, hi
		return nil
	})
	if err != nil {
		return 0, false, err
	}
	if !done {
		job.Done += rows
		job.cursor = next
	}
	return rows, done, nil
}

// rangeBatchStatement is batch without an ids filter on PostgreSQL, in
// one statement instead of a transaction of three (a fifth of the round
// trips): the job's row is locked first, and only while this runner's
// lease is on it are the next rows found and changed and the cursor
// moved. A runner that took the lease over meanwhile either committed
// before (the lock then finds another owner, and nothing changes) or waits
// for the lock and then finds the lease renewed.
func (j *Jobs) rangeBatchStatement(ctx context.Context, job *Job, token string, t target) (int64, bool, error) {
	var held, rows int64
	var hi sql.NullInt64
	err := j.db.QueryRowContext(ctx, t.rangeBatchSQL(j.opts.BatchSize),
		job.cursor, job.maxID, job.ID, token, j.clock.Now().Add(j.opts.Lease)).Scan(&held, &hi, &rows)
	switch {
	case err != nil:
		return 0, false, err
	case held == 0:
		return 0, false, errLostLease
	case !hi.Valid:
		return 0, true, nil
	}
	job.Done += rows
	job.cursor = hi.Int64
	return rows, false, nil
}

// end finishes a job: Finished, or Failed with the error. It returns err.
func (j *Jobs) end(ctx context.Context, id int64, token string, st Status, err error) error {
	var msg any
	if err != nil {
		msg = state.Truncate(err.Error(), state.MessageLimit)
	}
	_, uerr := j.db.ExecContext(context.WithoutCancel(ctx),
		"UPDATE geo_bulk_jobs SET status = $1, finished_at = $2, last_error = COALESCE($3, last_error), lease_owner = NULL, lease_expires_at = NULL WHERE id = $4 AND lease_owner = $5",
		st, j.clock.Now(), msg, id, token)
	if uerr != nil {
		return errors.Join(err, fmt.Errorf("record the end of bulk job %d: %w", id, uerr))
	}
	return err
}

// failedPass records a pass's error on the job; after MaxFailedPasses in a
// row the job ends Failed.
func (j *Jobs) failedPass(ctx context.Context, id int64, token string, err error) error {
	if errors.Is(err, errLostLease) {
		return nil
	}
	msg := state.Truncate(err.Error(), state.MessageLimit)
	_, uerr := j.db.ExecContext(context.WithoutCancel(ctx), `UPDATE geo_bulk_jobs SET last_error = $1, failed_passes = failed_passes + 1,
  status = CASE WHEN failed_passes + 1 >= $2 THEN $3 ELSE status END,
  finished_at = CASE WHEN failed_passes + 1 >= $2 THEN $4 ELSE finished_at END
WHERE id = $5 AND lease_owner = $6`, msg, j.opts.MaxFailedPasses, Failed, j.clock.Now(), id, token)
	if uerr != nil {
		return errors.Join(err, fmt.Errorf("record the error of bulk job %d: %w", id, uerr))
	}
	return err
}

// processName names this process in lease tokens, for whoever reads the
// table: host and pid.
func processName() string {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown"
	}
	return fmt.Sprintf("%s:%d", host, os.Getpid())
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
