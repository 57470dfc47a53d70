-- Written by geogen for Gizmo (repository).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.

-- +goose Up
CREATE TABLE gizmo_states (
    verification_started_at timestamp with time zone,
    verification_retry_at timestamp with time zone,
    verified_at timestamp with time zone,
    gizmo_id bigint NOT NULL,
    verification_state smallint DEFAULT 0 NOT NULL,
    verification_retry_count smallint DEFAULT 0 NOT NULL,
    verification_checksum bytea,
    verification_failure text,
    CONSTRAINT gizmo_states_pkey PRIMARY KEY (gizmo_id),
    CONSTRAINT fk_gizmo_states_gizmo_id FOREIGN KEY (gizmo_id) REFERENCES gizmos(id) ON DELETE CASCADE,
    CONSTRAINT check_gizmo_states_verification_failure CHECK ((char_length(verification_failure) <= 255))
);

CREATE INDEX index_gizmo_states_on_verification_state ON gizmo_states USING btree (verification_state);
CREATE INDEX index_gizmo_states_pending_verification ON gizmo_states USING btree (verified_at NULLS FIRST) WHERE (verification_state = 0);
CREATE INDEX index_gizmo_states_failed_verification ON gizmo_states USING btree (verification_retry_at NULLS FIRST) WHERE (verification_state = 3);
CREATE INDEX index_gizmo_states_needs_verification ON gizmo_states USING btree (verification_state) WHERE ((verification_state = 0) OR (verification_state = 3));

-- +goose Down
DROP TABLE gizmo_states;
