-- Written by geogen for CoolWidget (blob).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.

-- +goose Up
CREATE TABLE cool_widget_registry (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    cool_widget_id BIGINT NOT NULL,
    created_at DATETIME NOT NULL,
    last_synced_at DATETIME,
    retry_at DATETIME,
    verified_at DATETIME,
    verification_started_at DATETIME,
    verification_retry_at DATETIME,
    state SMALLINT NOT NULL DEFAULT 0,
    verification_state SMALLINT NOT NULL DEFAULT 0,
    retry_count SMALLINT NOT NULL DEFAULT 0,
    verification_retry_count SMALLINT NOT NULL DEFAULT 0,
    checksum_mismatch BOOLEAN NOT NULL DEFAULT FALSE,
    force_to_redownload BOOLEAN NOT NULL DEFAULT FALSE,
    missing_on_primary BOOLEAN NOT NULL DEFAULT FALSE,
    verification_checksum BLOB,
    verification_checksum_mismatched BLOB,
    verification_failure TEXT,
    last_sync_failure TEXT,
    CONSTRAINT check_cool_widget_registry_verification_failure CHECK (length(verification_failure) <= 255),
    CONSTRAINT check_cool_widget_registry_last_sync_failure CHECK (length(last_sync_failure) <= 255)
);

CREATE UNIQUE INDEX index_cool_widget_registry_on_cool_widget_id ON cool_widget_registry (cool_widget_id);
CREATE INDEX index_cool_widget_registry_on_retry_at ON cool_widget_registry (retry_at);
CREATE INDEX index_cool_widget_registry_on_state ON cool_widget_registry (state);
-- the finder's sorts by last sync and by last verification
CREATE INDEX index_cool_widget_registry_on_last_synced_at ON cool_widget_registry (last_synced_at);
CREATE INDEX index_cool_widget_registry_on_verified_at ON cool_widget_registry (verified_at);
-- find_registries_pending: the pending rows, oldest first, however the table grew
CREATE INDEX cool_widget_registry_pending_sync ON cool_widget_registry (id) WHERE (state = 0);
-- find_registries_needs_sync_again: failed rows by retry time
CREATE INDEX cool_widget_registry_needs_sync_again ON cool_widget_registry (retry_at) WHERE (state = 3);
-- SQLite sorts NULLs first in ascending order already and rejects NULLS FIRST in an index.
CREATE INDEX cool_widget_registry_failed_verification ON cool_widget_registry (verification_retry_at) WHERE ((state = 2) AND (verification_state = 3));
CREATE INDEX cool_widget_registry_needs_verification ON cool_widget_registry (verification_state) WHERE ((state = 2) AND (verification_state IN (0, 3)));
CREATE INDEX cool_widget_registry_pending_verification ON cool_widget_registry (verified_at) WHERE ((state = 2) AND (verification_state = 0));

-- +goose Down
DROP TABLE cool_widget_registry;
