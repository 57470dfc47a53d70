-- Written by geogen for SnippetRepository (repository).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.

-- +goose Up
CREATE TABLE snippet_repository_registry (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    snippet_repository_id BIGINT NOT NULL,
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
    verification_checksum BLOB,
    verification_checksum_mismatched BLOB,
    verification_failure TEXT,
    last_sync_failure TEXT,
    CONSTRAINT check_snippet_repository_registry_verification_failure CHECK (length(verification_failure) <= 255),
    CONSTRAINT check_snippet_repository_registry_last_sync_failure CHECK (length(last_sync_failure) <= 255)
);

CREATE UNIQUE INDEX index_snippet_repository_registry_on_snippet_repository_id ON snippet_repository_registry (snippet_repository_id);
CREATE INDEX index_snippet_repository_registry_on_retry_at ON snippet_repository_registry (retry_at);
CREATE INDEX index_snippet_repository_registry_on_state ON snippet_repository_registry (state);
-- find_registries_needs_sync_again: failed rows by retry time
CREATE INDEX snippet_repository_registry_needs_sync_again ON snippet_repository_registry (retry_at) WHERE (state = 3);
-- SQLite sorts NULLs first in ascending order already and rejects NULLS FIRST in an index.
CREATE INDEX snippet_repository_registry_failed_verification ON snippet_repository_registry (verification_retry_at) WHERE ((state = 2) AND (verification_state = 3));
CREATE INDEX snippet_repository_registry_needs_verification ON snippet_repository_registry (verification_state) WHERE ((state = 2) AND (verification_state IN (0, 3)));
CREATE INDEX snippet_repository_registry_pending_verification ON snippet_repository_registry (verified_at) WHERE ((state = 2) AND (verification_state = 0));

-- +goose Down
DROP TABLE snippet_repository_registry;
