package registry

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// Record is one registry row: what a secondary knows about one model record.
type Record struct {
	ID                             int64
	ModelRecordID                  int64 // the registry's foreign key column
	CreatedAt                      time.Time
	LastSyncedAt                   *time.Time
	RetryAt                        *time.Time
	VerifiedAt                     *time.Time
	VerificationStartedAt          *time.Time
	VerificationRetryAt            *time.Time
	State                          state.Replication
	VerificationState              state.Verification
	RetryCount                     int
	VerificationRetryCount         int
	ChecksumMismatch               bool
	ForceToRedownload              bool
	MissingOnPrimary               bool
	VerificationChecksum           []byte
	VerificationChecksumMismatched []byte
	VerificationFailure            string
	LastSyncFailure                string
}

// Columns returns the registry's columns in Record field order, with the
// descriptor's foreign key column second. It is the select list of every
// query that returns Records.
func Columns(d *replicable.Descriptor) string {
	missing := "missing_on_primary"
	if d.WithoutMissingOnPrimary {
		missing = "false"
	}
	return "id, " + d.ForeignKey + ", created_at, last_synced_at, retry_at, verified_at, " +
		"verification_started_at, verification_retry_at, state, verification_state, retry_count, " +
		"verification_retry_count, checksum_mismatch, force_to_redownload, " + missing + ", " +
		"verification_checksum, verification_checksum_mismatched, verification_failure, last_sync_failure"
}

// Scanner is *sql.Row or *sql.Rows.
type Scanner interface {
	Scan(dest ...any) error
}

// Scan reads one row selected with Columns. The columns a registry
// created before geogen may leave NULL (its key, created_at, the retry
// counts, checksum_mismatch, missing_on_primary) read as zero values.
func Scan(s Scanner) (Record, error) {
	var r Record
	var key, retries, verRetries sql.NullInt64
	var createdAt, lastSynced, retryAt, verifiedAt, verStarted, verRetryAt sql.NullTime
	var verFailure, syncFailure sql.NullString
	var mismatch, missing sql.NullBool
	var st, vst int64
	err := s.Scan(&r.ID, &key, &createdAt, &lastSynced, &retryAt, &verifiedAt,
		&verStarted, &verRetryAt, &st, &vst, &retries, &verRetries,
		&mismatch, &r.ForceToRedownload, &missing,
		&r.VerificationChecksum, &r.VerificationChecksumMismatched, &verFailure, &syncFailure)
	if err != nil {
		return Record{}, fmt.Errorf("scan registry row: %w", err)
	}
	r.ModelRecordID = key.Int64
	r.CreatedAt = createdAt.Time.UTC()
	r.RetryCount, r.VerificationRetryCount = int(retries.Int64), int(verRetries.Int64)
	r.ChecksumMismatch, r.MissingOnPrimary = mismatch.Bool, missing.Bool
	r.LastSyncedAt = sqldb.TimePtr(lastSynced)
	r.RetryAt = sqldb.TimePtr(retryAt)
	r.VerifiedAt = sqldb.TimePtr(verifiedAt)
	r.VerificationStartedAt = sqldb.TimePtr(verStarted)
	r.VerificationRetryAt = sqldb.TimePtr(verRetryAt)
	r.State = state.Replication(st)
	r.VerificationState = state.Verification(vst)
	r.VerificationFailure = verFailure.String
	r.LastSyncFailure = syncFailure.String
	return r, nil
}
