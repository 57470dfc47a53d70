-- Written by geogen for ProjectURLSnapshot (blob).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.

-- +goose Up
CREATE TABLE project_url_snapshot_states (
    verification_started_at timestamp with time zone,
    verification_retry_at timestamp with time zone,
    verified_at timestamp with time zone,
    project_url_snapshot_id bigint NOT NULL,
    verification_state smallint DEFAULT 0 NOT NULL,
    verification_retry_count smallint DEFAULT 0 NOT NULL,
    verification_checksum bytea,
    verification_failure text,
    CONSTRAINT project_url_snapshot_states_pkey PRIMARY KEY (project_url_snapshot_id),
    CONSTRAINT fk_project_url_snapshot_states_project_url_snapshot_id FOREIGN KEY (project_url_snapshot_id) REFERENCES project_url_snapshots(id) ON DELETE CASCADE,
    CONSTRAINT check_project_url_snapshot_states_verification_failure CHECK ((char_length(verification_failure) <= 255))
);

CREATE INDEX index_project_url_snapshot_states_on_verification_state ON project_url_snapshot_states USING btree (verification_state);
CREATE INDEX index_project_url_snapshot_states_pending_verification ON project_url_snapshot_states USING btree (verified_at NULLS FIRST) WHERE (verification_state = 0);
CREATE INDEX index_project_url_snapshot_states_failed_verification ON project_url_snapshot_states USING btree (verification_retry_at NULLS FIRST) WHERE (verification_state = 3);
CREATE INDEX index_project_url_snapshot_states_needs_verification ON project_url_snapshot_states USING btree (verification_state) WHERE ((verification_state = 0) OR (verification_state = 3));

-- +goose Down
DROP TABLE project_url_snapshot_states;
