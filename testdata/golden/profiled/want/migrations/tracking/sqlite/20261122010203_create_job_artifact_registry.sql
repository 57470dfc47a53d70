-- Written by geogen for JobArtifact (blob).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.

-- +goose Up
CREATE TABLE job_artifact_registry (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at DATETIME,
    retry_at DATETIME,
    bytes BIGINT,
    artifact_id INTEGER,
    retry_count INTEGER DEFAULT 0,
    sha256 VARCHAR,
    state SMALLINT NOT NULL DEFAULT 0,
    last_synced_at DATETIME,
    last_sync_failure VARCHAR(255),
    verified_at DATETIME,
    verification_started_at DATETIME,
    verification_retry_at DATETIME,
    verification_state SMALLINT NOT NULL DEFAULT 0,
    verification_retry_count SMALLINT NOT NULL DEFAULT 0,
    verification_checksum BLOB,
    verification_checksum_mismatched BLOB,
    checksum_mismatch BOOLEAN NOT NULL DEFAULT FALSE,
    verification_failure TEXT,
    success BOOLEAN NOT NULL DEFAULT FALSE,
    force_to_redownload BOOLEAN NOT NULL DEFAULT FALSE,
    CONSTRAINT check_job_artifact_registry_verification_failure CHECK (length(verification_failure) <= 255)
);

CREATE UNIQUE INDEX index_job_artifact_registry_on_artifact_id_unique ON job_artifact_registry (artifact_id);
CREATE INDEX index_job_artifact_registry_on_retry_at ON job_artifact_registry (retry_at);
CREATE INDEX index_job_artifact_registry_on_state ON job_artifact_registry (state);
-- the finder's sorts by last sync and by last verification
CREATE INDEX index_job_artifact_registry_on_last_synced_at ON job_artifact_registry (last_synced_at);
CREATE INDEX index_job_artifact_registry_on_verified_at ON job_artifact_registry (verified_at);
-- SQLite sorts NULLs first in ascending order already and rejects NULLS FIRST in an index.
CREATE INDEX job_artifact_registry_failed_verification ON job_artifact_registry (verification_retry_at) WHERE (verification_state = 3);
CREATE INDEX job_artifact_registry_needs_verification ON job_artifact_registry (verification_state) WHERE (verification_state IN (0, 3));
CREATE INDEX job_artifact_registry_pending_verification ON job_artifact_registry (verified_at) WHERE (verification_state = 0);
-- the table's own indexes
CREATE INDEX index_job_artifact_registry_on_artifact_id ON job_artifact_registry (artifact_id);
CREATE INDEX index_job_artifact_registry_on_success ON job_artifact_registry (success);

-- +goose Down
DROP TABLE job_artifact_registry;
