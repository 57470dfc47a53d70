-- The primary's event log: one row per replication event, read by every
-- secondary through its read-only view of the main database.

-- +goose Up
CREATE TABLE geo_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    replicable_name TEXT NOT NULL,
    event_name TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE geo_events;
