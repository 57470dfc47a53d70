-- Written by geogen for JobArtifact (blob).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.

-- +goose Up
CREATE TABLE job_artifact_states (
    verification_started_at timestamp with time zone,
    verification_retry_at timestamp with time zone,
    verified_at timestamp with time zone,
    artifact_id bigint NOT NULL,
    verification_state smallint DEFAULT 0 NOT NULL,
    verification_retry_count smallint DEFAULT 0 NOT NULL,
    verification_checksum bytea,
    verification_failure text,
    CONSTRAINT job_artifact_states_pkey PRIMARY KEY (artifact_id),
    CONSTRAINT fk_job_artifact_states_artifact_id FOREIGN KEY (artifact_id) REFERENCES job_artifacts(id) ON DELETE CASCADE,
    CONSTRAINT check_job_artifact_states_verification_failure CHECK ((char_length(verification_failure) <= 255))
);

CREATE INDEX index_job_artifact_states_on_verification_state ON job_artifact_states USING btree (verification_state);
CREATE INDEX index_job_artifact_states_pending_verification ON job_artifact_states USING btree (verified_at NULLS FIRST) WHERE (verification_state = 0);
CREATE INDEX index_job_artifact_states_failed_verification ON job_artifact_states USING btree (verification_retry_at NULLS FIRST) WHERE (verification_state = 3);
CREATE INDEX index_job_artifact_states_needs_verification ON job_artifact_states USING btree (verification_state) WHERE ((verification_state = 0) OR (verification_state = 3));

-- +goose Down
DROP TABLE job_artifact_states;
