-- Written by geogen for ProjectURLSnapshot (blob).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.

-- +goose Up
CREATE TABLE project_url_snapshot_states (
    verification_started_at DATETIME,
    verification_retry_at DATETIME,
    verified_at DATETIME,
    project_url_snapshot_id BIGINT NOT NULL,
    verification_state SMALLINT NOT NULL DEFAULT 0,
    verification_retry_count SMALLINT NOT NULL DEFAULT 0,
    verification_checksum BLOB,
    verification_failure TEXT,
    CONSTRAINT project_url_snapshot_states_pkey PRIMARY KEY (project_url_snapshot_id),
    CONSTRAINT fk_project_url_snapshot_states_project_url_snapshot_id FOREIGN KEY (project_url_snapshot_id) REFERENCES project_url_snapshots(id) ON DELETE CASCADE,
    CONSTRAINT check_project_url_snapshot_states_verification_failure CHECK (length(verification_failure) <= 255)
);

CREATE INDEX index_project_url_snapshot_states_on_verification_state ON project_url_snapshot_states (verification_state);
-- SQLite sorts NULLs first in ascending order already and rejects NULLS FIRST in an index.
CREATE INDEX index_project_url_snapshot_states_pending_verification ON project_url_snapshot_states (verified_at) WHERE (verification_state = 0);
CREATE INDEX index_project_url_snapshot_states_failed_verification ON project_url_snapshot_states (verification_retry_at) WHERE (verification_state = 3);
CREATE INDEX index_project_url_snapshot_states_needs_verification ON project_url_snapshot_states (verification_state) WHERE ((verification_state = 0) OR (verification_state = 3));

-- +goose Down
DROP TABLE project_url_snapshot_states;
