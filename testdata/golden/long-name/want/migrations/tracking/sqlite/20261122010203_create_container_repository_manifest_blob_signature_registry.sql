-- Written by geogen for ContainerRepositoryManifestBlobSignature (repository).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.

-- +goose Up
CREATE TABLE container_repository_manifest_blob_signature_registry (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    container_repository_manifest_blob_signature_id BIGINT NOT NULL,
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
    CONSTRAINT check_container_repository_manifest_blob_signature_reg_6b902e51 CHECK (length(verification_failure) <= 255),
    CONSTRAINT check_container_repository_manifest_blob_signature_reg_28975563 CHECK (length(last_sync_failure) <= 255)
);

CREATE UNIQUE INDEX index_container_repository_manifest_blob_signature_reg_ab54777e ON container_repository_manifest_blob_signature_registry (container_repository_manifest_blob_signature_id);
CREATE INDEX index_container_repository_manifest_blob_signature_reg_60a65346 ON container_repository_manifest_blob_signature_registry (retry_at);
CREATE INDEX index_container_repository_manifest_blob_signature_reg_4658ce7d ON container_repository_manifest_blob_signature_registry (state);
-- the finder's sorts by last sync and by last verification
CREATE INDEX index_container_repository_manifest_blob_signature_reg_3734367c ON container_repository_manifest_blob_signature_registry (last_synced_at);
CREATE INDEX index_container_repository_manifest_blob_signature_reg_ae43cce5 ON container_repository_manifest_blob_signature_registry (verified_at);
-- repositories whose checksum differed from the primary's, by retry time
CREATE INDEX index_container_repository_manifest_blob_signature_reg_90aedadc ON container_repository_manifest_blob_signature_registry (verification_retry_at) WHERE (checksum_mismatch = TRUE);
-- find_registries_pending: the pending rows, oldest first, however the table grew
CREATE INDEX container_repository_manifest_blob_signature_registry_a9b0f6a0 ON container_repository_manifest_blob_signature_registry (id) WHERE (state = 0);
-- find_registries_needs_sync_again: failed rows by retry time
CREATE INDEX container_repository_manifest_blob_signature_registry_cebe6543 ON container_repository_manifest_blob_signature_registry (retry_at) WHERE (state = 3);
-- SQLite sorts NULLs first in ascending order already and rejects NULLS FIRST in an index.
CREATE INDEX container_repository_manifest_blob_signature_registry_e4f78a00 ON container_repository_manifest_blob_signature_registry (verification_retry_at) WHERE ((state = 2) AND (verification_state = 3));
CREATE INDEX container_repository_manifest_blob_signature_registry_ed2ace23 ON container_repository_manifest_blob_signature_registry (verification_state) WHERE ((state = 2) AND (verification_state IN (0, 3)));
CREATE INDEX container_repository_manifest_blob_signature_registry_52b84631 ON container_repository_manifest_blob_signature_registry (verified_at) WHERE ((state = 2) AND (verification_state = 0));

-- +goose Down
DROP TABLE container_repository_manifest_blob_signature_registry;
