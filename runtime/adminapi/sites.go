package adminapi

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"strings"

	"github.com/geogen/geogen/runtime/geographql"
)

// The REST paths of every known site's status, GitLab's
// GET /api/v4/geo_sites/status and GET /api/v4/geo_sites/:id/status,
// with their older geo_nodes names.
const (
	SitesStatusPath = "/api/v4/geo_sites/status"
	NodesStatusPath = "/api/v4/geo_nodes/status"
)

// SiteStatus is the status of one site as that site serves it at
// StatusPath (its JSON object), and the site's id.
type SiteStatus struct {
	ID     int64          // geo_node_id
	Status map[string]any // the site's status document
}

// SiteStatusSource lists the sites whose status this site serves besides
// its own: on a primary, what its secondaries last reported. Config.Sites
// may be nil: the site then knows only itself.
type SiteStatusSource interface {
	SiteStatuses(ctx context.Context) ([]SiteStatus, error)
}

// SiteStatusesFunc adapts a function to SiteStatusSource.
type SiteStatusesFunc func(ctx context.Context) ([]SiteStatus, error)

// SiteStatuses calls f.
func (f SiteStatusesFunc) SiteStatuses(ctx context.Context) ([]SiteStatus, error) { return f(ctx) }

// siteID is the site's own geo_node_id.
func (s *Server) siteID() int64 { return geographql.SiteNumber(s.site.ID, s.site.Primary) }

func (s *Server) routeSiteStatus(mux *http.ServeMux) {
	for _, prefix := range []string{"/api/v4/geo_sites", "/api/v4/geo_nodes"} {
		mux.HandleFunc(prefix+"/status", s.serveSitesStatus)
		mux.HandleFunc(prefix+"/current/status", s.serveStatus)
		mux.HandleFunc(prefix+"/{id}/status", s.serveSiteStatus)
	}
}

// serveSitesStatus answers GET …/status with every known site's status,
// this site's first, as an array of GitLab's GeoNodeStatus objects.
func (s *Server) serveSitesStatus(w http.ResponseWriter, r *http.Request) {
	statuses, ok := s.statusRequest(w, r)
	if !ok {
		return
	}
	out := make([]map[string]any, 0, len(statuses))
	for _, st := range statuses {
		out = append(out, restStatus(st))
	}
	writeJSON(w, http.StatusOK, out)
}

// serveSiteStatus answers GET …/:id/status with one site's status.
func (s *Server) serveSiteStatus(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		writeMessage(w, http.StatusBadRequest, fmt.Sprintf("400 Bad request - id is invalid: %q is not a site id (a positive integer, or current)", r.PathValue("id")))
		return
	}
	statuses, ok := s.statusRequest(w, r)
	if !ok {
		return
	}
	for _, st := range statuses {
		if st.ID == id {
			writeJSON(w, http.StatusOK, restStatus(st))
			return
		}
	}
	if _, taken := s.Snapshot(); id == s.siteID() && !taken {
		w.Header().Set("Retry-After", "5")
		writeMessage(w, http.StatusServiceUnavailable, "503 Service Unavailable: the first status snapshot is not taken yet")
		return
	}
	writeMessage(w, http.StatusNotFound, "404 GeoNodeStatus Not Found")
}

// statusRequest checks the method and credentials and gathers every
// known site's status: this site's from its last snapshot (none before
// the first), the others' from Config.Sites.
func (s *Server) statusRequest(w http.ResponseWriter, r *http.Request) ([]SiteStatus, bool) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeMessage(w, http.StatusMethodNotAllowed, "405 Method Not Allowed: use GET")
		return nil, false
	}
	if _, auth := s.authenticate(r); auth != authAdmin {
		refuse(w, auth, writeMessage)
		return nil, false
	}
	var statuses []SiteStatus
	if snap, ok := s.Snapshot(); ok {
		statuses = append(statuses, SiteStatus{ID: s.siteID(), Status: s.statusDocument(snap)})
	}
	if s.sites != nil {
		others, err := s.sites.SiteStatuses(r.Context())
		if err != nil {
			ctx := withCorrelationID(r.Context(), w)
			s.log.ErrorContext(ctx, "admin API: list site statuses", "error", err, "correlation_id", correlationIDFrom(ctx))
			writeMessage(w, http.StatusInternalServerError, "500 Internal Server Error: the details are logged under correlation id "+correlationIDFrom(ctx))
			return nil, false
		}
		for _, o := range others {
			if o.ID != s.siteID() {
				statuses = append(statuses, o)
			}
		}
	}
	return statuses, true
}

// restStatus is a status document as GitLab's REST API serves it: with
// geo_node_id, and every percentage a string with two decimals and a
// percent sign ("66.67%"), as Rails' number_to_percentage writes it.
func restStatus(st SiteStatus) map[string]any {
	doc := maps.Clone(st.Status)
	if doc == nil {
		doc = map[string]any{}
	}
	doc["geo_node_id"] = st.ID
	for k, v := range doc {
		if strings.HasSuffix(k, "_in_percentage") {
			doc[k] = gitlabPercentage(v)
		}
	}
	return doc
}

// gitlabPercentage formats a number as "12.50%"; null stays null, and a
// value that is already a string is kept.
func gitlabPercentage(v any) any {
	switch n := v.(type) {
	case float64:
		return strconv.FormatFloat(n, 'f', 2, 64) + "%"
	case float32:
		return strconv.FormatFloat(float64(n), 'f', 2, 32) + "%"
	case int:
		return strconv.Itoa(n) + ".00%"
	case int64:
		return strconv.FormatInt(n, 10) + ".00%"
	}
	return v
}
