-- The primary's list of the sites it knows: every secondary that has
-- reported its status, with its last report and event cursor. Ids start
-- at 2: the primary itself is site 1.

-- +goose Up
CREATE TABLE geo_site_statuses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    primary_site BOOLEAN NOT NULL,
    cursor_event_id INTEGER NOT NULL,
    healthy BOOLEAN NOT NULL,
    report TEXT NOT NULL,
    reported_at DATETIME NOT NULL
);
INSERT INTO sqlite_sequence (name, seq) VALUES ('geo_site_statuses', 1);

-- +goose Down
DROP TABLE geo_site_statuses;
