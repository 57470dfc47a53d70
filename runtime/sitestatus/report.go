package sitestatus

import (
	"math"
	"strings"
	"time"
)

// Health statuses, as GitLab names them.
const (
	Healthy   = "Healthy"
	Unhealthy = "Unhealthy"
)

// Report is one site's status at one moment.
type Report struct {
	Name    string `json:"name"`
	URL     string `json:"url"`
	Primary bool   `json:"primary"`

	Healthy      bool     `json:"healthy"`
	HealthStatus string   `json:"health_status"`
	Health       []string `json:"health"` // the reasons it is unhealthy; empty when healthy

	Types []TypeReport `json:"types"`

	// LastEventID and LastEventAt are the newest event of the primary's
	// log; CursorEventID and CursorEventAt the last a secondary handled.
	LastEventID   int64      `json:"last_event_id"`
	LastEventAt   *time.Time `json:"last_event_timestamp"`
	CursorEventID int64      `json:"cursor_last_event_id"`
	CursorEventAt *time.Time `json:"cursor_last_event_timestamp"`
	// EventLagSeconds is how long the oldest event a secondary has not
	// handled has waited; 0 when it has handled every event.
	EventLagSeconds float64 `json:"event_lag_seconds"`
	// DBReplicationLagSeconds is the main database's replication lag as a
	// secondary sees it, when its view is a PostgreSQL hot standby; nil
	// otherwise.
	DBReplicationLagSeconds *float64 `json:"db_replication_lag_seconds"`

	CollectedAt time.Time `json:"collected_at"`
}

// TypeReport is one type's figures on a site. On a primary the counts
// are the model records (Count) and their checksums; on a secondary
// Count is still the primary's model records in scope (read through the
// view), and the registry figures are the secondary's.
type TypeReport struct {
	Name        string `json:"name"`
	TitlePlural string `json:"title_plural"`
	Replicating bool   `json:"replication_enabled"`
	Verifying   bool   `json:"verification_enabled"`

	Count               int64 `json:"count"`
	ChecksummedCount    int64 `json:"checksummed_count"`
	ChecksumFailedCount int64 `json:"checksum_failed_count"`

	RegistryCount           int64 `json:"registry_count"`
	SyncedCount             int64 `json:"synced_count"`
	FailedCount             int64 `json:"failed_count"`
	VerifiedCount           int64 `json:"verified_count"`
	VerificationFailedCount int64 `json:"verification_failed_count"`

	SyncedInPercentage   float64 `json:"synced_in_percentage"`
	VerifiedInPercentage float64 `json:"verified_in_percentage"`

	// StatusFields are the type's status fields as the admin API names
	// them (<plural>_synced_count, …): what the primary serves of a
	// secondary in the REST status array.
	StatusFields map[string]any `json:"status_fields,omitempty"`
}

// Document is the report as GitLab's GeoNodeStatus names its fields:
// what a primary serves of a secondary at GET /api/v4/geo_sites/status.
func (r Report) Document() map[string]any {
	unix := func(t *time.Time) any {
		if t == nil {
			return nil
		}
		return t.Unix()
	}
	id := func(n int64) any {
		if n == 0 {
			return nil
		}
		return n
	}
	doc := map[string]any{
		"name": r.Name, "url": r.URL, "primary": r.Primary,
		"healthy": r.Healthy, "health_status": r.HealthStatus, "health": strings.Join(r.Health, "; "),
		"last_event_id": id(r.LastEventID), "last_event_timestamp": unix(r.LastEventAt),
		"cursor_last_event_id": id(r.CursorEventID), "cursor_last_event_timestamp": unix(r.CursorEventAt),
		"db_replication_lag_seconds":             r.DBReplicationLagSeconds,
		"last_successful_status_check_timestamp": r.CollectedAt.Unix(),
		"updated_at":                             r.CollectedAt.Format(time.RFC3339),
	}
	for _, t := range r.Types {
		for k, v := range t.StatusFields {
			doc[k] = v
		}
	}
	return doc
}

// percent is part of whole in percent, 0 when whole is 0.
func percent(part, whole int64) float64 {
	if whole == 0 {
		return 0
	}
	return math.Round(float64(part)*10000/float64(whole)) / 100
}

// Complete reports whether a secondary's type is fully replicated: every
// record of the primary has a registry, synced and verified. A type that
// does not replicate on the site is complete (there is nothing to wait
// for).
func (t TypeReport) Complete() bool {
	if !t.Replicating {
		return true
	}
	if t.RegistryCount != t.Count || t.SyncedCount != t.Count {
		return false
	}
	return !t.Verifying || t.VerifiedCount == t.Count
}

// CaughtUp reports whether a secondary has handled every event of the
// primary's log.
func (r Report) CaughtUp() bool { return r.CursorEventID >= r.LastEventID }

// Complete reports whether a secondary is healthy, has handled every
// event and every type is fully synced and verified.
func (r Report) Complete() bool {
	if !r.Healthy || !r.CaughtUp() {
		return false
	}
	for _, t := range r.Types {
		if !t.Complete() {
			return false
		}
	}
	return true
}

func (r *Report) setHealth(reasons []string) {
	r.Health = reasons
	if r.Health == nil {
		r.Health = []string{}
	}
	r.Healthy = len(reasons) == 0
	r.HealthStatus = Healthy
	if !r.Healthy {
		r.HealthStatus = Unhealthy
	}
}
