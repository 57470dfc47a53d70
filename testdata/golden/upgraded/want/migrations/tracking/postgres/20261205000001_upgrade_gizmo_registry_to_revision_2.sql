-- Written by geogen for Gizmo (repository).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.
-- It brings gizmo_registry to geogen's schema revision 2: the indexes
-- behind the finder's sorts by last sync and last verification, and the
-- index of repositories whose checksum differed from the primary's.
--
-- The indexes are built CONCURRENTLY, so writes to the table go on while
-- they build; PostgreSQL refuses that inside a transaction, hence NO
-- TRANSACTION. A concurrent build that fails leaves an invalid index
-- behind, so each is dropped first if it exists: running the migration
-- again after a failure builds it afresh.

-- +goose NO TRANSACTION
-- +goose Up
DROP INDEX CONCURRENTLY IF EXISTS index_gizmo_registry_on_last_synced_at;
CREATE INDEX CONCURRENTLY index_gizmo_registry_on_last_synced_at ON gizmo_registry USING btree (last_synced_at);
DROP INDEX CONCURRENTLY IF EXISTS index_gizmo_registry_on_verified_at;
CREATE INDEX CONCURRENTLY index_gizmo_registry_on_verified_at ON gizmo_registry USING btree (verified_at);
DROP INDEX CONCURRENTLY IF EXISTS index_gizmo_registry_checksum_mismatch;
CREATE INDEX CONCURRENTLY index_gizmo_registry_checksum_mismatch ON gizmo_registry USING btree (verification_retry_at) WHERE (checksum_mismatch = true);

-- +goose Down
DROP INDEX CONCURRENTLY IF EXISTS index_gizmo_registry_checksum_mismatch;
DROP INDEX CONCURRENTLY IF EXISTS index_gizmo_registry_on_verified_at;
DROP INDEX CONCURRENTLY IF EXISTS index_gizmo_registry_on_last_synced_at;
