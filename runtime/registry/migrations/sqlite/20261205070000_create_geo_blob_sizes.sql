-- The size of each blob a secondary stored, as its last sync wrote it:
-- the frequent existence check compares the copy's size on disk with it.

-- +goose Up
CREATE TABLE geo_blob_sizes (
    replicable_name TEXT NOT NULL,
    model_record_id BIGINT NOT NULL,
    size BIGINT NOT NULL,
    PRIMARY KEY (replicable_name, model_record_id)
);

-- +goose Down
DROP TABLE geo_blob_sizes;
