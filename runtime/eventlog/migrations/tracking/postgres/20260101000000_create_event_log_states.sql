-- A secondary's position in the primary's event log.

-- +goose Up
CREATE TABLE event_log_states (
    event_id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT event_log_states_pkey PRIMARY KEY (event_id)
);

-- +goose Down
DROP TABLE event_log_states;
