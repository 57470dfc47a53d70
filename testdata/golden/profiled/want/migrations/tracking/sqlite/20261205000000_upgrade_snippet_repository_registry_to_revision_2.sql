-- Written by geogen for SnippetRepository (repository).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.
-- It brings snippet_repository_registry to geogen's schema revision 2: the indexes
-- behind the finder's sorts by last sync and last verification.
-- The type's registry_profile leaves some of them out (without_indexes):
-- this migration creates only the others, perhaps none.

-- +goose Up
CREATE INDEX IF NOT EXISTS index_snippet_repository_registry_on_last_synced_at ON snippet_repository_registry (last_synced_at);
CREATE INDEX IF NOT EXISTS index_snippet_repository_registry_on_verified_at ON snippet_repository_registry (verified_at);

-- +goose Down
DROP INDEX IF EXISTS index_snippet_repository_registry_on_verified_at;
DROP INDEX IF EXISTS index_snippet_repository_registry_on_last_synced_at;
