-- Written by geogen for SnippetRepository (repository).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.

-- +goose Up
CREATE SEQUENCE snippet_repository_registry_id_seq;
CREATE TABLE snippet_repository_registry (
    id bigint DEFAULT nextval('snippet_repository_registry_id_seq'::regclass) NOT NULL,
    snippet_repository_id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_synced_at timestamp with time zone,
    retry_at timestamp with time zone,
    verified_at timestamp with time zone,
    verification_started_at timestamp with time zone,
    verification_retry_at timestamp with time zone,
    state smallint DEFAULT 0 NOT NULL,
    verification_state smallint DEFAULT 0 NOT NULL,
    retry_count smallint DEFAULT 0 NOT NULL,
    verification_retry_count smallint DEFAULT 0 NOT NULL,
    checksum_mismatch boolean DEFAULT false NOT NULL,
    force_to_redownload boolean DEFAULT false NOT NULL,
    verification_checksum bytea,
    verification_checksum_mismatched bytea,
    verification_failure text,
    last_sync_failure text,
    CONSTRAINT snippet_repository_registry_pkey PRIMARY KEY (id),
    CONSTRAINT check_snippet_repository_registry_verification_failure CHECK ((char_length(verification_failure) <= 255)),
    CONSTRAINT check_snippet_repository_registry_last_sync_failure CHECK ((char_length(last_sync_failure) <= 255))
);
ALTER SEQUENCE snippet_repository_registry_id_seq OWNED BY snippet_repository_registry.id;

CREATE UNIQUE INDEX index_snippet_repository_registry_on_snippet_repository_id ON snippet_repository_registry USING btree (snippet_repository_id);
CREATE INDEX index_snippet_repository_registry_on_retry_at ON snippet_repository_registry USING btree (retry_at);
CREATE INDEX index_snippet_repository_registry_on_state ON snippet_repository_registry USING btree (state);
-- find_registries_needs_sync_again: failed rows by retry time
CREATE INDEX snippet_repository_registry_needs_sync_again ON snippet_repository_registry USING btree (retry_at NULLS FIRST) WHERE (state = 3);
-- verification_failed_batch
CREATE INDEX snippet_repository_registry_failed_verification ON snippet_repository_registry USING btree (verification_retry_at NULLS FIRST) WHERE ((state = 2) AND (verification_state = 3));
-- needs_verification_count
CREATE INDEX snippet_repository_registry_needs_verification ON snippet_repository_registry USING btree (verification_state) WHERE ((state = 2) AND (verification_state = ANY (ARRAY[0, 3])));
-- verification_pending_batch
CREATE INDEX snippet_repository_registry_pending_verification ON snippet_repository_registry USING btree (verified_at NULLS FIRST) WHERE ((state = 2) AND (verification_state = 0));

-- +goose Down
DROP TABLE snippet_repository_registry;
