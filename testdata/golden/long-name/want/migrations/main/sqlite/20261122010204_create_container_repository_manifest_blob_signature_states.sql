-- Written by geogen for ContainerRepositoryManifestBlobSignature (repository).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.

-- +goose Up
CREATE TABLE container_repository_manifest_blob_signature_states (
    verification_started_at DATETIME,
    verification_retry_at DATETIME,
    verified_at DATETIME,
    container_repository_manifest_blob_signature_id BIGINT NOT NULL,
    verification_state SMALLINT NOT NULL DEFAULT 0,
    verification_retry_count SMALLINT NOT NULL DEFAULT 0,
    verification_checksum BLOB,
    verification_failure TEXT,
    CONSTRAINT container_repository_manifest_blob_signature_states_pkey PRIMARY KEY (container_repository_manifest_blob_signature_id),
    CONSTRAINT fk_container_repository_manifest_blob_signature_states_e339947c FOREIGN KEY (container_repository_manifest_blob_signature_id) REFERENCES container_repository_manifest_blob_signatures(id) ON DELETE CASCADE,
    CONSTRAINT check_container_repository_manifest_blob_signature_sta_92793b8f CHECK (length(verification_failure) <= 255)
);

CREATE INDEX index_container_repository_manifest_blob_signature_sta_f3240948 ON container_repository_manifest_blob_signature_states (verification_state);
-- SQLite sorts NULLs first in ascending order already and rejects NULLS FIRST in an index.
CREATE INDEX index_container_repository_manifest_blob_signature_sta_0c22b6d5 ON container_repository_manifest_blob_signature_states (verified_at) WHERE (verification_state = 0);
CREATE INDEX index_container_repository_manifest_blob_signature_sta_5e735801 ON container_repository_manifest_blob_signature_states (verification_retry_at) WHERE (verification_state = 3);
CREATE INDEX index_container_repository_manifest_blob_signature_sta_117d11f4 ON container_repository_manifest_blob_signature_states (verification_state) WHERE ((verification_state = 0) OR (verification_state = 3));

-- +goose Down
DROP TABLE container_repository_manifest_blob_signature_states;
