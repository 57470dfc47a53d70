-- The primary's list of the sites it knows: every secondary that has
-- reported its status, with its last report and event cursor.

-- +goose Up
CREATE TABLE geo_site_statuses (
    name text NOT NULL,
    url text NOT NULL,
    primary_site boolean NOT NULL,
    cursor_event_id bigint NOT NULL,
    healthy boolean NOT NULL,
    report text NOT NULL,
    reported_at timestamp with time zone NOT NULL,
    CONSTRAINT geo_site_statuses_pkey PRIMARY KEY (name)
);

-- +goose Down
DROP TABLE geo_site_statuses;
