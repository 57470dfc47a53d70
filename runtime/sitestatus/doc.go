// Package sitestatus is what a site knows of itself and of the others: a
// site's status report (per type counts, event log position, database
// replication lag, health with its reasons), the reports secondaries send
// their primary, the primary's list of the sites it has heard from, and
// the pruning of the primary's event log below every known secondary's
// cursor.
//
// Health follows GitLab's GeoNodeStatus: a site is healthy when its
// reasons list is empty; health_status is "Healthy" or "Unhealthy", and a
// secondary the primary has not heard from within the silence threshold
// is "Unhealthy" with the reason that it is silent. The reasons are a
// database that does not answer, an event cursor stalled, a database
// replication lag above the threshold, and failing workers: a type whose
// most recent sync or verification (on a primary, checksum) attempts
// mostly failed. The last is read from the registries and state tables,
// so every process reading them (geo status, the site's own reports)
// sees it alike. A running site adds what only it knows (Site.Workers):
// a worker whose claims have kept failing, which records no outcome.
package sitestatus
