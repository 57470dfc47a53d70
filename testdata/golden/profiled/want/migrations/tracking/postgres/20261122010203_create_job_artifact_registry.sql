-- Written by geogen for JobArtifact (blob).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.

-- +goose Up
CREATE SEQUENCE job_artifact_registry_id_seq;
CREATE TABLE job_artifact_registry (
    id integer DEFAULT nextval('job_artifact_registry_id_seq'::regclass) NOT NULL,
    created_at timestamp with time zone,
    retry_at timestamp with time zone,
    bytes bigint,
    artifact_id integer,
    retry_count integer DEFAULT 0,
    sha256 character varying,
    state smallint DEFAULT 0 NOT NULL,
    last_synced_at timestamp without time zone,
    last_sync_failure character varying(255),
    verified_at timestamp with time zone,
    verification_started_at timestamp with time zone,
    verification_retry_at timestamp with time zone,
    verification_state smallint DEFAULT 0 NOT NULL,
    verification_retry_count smallint DEFAULT 0 NOT NULL,
    verification_checksum bytea,
    verification_checksum_mismatched bytea,
    checksum_mismatch boolean DEFAULT false NOT NULL,
    verification_failure text,
    success boolean DEFAULT false NOT NULL,
    force_to_redownload boolean DEFAULT false NOT NULL,
    CONSTRAINT job_artifact_registry_pkey PRIMARY KEY (id),
    CONSTRAINT check_job_artifact_registry_verification_failure CHECK ((char_length(verification_failure) <= 255))
);
ALTER SEQUENCE job_artifact_registry_id_seq OWNED BY job_artifact_registry.id;

CREATE UNIQUE INDEX index_job_artifact_registry_on_artifact_id_unique ON job_artifact_registry USING btree (artifact_id);
CREATE INDEX index_job_artifact_registry_on_retry_at ON job_artifact_registry USING btree (retry_at);
CREATE INDEX index_job_artifact_registry_on_state ON job_artifact_registry USING btree (state);
-- the finder's sorts by last sync and by last verification
CREATE INDEX index_job_artifact_registry_on_last_synced_at ON job_artifact_registry USING btree (last_synced_at);
CREATE INDEX index_job_artifact_registry_on_verified_at ON job_artifact_registry USING btree (verified_at);
-- the verification indexes over every row, as the table had them
CREATE INDEX job_artifact_registry_failed_verification ON job_artifact_registry USING btree (verification_retry_at NULLS FIRST) WHERE (verification_state = 3);
CREATE INDEX job_artifact_registry_needs_verification ON job_artifact_registry USING btree (verification_state) WHERE (verification_state = ANY (ARRAY[0, 3]));
CREATE INDEX job_artifact_registry_pending_verification ON job_artifact_registry USING btree (verified_at NULLS FIRST) WHERE (verification_state = 0);
-- the table's own indexes
CREATE INDEX index_job_artifact_registry_on_artifact_id ON job_artifact_registry USING btree (artifact_id);
CREATE INDEX index_job_artifact_registry_on_success ON job_artifact_registry USING btree (success);

-- +goose Down
DROP TABLE job_artifact_registry;
