-- Written by geogen for LFSObject (blob).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.

-- +goose Up
CREATE TABLE lfs_object_states (
    verification_started_at timestamp with time zone,
    verification_retry_at timestamp with time zone,
    verified_at timestamp with time zone,
    lfs_object_id bigint NOT NULL,
    verification_state smallint DEFAULT 0 NOT NULL,
    verification_retry_count smallint DEFAULT 0 NOT NULL,
    verification_checksum bytea,
    verification_failure text,
    CONSTRAINT lfs_object_states_pkey PRIMARY KEY (lfs_object_id),
    CONSTRAINT fk_lfs_object_states_lfs_object_id FOREIGN KEY (lfs_object_id) REFERENCES lfs_objects(id) ON DELETE CASCADE,
    CONSTRAINT check_lfs_object_states_verification_failure CHECK ((char_length(verification_failure) <= 255))
);

CREATE INDEX index_lfs_object_states_on_verification_state ON lfs_object_states USING btree (verification_state);
CREATE INDEX index_lfs_object_states_pending_verification ON lfs_object_states USING btree (verified_at NULLS FIRST) WHERE (verification_state = 0);
CREATE INDEX index_lfs_object_states_failed_verification ON lfs_object_states USING btree (verification_retry_at NULLS FIRST) WHERE (verification_state = 3);
CREATE INDEX index_lfs_object_states_needs_verification ON lfs_object_states USING btree (verification_state) WHERE ((verification_state = 0) OR (verification_state = 3));

-- +goose Down
DROP TABLE lfs_object_states;
