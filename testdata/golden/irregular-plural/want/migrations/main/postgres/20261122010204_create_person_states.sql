-- Written by geogen for Person (blob).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.

-- +goose Up
CREATE TABLE person_states (
    verification_started_at timestamp with time zone,
    verification_retry_at timestamp with time zone,
    verified_at timestamp with time zone,
    person_id bigint NOT NULL,
    verification_state smallint DEFAULT 0 NOT NULL,
    verification_retry_count smallint DEFAULT 0 NOT NULL,
    verification_checksum bytea,
    verification_failure text,
    CONSTRAINT person_states_pkey PRIMARY KEY (person_id),
    CONSTRAINT fk_person_states_person_id FOREIGN KEY (person_id) REFERENCES people(id) ON DELETE CASCADE,
    CONSTRAINT check_person_states_verification_failure CHECK ((char_length(verification_failure) <= 255))
);

CREATE INDEX index_person_states_on_verification_state ON person_states USING btree (verification_state);
CREATE INDEX index_person_states_pending_verification ON person_states USING btree (verified_at NULLS FIRST) WHERE (verification_state = 0);
CREATE INDEX index_person_states_failed_verification ON person_states USING btree (verification_retry_at NULLS FIRST) WHERE (verification_state = 3);
CREATE INDEX index_person_states_needs_verification ON person_states USING btree (verification_state) WHERE ((verification_state = 0) OR (verification_state = 3));

-- +goose Down
DROP TABLE person_states;
