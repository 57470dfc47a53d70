-- Written by geogen for JobArtifact (blob).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.

-- +goose Up
CREATE TABLE job_artifact_states (
    verification_started_at DATETIME,
    verification_retry_at DATETIME,
    verified_at DATETIME,
    artifact_id BIGINT NOT NULL,
    verification_state SMALLINT NOT NULL DEFAULT 0,
    verification_retry_count SMALLINT NOT NULL DEFAULT 0,
    verification_checksum BLOB,
    verification_failure TEXT,
    CONSTRAINT job_artifact_states_pkey PRIMARY KEY (artifact_id),
    CONSTRAINT fk_job_artifact_states_artifact_id FOREIGN KEY (artifact_id) REFERENCES job_artifacts(id) ON DELETE CASCADE,
    CONSTRAINT check_job_artifact_states_verification_failure CHECK (length(verification_failure) <= 255)
);

CREATE INDEX index_job_artifact_states_on_verification_state ON job_artifact_states (verification_state);
-- SQLite sorts NULLs first in ascending order already and rejects NULLS FIRST in an index.
CREATE INDEX index_job_artifact_states_pending_verification ON job_artifact_states (verified_at) WHERE (verification_state = 0);
CREATE INDEX index_job_artifact_states_failed_verification ON job_artifact_states (verification_retry_at) WHERE (verification_state = 3);
CREATE INDEX index_job_artifact_states_needs_verification ON job_artifact_states (verification_state) WHERE ((verification_state = 0) OR (verification_state = 3));

-- +goose Down
DROP TABLE job_artifact_states;
