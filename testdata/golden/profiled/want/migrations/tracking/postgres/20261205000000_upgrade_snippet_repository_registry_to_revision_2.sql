-- Written by geogen for SnippetRepository (repository).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.
-- It brings snippet_repository_registry to geogen's schema revision 2: the indexes
-- behind the finder's sorts by last sync and last verification.
-- The type's registry_profile leaves some of them out (without_indexes):
-- this migration creates only the others, perhaps none.
--
-- The indexes are built CONCURRENTLY, so writes to the table go on while
-- they build; PostgreSQL refuses that inside a transaction, hence NO
-- TRANSACTION. A concurrent build that fails leaves an invalid index
-- behind, so each is dropped first if it exists: running the migration
-- again after a failure builds it afresh.

-- +goose NO TRANSACTION
-- +goose Up
DROP INDEX CONCURRENTLY IF EXISTS index_snippet_repository_registry_on_last_synced_at;
CREATE INDEX CONCURRENTLY index_snippet_repository_registry_on_last_synced_at ON snippet_repository_registry USING btree (last_synced_at);
DROP INDEX CONCURRENTLY IF EXISTS index_snippet_repository_registry_on_verified_at;
CREATE INDEX CONCURRENTLY index_snippet_repository_registry_on_verified_at ON snippet_repository_registry USING btree (verified_at);

-- +goose Down
DROP INDEX CONCURRENTLY IF EXISTS index_snippet_repository_registry_on_verified_at;
DROP INDEX CONCURRENTLY IF EXISTS index_snippet_repository_registry_on_last_synced_at;
