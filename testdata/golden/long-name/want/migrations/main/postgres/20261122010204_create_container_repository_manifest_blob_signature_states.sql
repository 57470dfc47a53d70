-- Written by geogen for ContainerRepositoryManifestBlobSignature (repository).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.

-- +goose Up
CREATE TABLE container_repository_manifest_blob_signature_states (
    verification_started_at timestamp with time zone,
    verification_retry_at timestamp with time zone,
    verified_at timestamp with time zone,
    container_repository_manifest_blob_signature_id bigint NOT NULL,
    verification_state smallint DEFAULT 0 NOT NULL,
    verification_retry_count smallint DEFAULT 0 NOT NULL,
    verification_checksum bytea,
    verification_failure text,
    CONSTRAINT container_repository_manifest_blob_signature_states_pkey PRIMARY KEY (container_repository_manifest_blob_signature_id),
    CONSTRAINT fk_container_repository_manifest_blob_signature_states_e339947c FOREIGN KEY (container_repository_manifest_blob_signature_id) REFERENCES container_repository_manifest_blob_signatures(id) ON DELETE CASCADE,
    CONSTRAINT check_container_repository_manifest_blob_signature_sta_92793b8f CHECK ((char_length(verification_failure) <= 255))
);

CREATE INDEX index_container_repository_manifest_blob_signature_sta_f3240948 ON container_repository_manifest_blob_signature_states USING btree (verification_state);
CREATE INDEX index_container_repository_manifest_blob_signature_sta_0c22b6d5 ON container_repository_manifest_blob_signature_states USING btree (verified_at NULLS FIRST) WHERE (verification_state = 0);
CREATE INDEX index_container_repository_manifest_blob_signature_sta_5e735801 ON container_repository_manifest_blob_signature_states USING btree (verification_retry_at NULLS FIRST) WHERE (verification_state = 3);
CREATE INDEX index_container_repository_manifest_blob_signature_sta_117d11f4 ON container_repository_manifest_blob_signature_states USING btree (verification_state) WHERE ((verification_state = 0) OR (verification_state = 3));

-- +goose Down
DROP TABLE container_repository_manifest_blob_signature_states;
