-- Feature flags set by operators, in the main database so that every
-- secondary reads the primary's values through replication. A flag with
-- no row has its definition's default.

-- +goose Up
CREATE TABLE geo_feature_flags (
    name TEXT NOT NULL PRIMARY KEY,
    enabled BOOLEAN NOT NULL,
    updated_at DATETIME NOT NULL,
    updated_by TEXT NOT NULL
);

-- Every change of a flag: who turned it on or off, and when.
CREATE TABLE geo_feature_flag_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    changed_at DATETIME NOT NULL,
    changed_by TEXT NOT NULL
);
CREATE INDEX index_geo_feature_flag_changes_on_name_and_id ON geo_feature_flag_changes (name, id);

-- +goose Down
DROP TABLE geo_feature_flag_changes;
DROP TABLE geo_feature_flags;
