package replicable

// runtimeRelations are the tables, indexes and sequences the runtime
// creates itself in a project's databases, by the package that creates
// them: no type's table, index, constraint or sequence may take one of
// their names. TestRuntimeRelationsAreComplete applies the runtime's own
// migrations (package basemigrations, which the site's migrate command
// applies too) and compares what they create with this list.
var runtimeRelations = map[string]string{
	"geo_events":                                    "eventlog, main database",
	"geo_events_id_seq":                             "eventlog, main database",
	"geo_events_pkey":                               "eventlog, main database",
	"event_log_states":                              "eventlog, tracking database",
	"event_log_states_pkey":                         "eventlog, tracking database",
	"geogen_main_migrations":                        "migrate, main database",
	"geogen_main_migrations_id_seq":                 "migrate, main database",
	"geogen_main_migrations_pkey":                   "migrate, main database",
	"geogen_tracking_migrations":                    "migrate, tracking database",
	"geogen_tracking_migrations_id_seq":             "migrate, tracking database",
	"geogen_tracking_migrations_pkey":               "migrate, tracking database",
	"geo_bulk_jobs":                                 "bulkjob, main database",
	"geo_bulk_jobs_finished_at":                     "bulkjob, main database",
	"geo_bulk_jobs_id_seq":                          "bulkjob, main database",
	"geo_bulk_jobs_pkey":                            "bulkjob, main database",
	"geo_bulk_jobs_unfinished":                      "bulkjob, main database",
	"geo_feature_flag_changes":                      "flags, main database",
	"geo_feature_flag_changes_id_seq":               "flags, main database",
	"geo_feature_flag_changes_pkey":                 "flags, main database",
	"geo_feature_flags":                             "flags, main database",
	"geo_feature_flags_pkey":                        "flags, main database",
	"index_geo_feature_flag_changes_on_name_and_id": "flags, main database",
	"geo_site_statuses":                             "sitestatus, main database",
	"geo_site_statuses_id_seq":                      "sitestatus, main database",
	"geo_site_statuses_name_key":                    "sitestatus, main database",
	"geo_site_statuses_pkey":                        "sitestatus, main database",
	"geo_blob_sizes":                                "registry, tracking database",
	"geo_blob_sizes_pkey":                           "registry, tracking database",
	"sqlite_sequence":                               "SQLite, for AUTOINCREMENT",
}

// IsRuntimeRelation reports whether the runtime creates a table, index,
// sequence or constraint of this name itself.
func IsRuntimeRelation(name string) bool {
	_, ok := runtimeRelations[name]
	return ok
}

// RuntimeRelations returns the names of the tables, indexes, sequences
// and constraints the runtime creates itself, which no type may use.
func RuntimeRelations() []string {
	out := make([]string, 0, len(runtimeRelations))
	for name := range runtimeRelations {
		out = append(out, name)
	}
	return out
}
