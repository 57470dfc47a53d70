-- Written by geogen for CoolWidget (blob).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.

-- +goose Up
CREATE TABLE cool_widget_states (
    verification_started_at timestamp with time zone,
    verification_retry_at timestamp with time zone,
    verified_at timestamp with time zone,
    cool_widget_id bigint NOT NULL,
    verification_state smallint DEFAULT 0 NOT NULL,
    verification_retry_count smallint DEFAULT 0 NOT NULL,
    verification_checksum bytea,
    verification_failure text,
    CONSTRAINT cool_widget_states_pkey PRIMARY KEY (cool_widget_id),
    CONSTRAINT fk_cool_widget_states_cool_widget_id FOREIGN KEY (cool_widget_id) REFERENCES cool_widgets(id) ON DELETE CASCADE,
    CONSTRAINT check_cool_widget_states_verification_failure CHECK ((char_length(verification_failure) <= 255))
);

CREATE INDEX index_cool_widget_states_on_verification_state ON cool_widget_states USING btree (verification_state);
CREATE INDEX index_cool_widget_states_pending_verification ON cool_widget_states USING btree (verified_at NULLS FIRST) WHERE (verification_state = 0);
CREATE INDEX index_cool_widget_states_failed_verification ON cool_widget_states USING btree (verification_retry_at NULLS FIRST) WHERE (verification_state = 3);
CREATE INDEX index_cool_widget_states_needs_verification ON cool_widget_states USING btree (verification_state) WHERE ((verification_state = 0) OR (verification_state = 3));

-- +goose Down
DROP TABLE cool_widget_states;
