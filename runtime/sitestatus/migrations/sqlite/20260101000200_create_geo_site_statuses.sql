-- The primary's list of the sites it knows: every secondary that has
-- reported its status, with its last report and event cursor.

-- +goose Up
CREATE TABLE geo_site_statuses (
    name TEXT NOT NULL PRIMARY KEY,
    url TEXT NOT NULL,
    primary_site BOOLEAN NOT NULL,
    cursor_event_id INTEGER NOT NULL,
    healthy BOOLEAN NOT NULL,
    report TEXT NOT NULL,
    reported_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE geo_site_statuses;
