package bulkjob

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
)

// ErrNotFound is returned by Get for a job that does not exist (or was
// pruned).
var ErrNotFound = errors.New("bulk job not found")

// ErrVerificationDisabled refuses a verification action on a type whose
// verification is disabled on this site; it is the finder's error.
var ErrVerificationDisabled = finder.ErrVerificationDisabled

// Options tune the runner. Zero values take the defaults.
type Options struct {
	// BatchSize is how many rows one statement changes (default 1,000).
	BatchSize int
	// PassBudget is how long one pass works on its jobs before it lets go
	// of them (default 5 s).
	PassBudget time.Duration
	// MaxBatchesPerPass, when positive, also ends a pass after that many
	// batches.
	MaxBatchesPerPass int
	// Lease is how long a runner's claim on a job lasts without renewal;
	// every batch renews it (default 1 minute). A runner that dies holding
	// a job delays it by at most this long.
	Lease time.Duration
	// Retention is how long finished jobs are kept (default 7 days).
	Retention time.Duration
	// MaxFailedPasses is how many passes in a row may fail before the job
	// ends Failed (default 10).
	MaxFailedPasses int
}

// Defaults of Options.
const (
	DefaultBatchSize       = 1000
	DefaultPassBudget      = 5 * time.Second
	DefaultLease           = time.Minute
	DefaultRetention       = 7 * 24 * time.Hour
	DefaultMaxFailedPasses = 10
)

func (o Options) withDefaults() Options {
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.PassBudget <= 0 {
		o.PassBudget = DefaultPassBudget
	}
	if o.Lease <= 0 {
		o.Lease = DefaultLease
	}
	if o.Retention <= 0 {
		o.Retention = DefaultRetention
	}
	if o.MaxFailedPasses <= 0 {
		o.MaxFailedPasses = DefaultMaxFailedPasses
	}
	return o
}

// Jobs are the bulk jobs of one site.
type Jobs struct {
	db    *sqldb.DB
	types *replicable.Set
	flags flags.Source
	role  flags.Role
	clock clock.Clock
	opts  Options
	owner string // names this process in lease tokens

	// beforeCursor, when set (by tests), runs inside each batch's
	// transaction after the rows' UPDATE and before the cursor moves; an
	// error aborts the batch as a crash there would. (A batch without an
	// ids filter on PostgreSQL is one statement, with no such point.)
	beforeCursor func(ctx context.Context, tx *sql.Tx) error
	// beforeBatch, when set (by tests), runs before each batch; an error
	// stops the pass there.
	beforeBatch func(ctx context.Context) error
}

// New returns the jobs of a site of the given role, kept in db: the main
// database of a primary, the tracking database of a secondary (the one
// holding the rows the jobs change).
func New(db *sqldb.DB, types *replicable.Set, src flags.Source, role flags.Role, c clock.Clock, opts Options) *Jobs {
	if c == nil {
		c = clock.System{}
	}
	return &Jobs{db: db, types: types, flags: src, role: role, clock: c, opts: opts.withDefaults(), owner: processName()}
}

// Options are the runner's options, with defaults filled in.
func (j *Jobs) Options() Options { return j.opts }

// Enqueue queues a job, or returns the unfinished job with the same type,
// action and filters (with Joined set). It checks the spec first: the type
// must be known, the action one this site runs, and verification enabled
// for a verification action.
func (j *Jobs) Enqueue(ctx context.Context, s Spec) (Job, error) {
	s, d, err := j.check(s)
	if err != nil {
		return Job{}, err
	}
	key := s.filterKey()
	var ids any
	if len(s.IDs) > 0 {
		ids = joinIDs(s.IDs)
	}
	var repl, ver any
	if s.ReplicationState != nil {
		repl = int16(*s.ReplicationState)
	}
	if s.VerificationState != nil {
		ver = int16(*s.VerificationState)
	}
	insert := `INSERT INTO geo_bulk_jobs (replicable_name, action, filter_key, ids, replication_state, verification_state, status, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (replicable_name, action, filter_key) WHERE finished_at IS NULL DO NOTHING RETURNING ` + jobColumns
	// The unfinished job found on conflict may finish before it is read;
	// then the insert is tried again.
	for range 3 {
		job, err := scanJob(j.db.QueryRowContext(ctx, insert, d.Name, string(s.Action), key, ids, repl, ver, Queued, j.clock.Now()))
		if err == nil {
			return job, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return Job{}, fmt.Errorf("enqueue %s of %s: %w", s.Action, d.Name, err)
		}
		sel := "SELECT " + jobColumns + " FROM geo_bulk_jobs WHERE replicable_name = $1 AND action = $2 AND filter_key = $3 AND finished_at IS NULL"
		job, err = scanJob(j.db.QueryRowContext(ctx, sel, d.Name, string(s.Action), key))
		if err == nil {
			job.Joined = true
			return job, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return Job{}, fmt.Errorf("enqueue %s of %s: %w", s.Action, d.Name, err)
		}
	}
	return Job{}, fmt.Errorf("enqueue %s of %s: the same job kept finishing while being joined; try again", s.Action, d.Name)
}

// check normalizes a spec and checks it against the site: the type, the
// action, the flags.
func (j *Jobs) check(s Spec) (Spec, *replicable.Descriptor, error) {
	s, err := s.normalize(j.role)
	if err != nil {
		return s, nil, err
	}
	d, ok := j.types.Lookup(s.Type)
	if !ok {
		var names []string
		for _, d := range j.types.All() {
			names = append(names, d.Name)
		}
		return s, nil, fmt.Errorf("%w %q (known: %s)", ErrUnknownType, s.Type, strings.Join(names, ", "))
	}
	if s.Action.verifies() && !flags.VerificationEnabled(j.flags, d, j.role) {
		return s, nil, fmt.Errorf("%w for %s on this %s: cannot %s", ErrVerificationDisabled, d.Title, roleName(j.role), strings.ReplaceAll(string(s.Action), "_", " "))
	}
	return s, d, nil
}

// Get returns a job by id, or ErrNotFound.
func (j *Jobs) Get(ctx context.Context, id int64) (Job, error) {
	q := "SELECT " + jobColumns + " FROM geo_bulk_jobs WHERE id = $1 AND action IN (" + j.actionList() + ")"
	job, err := scanJob(j.db.QueryRowContext(ctx, q, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Job{}, fmt.Errorf("bulk job %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Job{}, fmt.Errorf("bulk job %d: %w", id, err)
	}
	return job, nil
}

// ListLimit bounds List.
const ListLimit = 100

// List returns the unfinished jobs, oldest first, then the finished ones
// not yet pruned, most recently finished first: at most ListLimit.
func (j *Jobs) List(ctx context.Context) ([]Job, error) {
	q := "SELECT " + jobColumns + " FROM geo_bulk_jobs WHERE action IN (" + j.actionList() + ")" +
		" ORDER BY CASE WHEN finished_at IS NULL THEN 0 ELSE 1 END, finished_at DESC, id LIMIT " + fmt.Sprint(ListLimit)
	rows, err := j.db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("list bulk jobs: %w", err)
	}
	defer rows.Close()
	var out []Job
	for rows.Next() {
		job, err := scanJob(rows)
		if err != nil {
			return nil, fmt.Errorf("list bulk jobs: %w", err)
		}
		out = append(out, job)
	}
	return out, rows.Err()
}

// Prune deletes the jobs that finished more than Retention ago and returns
// how many.
func (j *Jobs) Prune(ctx context.Context) (int64, error) {
	q := "DELETE FROM geo_bulk_jobs WHERE finished_at < $1 AND action IN (" + j.actionList() + ")"
	res, err := j.db.ExecContext(ctx, q, j.clock.Now().Add(-j.opts.Retention))
	if err != nil {
		return 0, fmt.Errorf("prune bulk jobs: %w", err)
	}
	return res.RowsAffected()
}

// actionList is the SQL list of this site's actions: a database holding
// both a primary's and a secondary's jobs (one SQLite file for a demo)
// keeps each site to its own.
func (j *Jobs) actionList() string {
	var quoted []string
	for _, a := range roleActions[j.role] {
		quoted = append(quoted, "'"+string(a)+"'")
	}
	return strings.Join(quoted, ", ")
}
