// Package adminapi serves a site's admin API over HTTP: the Geo GraphQL
// API, the site status as JSON and Prometheus metrics. A site builds a
// Server with New, mounts Handler at the root of its HTTP server and runs
// Run beside it.
//
// # Endpoints
//
//	GET, POST /api/graphql                     GraphQL (GraphQLPath)
//	GET, POST /api/v4/geo/graphql              the same GraphQL (GeoGraphQLPath)
//	GET       /api/v4/geo_sites/current/status  this site's status JSON (StatusPath)
//	GET       /api/v4/geo_sites/status          every known site's status, an array (SitesStatusPath)
//	GET       /api/v4/geo_sites/:id/status      one site's status
//	GET       /api/v4/geo_nodes/…               the same three under GitLab's older name
//	GET       /api/v4/features                  the feature flags (FeaturesPath, with Config.FeatureFlags)
//	POST      /api/v4/features/:name            value=true|false sets one, on a primary
//	DELETE    /api/v4/features/:name            back to its default, on a primary
//	GET       /metrics                         Prometheus (MetricsPath)
//	GET, POST /admin/…                         the web console (ConsolePath, package console)
//
// GraphQL requests are POSTed as JSON ({"query", "operationName",
// "variables"}) or sent with GET and the same names as query parameters.
// The schema is geographql's, with this site as the current GeoNode;
// introspection is on. Depth, length and complexity (field selections) of
// a query are bounded by Limits, and pages hold at most
// finder.MaxPageSize registries: a larger first or last is an error, as
// GitLab refuses it.
//
// The web console is served by package console over the same server: it
// calls the same actions, jobs and finders as the APIs, and logs in with
// the same Authenticator (a form that takes the token once and keeps a
// server-side session).
//
// # Authentication
//
// Every endpoint wants an administrator's token where GitLab's clients
// send it: "Authorization: Bearer <token>", a PRIVATE-TOKEN header or a
// private_token query parameter (looked at in that order), checked by an
// Authenticator (AdminToken for a token from the site's
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
// # Cost budget and errors
//
// Resolvers of one request run one at a time, so a request holds at most
// one database connection however many fields and aliases it has, and
// response buffers over 64 KiB are not pooled, so the memory of a large
// answer is returned. Each request has a cost budget (Limits.MaxRows,
// MaxIDs, MaxQueries; geographql.Budget): every registries field, once per
// alias, charges its page size plus its ids, every count and mutation one
// query; a field over the budget is refused with an error naming the
// limit before it reads anything. Defaults: 2,000 rows, 1,000 ids in one
// argument, 50 queries.
//
// An error about the request (an argument, a limit, a record that does not
// exist) is answered as it is. Any other resolver error is a failure of
// the site: it is logged with its details and the request's correlation id
// (also sent as X-Request-Id), and the client gets "Internal server error"
// with that id and nothing else, no SQL state, user, host or database.
// Each error is reported once.
//
// # Status and metrics
//
// Counting registries on a site with millions of rows takes time, so
// neither the status nor a scrape counts: Run takes a Snapshot every
// SnapshotInterval (a minute by default, as GitLab's metrics worker) and
// both endpoints serve the last one. Until the first, the status answers
// 503 and /metrics has no Geo gauges.
//
// The REST status endpoints add Config.Sites (SiteStatusSource: on a
// primary, what its secondaries report) to this site's own status, each
// with its geo_node_id (Site.ID) and the percentages in GitLab's format,
// "66.67%"; the current site's own document keeps them as numbers, as
// docs/geo/status_schema.json describes them.
//
// The status document holds, for every type, fourteen fields: the thirteen
// of metrics.FieldNames (<plural>_count … <plural>_verified_in_percentage)
// and <plural>_oldest_unsynced_time; and for the site: name, url, primary,
// last_event_id and last_event_timestamp (the newest event in the log),
// cursor_last_event_id and cursor_last_event_timestamp (the last event a
// secondary processed), last_successful_status_check_timestamp (Unix
// seconds) and updated_at (RFC 3339) of the snapshot. A figure a site does
// not compute is null. /metrics serves the eleven geo_<plural>* gauges of each
// type (metrics.GaugeNames) labelled with the site's URL, and the Go and
// process collectors, from a registry of its own.
package adminapi
