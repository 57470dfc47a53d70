-- Written by geogen for CoolWidget (blob).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.

-- +goose Up
CREATE TABLE cool_widget_states (
    verification_started_at DATETIME,
    verification_retry_at DATETIME,
    verified_at DATETIME,
    cool_widget_id BIGINT NOT NULL,
    verification_state SMALLINT NOT NULL DEFAULT 0,
    verification_retry_count SMALLINT NOT NULL DEFAULT 0,
    verification_checksum BLOB,
    verification_failure TEXT,
    CONSTRAINT cool_widget_states_pkey PRIMARY KEY (cool_widget_id),
    CONSTRAINT fk_cool_widget_states_cool_widget_id FOREIGN KEY (cool_widget_id) REFERENCES cool_widgets(id) ON DELETE CASCADE,
    CONSTRAINT check_cool_widget_states_verification_failure CHECK (length(verification_failure) <= 255)
);

CREATE INDEX index_cool_widget_states_on_verification_state ON cool_widget_states (verification_state);
-- SQLite sorts NULLs first in ascending order already and rejects NULLS FIRST in an index.
CREATE INDEX index_cool_widget_states_pending_verification ON cool_widget_states (verified_at) WHERE (verification_state = 0);
CREATE INDEX index_cool_widget_states_failed_verification ON cool_widget_states (verification_retry_at) WHERE (verification_state = 3);
CREATE INDEX index_cool_widget_states_needs_verification ON cool_widget_states (verification_state) WHERE ((verification_state = 0) OR (verification_state = 3));

-- +goose Down
DROP TABLE cool_widget_states;
