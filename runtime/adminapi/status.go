package adminapi

import (
	"net/http"
	"time"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/metrics"
)

// serveStatus answers GET StatusPath with the last snapshot as a JSON
// object: the site, its event log position, when the snapshot was taken,
// and every type's status fields (<plural>_count … <plural>_oldest_unsynced_time).
// Before the first snapshot it answers 503 with Retry-After.
func (s *Server) serveStatus(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeMessage(w, http.StatusMethodNotAllowed, "405 Method Not Allowed: use GET")
		return
	}
	if _, auth := s.authenticate(r); auth != authAdmin {
		refuse(w, auth, writeMessage)
		return
	}
	snap, ok := s.Snapshot()
	if !ok {
		w.Header().Set("Retry-After", "5")
		writeMessage(w, http.StatusServiceUnavailable, "503 Service Unavailable: the first status snapshot is not taken yet")
		return
	}
	writeJSON(w, http.StatusOK, s.statusDocument(snap))
}

// statusDocument is the status as GitLab's GeoNodeStatus names its fields.
func (s *Server) statusDocument(snap Snapshot) map[string]any {
	doc := map[string]any{
		"name":                                   s.site.Name,
		"url":                                    s.site.URL,
		"primary":                                s.site.Primary,
		"last_event_id":                          optID(snap.Events.LastEventID),
		"last_event_timestamp":                   optUnix(snap.Events.LastEventAt),
		"cursor_last_event_id":                   optID(snap.Events.CursorEventID),
		"cursor_last_event_timestamp":            optUnix(snap.Events.CursorEventAt),
		"last_successful_status_check_timestamp": snap.TakenAt.Unix(),
		"updated_at":                             snap.TakenAt.Format(time.RFC3339),
	}
	if s.jobs != nil {
		jobs := snap.Jobs
		if jobs == nil {
			jobs = []bulkjob.Job{}
		}
		doc["bulk_jobs"] = jobs
	}
	for _, t := range snap.Types {
		for _, f := range t.Fields() {
			doc[f.Name] = f.Value
		}
		var oldest any
		if t.OldestUnsyncedTime != nil {
			oldest = *t.OldestUnsyncedTime
		}
		doc[t.Descriptor.StatusField(metrics.OldestUnsyncedSuffix)] = oldest
	}
	return doc
}

func optID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func optUnix(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

// writeMessage answers in the REST API's error format: {"message": …}.
func writeMessage(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]string{"message": message})
}
