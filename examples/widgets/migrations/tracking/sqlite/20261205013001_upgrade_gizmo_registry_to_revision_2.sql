-- Written by geogen for Gizmo (repository).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.
-- It brings gizmo_registry to geogen's schema revision 2: the indexes
-- behind the finder's sorts by last sync and last verification, and the
-- index of repositories whose checksum differed from the primary's.

-- +goose Up
CREATE INDEX IF NOT EXISTS index_gizmo_registry_on_last_synced_at ON gizmo_registry (last_synced_at);
CREATE INDEX IF NOT EXISTS index_gizmo_registry_on_verified_at ON gizmo_registry (verified_at);
CREATE INDEX IF NOT EXISTS index_gizmo_registry_checksum_mismatch ON gizmo_registry (verification_retry_at) WHERE (checksum_mismatch = TRUE);

-- +goose Down
DROP INDEX IF EXISTS index_gizmo_registry_checksum_mismatch;
DROP INDEX IF EXISTS index_gizmo_registry_on_verified_at;
DROP INDEX IF EXISTS index_gizmo_registry_on_last_synced_at;
