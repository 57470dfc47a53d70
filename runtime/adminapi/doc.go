// Package adminapi serves a site's admin API over HTTP: the Geo GraphQL
// API, the site status as JSON and Prometheus metrics. A site builds a
// Server with New, mounts Handler at the root of its HTTP server and runs
// Run beside it.
//
// # Endpoints
//
//	GET, POST /api/graphql                     GraphQL (GraphQLPath)
//	GET       /api/v4/geo_sites/current/status  status JSON (StatusPath)
//	GET       /metrics                         Prometheus (MetricsPath)
//
// GraphQL requests are POSTed as JSON ({"query", "operationName",
// "variables"}) or sent with GET and the same names as query parameters.
// The schema is geographql's, with this site as the current GeoNode;
// introspection is on. Depth, length and complexity (field selections) of
// a query are bounded by Limits, and pages hold at most
// finder.MaxPageSize registries: a larger first or last is an error, as
// GitLab refuses it.
//
// # Authentication
//
// Every endpoint wants an administrator: "Authorization: Bearer <token>",
// checked by an Authenticator (AdminToken for a token from the site's
// configuration). A request without a token, or with an unknown one, gets
// 401 with a WWW-Authenticate challenge, as GitLab answers an invalid
// token with 401; a valid token of a non-administrator gets 403. No query
// runs and no data is returned in either case. For GraphQL the refusal is
// a GraphQL response with one error and no data; the status endpoint
// answers {"message": …} like GitLab's REST API. Config.PublicMetrics lets
// Prometheus scrape without a token.
//
// Once authenticated, everything about the query itself is answered with
// 200 and GraphQL errors: syntax and validation errors, an unknown enum
// value, an invalid cursor, a page size over the maximum, a query over a
// limit. Only transport problems (a method other than GET or POST, a body
// that is not JSON or too large) get a 4xx, never a 5xx.
//
// # Status and metrics
//
// Counting registries on a site with millions of rows takes time, so
// neither the status nor a scrape counts: Run takes a Snapshot every
// SnapshotInterval (a minute by default, as GitLab's metrics worker) and
// both endpoints serve the last one. Until the first, the status answers
// 503 and /metrics has no Geo gauges.
//
// The status document holds, for every type, thirteen fields: the twelve
// of metrics.FieldNames (<plural>_count … <plural>_verified_in_percentage)
// and <plural>_oldest_unsynced_time; and for the site: name, url, primary,
// last_event_id and last_event_timestamp (the newest event in the log),
// cursor_last_event_id and cursor_last_event_timestamp (the last event a
// secondary processed), last_successful_status_check_timestamp (Unix
// seconds) and updated_at (RFC 3339) of the snapshot. A figure a site does
// not compute is null. /metrics serves the ten geo_<plural>* gauges of each
// type (metrics.GaugeNames) labelled with the site's URL, and the Go and
// process collectors, from a registry of its own.
package adminapi
