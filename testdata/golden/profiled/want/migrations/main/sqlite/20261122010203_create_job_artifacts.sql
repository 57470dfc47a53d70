-- Written by geogen for JobArtifact (blob).
-- This migration is yours now: once it has been applied anywhere, never
-- change it; add a new migration instead. geogen will not rewrite it.
-- It creates a minimal job_artifacts table so the project builds and its
-- tests pass at once. If your model table already exists, delete this file
-- and point the state table migration at your table.

-- +goose Up
CREATE TABLE job_artifacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE job_artifacts;
