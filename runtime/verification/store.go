package verification

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// Defaults of the stores' tunables, GitLab's: a verification running for
// 8 hours has timed out, and a succeeded one is checksummed again after 90
// days (minimum_reverification_interval; it was 7 before GitLab 18.0).
const (
	DefaultTimeout          = 8 * time.Hour
	DefaultReverifyInterval = 90 * 24 * time.Hour
)

// ErrNotFound is returned when a record has no verification row (or, on
// a secondary, no synced registry row).
var ErrNotFound = errors.New("verification row not found")

// ErrInvalidTransition is returned for a change the state machine does not
// allow: only a started verification can succeed.
var ErrInvalidTransition = errors.New("invalid verification state transition")

// Side says which site's table a store works on.
type Side int

// The sides.
const (
	Primary Side = iota + 1
	Secondary
)

// Item is the verification state of one model record.
type Item struct {
	Key                int64 // the model record id
	State              state.Verification
	Checksum           []byte
	StartedAt          *time.Time
	RetryAt            *time.Time
	VerifiedAt         *time.Time
	RetryCount         int
	Failure            string
	ChecksumMismatch   bool   // secondary only
	MismatchedChecksum []byte // secondary only: the primary's checksum when they differed
}

// Store is the verification state of one type on one side.
type Store struct {
	db    *sqldb.DB
	d     *replicable.Descriptor
	clock clock.Clock
	side  Side

	// Jitter draws the random part of retry delays; nil draws at random.
	Jitter state.Jitter
	// Timeout fails verifications started longer ago than this.
	Timeout time.Duration
	// ReverifyInterval is how old a succeeded verification gets before
	// the primary verifies the record again.
	ReverifyInterval time.Duration
	// Lease is how long a claim lasts unless renewed (RenewLeases).
	Lease time.Duration

	held state.Held // rows this process claimed and still checksums
}

// NewPrimary returns the verification state of d kept in its state table
// in the primary's main database.
func NewPrimary(db *sqldb.DB, d *replicable.Descriptor, c clock.Clock) *Store {
	return newStore(db, d, c, Primary)
}

// NewSecondary returns the verification state of d kept in its registry
// in a secondary's tracking database. Only synced registries take part.
func NewSecondary(db *sqldb.DB, d *replicable.Descriptor, c clock.Clock) *Store {
	return newStore(db, d, c, Secondary)
}

func newStore(db *sqldb.DB, d *replicable.Descriptor, c clock.Clock, side Side) *Store {
	if c == nil {
		c = clock.System{}
	}
	return &Store{db: db, d: d, clock: c, side: side, Timeout: DefaultTimeout, ReverifyInterval: DefaultReverifyInterval, Lease: state.DefaultLease}
}

// Side is the store's side.
func (s *Store) Side() Side { return s.side }

// Descriptor is the store's type.
func (s *Store) Descriptor() *replicable.Descriptor { return s.d }

// key is the column of table() holding the model key.
func (s *Store) key() string {
	if s.side == Secondary {
		return s.d.ForeignKey
	}
	return s.d.StateKeyColumn()
}

func (s *Store) table() string {
	if s.side == Secondary {
		return s.d.RegistryTable
	}
	return s.d.StateTable
}

// available is the condition for rows that take part in verification:
// on a secondary, synced registries only (as the partial indexes say); on
// a primary verifying on the model table, the records in the type's
// scope (a state table has rows only for those).
func (s *Store) available() string {
	switch {
	case s.side == Secondary:
		return fmt.Sprintf("state = %d", state.Synced)
	case s.d.VerificationOnModel && s.d.Scope != "":
		return "(" + s.d.Scope + ")"
	}
	return ""
}

func (s *Store) columns() string {
	cols := s.key() + ", verification_state, verification_checksum, verification_started_at, verification_retry_at, verified_at, verification_retry_count, verification_failure"
	if s.side == Secondary {
		cols += ", checksum_mismatch, verification_checksum_mismatched"
	} else {
		cols += ", false, NULL"
	}
	return cols
}

func scanItem(sc interface{ Scan(...any) error }) (Item, error) {
	var it Item
	var st int64
	var retries sql.NullInt64 // a registry created before geogen may leave it NULL
	var mismatch sql.NullBool // likewise
	var started, retryAt, verified sql.NullTime
	var failure sql.NullString
	if err := sc.Scan(&it.Key, &st, &it.Checksum, &started, &retryAt, &verified, &retries, &failure, &mismatch, &it.MismatchedChecksum); err != nil {
		return Item{}, err
	}
	it.ChecksumMismatch = mismatch.Bool
	it.State = state.Verification(st)
	it.StartedAt, it.RetryAt, it.VerifiedAt = sqldb.TimePtr(started), sqldb.TimePtr(retryAt), sqldb.TimePtr(verified)
	it.RetryCount = int(retries.Int64)
	it.Failure = failure.String
	return it, nil
}

// Get returns the verification state of a record.
func (s *Store) Get(ctx context.Context, key int64) (Item, error) {
	q := fmt.Sprintf("SELECT %s FROM %s WHERE %s = $1", s.columns(), s.table(), s.key())
	it, err := scanItem(s.db.QueryRowContext(ctx, q, key))
	if errors.Is(err, sql.ErrNoRows) {
		return Item{}, fmt.Errorf("%s %d: %w", s.d.Name, key, ErrNotFound)
	}
	if err != nil {
		return Item{}, fmt.Errorf("verification state of %s %d: %w", s.d.Name, key, err)
	}
	return it, nil
}

func (s *Store) queryItems(ctx context.Context, q string, args ...any) ([]Item, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}
