-- Bulk jobs: resync, reverify or checksum again every row of one type that
-- matches a filter, in resumable keyset batches. The same table lives in a
-- primary's main database and in a secondary's tracking database.
-- IF NOT EXISTS: a database may hold both sets (one SQLite file for a demo).

-- +goose Up
CREATE TABLE IF NOT EXISTS geo_bulk_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    replicable_name TEXT NOT NULL,
    action TEXT NOT NULL,
    filter_key TEXT NOT NULL,
    ids TEXT,
    replication_state SMALLINT,
    verification_state SMALLINT,
    status SMALLINT NOT NULL DEFAULT 0,
    total BIGINT NOT NULL DEFAULT 0,
    done BIGINT NOT NULL DEFAULT 0,
    cursor_id BIGINT NOT NULL DEFAULT 0,
    max_id BIGINT NOT NULL DEFAULT 0,
    batches BIGINT NOT NULL DEFAULT 0,
    failed_passes INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    lease_owner TEXT,
    lease_expires_at DATETIME,
    created_at DATETIME NOT NULL,
    started_at DATETIME,
    finished_at DATETIME
);

-- one unfinished job per type, action and filter: a repeated request joins it
CREATE UNIQUE INDEX IF NOT EXISTS geo_bulk_jobs_unfinished ON geo_bulk_jobs (replicable_name, action, filter_key) WHERE (finished_at IS NULL);
-- pruning finished jobs
CREATE INDEX IF NOT EXISTS geo_bulk_jobs_finished_at ON geo_bulk_jobs (finished_at) WHERE (finished_at IS NOT NULL);

-- +goose Down
DROP TABLE IF EXISTS geo_bulk_jobs;
