-- The size of each blob a secondary stored, as its last sync wrote it:
-- the frequent existence check compares the copy's size on disk with it.

-- +goose Up
CREATE TABLE geo_blob_sizes (
    replicable_name text NOT NULL,
    model_record_id bigint NOT NULL,
    size bigint NOT NULL,
    CONSTRAINT geo_blob_sizes_pkey PRIMARY KEY (replicable_name, model_record_id)
);

-- +goose Down
DROP TABLE geo_blob_sizes;
