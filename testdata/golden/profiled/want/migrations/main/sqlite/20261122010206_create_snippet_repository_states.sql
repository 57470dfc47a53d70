-- Written by geogen for SnippetRepository (repository).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.

-- +goose Up
CREATE TABLE snippet_repository_states (
    verification_started_at DATETIME,
    verification_retry_at DATETIME,
    verified_at DATETIME,
    snippet_repository_id BIGINT NOT NULL,
    verification_state SMALLINT NOT NULL DEFAULT 0,
    verification_retry_count SMALLINT NOT NULL DEFAULT 0,
    verification_checksum BLOB,
    verification_failure TEXT,
    CONSTRAINT snippet_repository_states_pkey PRIMARY KEY (snippet_repository_id),
    CONSTRAINT fk_snippet_repository_states_snippet_repository_id FOREIGN KEY (snippet_repository_id) REFERENCES snippet_repositories(id) ON DELETE CASCADE,
    CONSTRAINT check_snippet_repository_states_verification_failure CHECK (length(verification_failure) <= 255)
);

CREATE INDEX index_snippet_repository_states_on_verification_state ON snippet_repository_states (verification_state);
-- SQLite sorts NULLs first in ascending order already and rejects NULLS FIRST in an index.
CREATE INDEX index_snippet_repository_states_pending_verification ON snippet_repository_states (verified_at) WHERE (verification_state = 0);
CREATE INDEX index_snippet_repository_states_failed_verification ON snippet_repository_states (verification_retry_at) WHERE (verification_state = 3);
CREATE INDEX index_snippet_repository_states_needs_verification ON snippet_repository_states (verification_state) WHERE ((verification_state = 0) OR (verification_state = 3));

-- +goose Down
DROP TABLE snippet_repository_states;
