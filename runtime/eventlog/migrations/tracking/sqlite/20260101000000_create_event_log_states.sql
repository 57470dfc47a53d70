-- A secondary's position in the primary's event log.

-- +goose Up
CREATE TABLE event_log_states (
    event_id BIGINT NOT NULL PRIMARY KEY,
    created_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE event_log_states;
