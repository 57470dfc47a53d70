package adminapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// TestSitesStatus: GitLab's GET /geo_sites/status lists every known site
// with its geo_node_id and the percentages as "NN.NN%", the primary first;
// GET /geo_sites/:id/status finds one; geo_nodes answers the same.
func TestSitesStatus(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		e := newEnv(t, dialect)
		geotest.InsertRegistry(t, e, registry.Record{State: state.Synced})
		geotest.InsertRegistry(t, e, registry.Record{State: state.Synced})
		geotest.InsertRegistry(t, e, registry.Record{State: state.Failed})
		reported := map[string]any{"name": "secondary-1", "primary": false, "cool_widgets_synced_in_percentage": 66.66666666666667, "cool_widgets_verified_in_percentage": nil}
		primary := newSite(t, e, true, func(c *adminapi.Config) {
			c.Sites = adminapi.SiteStatusesFunc(func(context.Context) ([]adminapi.SiteStatus, error) {
				return []adminapi.SiteStatus{{ID: 2, Status: reported}}, nil
			})
		})
		code, _, b := do(t, http.MethodGet, primary.url+adminapi.SitesStatusPath, adminToken, "", nil)
		var all []map[string]any
		if err := json.Unmarshal(b, &all); code != http.StatusOK || err != nil || len(all) != 1 {
			t.Fatalf("before the primary's first snapshot: status %d, %s (%v); want the secondary alone", code, b, err)
		}
		primary.refresh(t)

		for _, path := range []string{adminapi.SitesStatusPath, adminapi.NodesStatusPath} {
			code, _, b := do(t, http.MethodGet, primary.url+path, adminToken, "", nil)
			var all []map[string]any
			if err := json.Unmarshal(b, &all); code != http.StatusOK || err != nil {
				t.Fatalf("GET %s: status %d, %s (%v)", path, code, b, err)
			}
			if len(all) != 2 || all[0]["geo_node_id"] != float64(1) || all[0]["primary"] != true || all[1]["geo_node_id"] != float64(2) {
				t.Fatalf("GET %s: %s; want the primary (1) then the secondary (2)", path, b)
			}
			if got := all[1]["cool_widgets_synced_in_percentage"]; got != "66.67%" {
				t.Errorf("GET %s: secondary's synced percentage %v, want \"66.67%%\"", path, got)
			}
			if got, ok := all[1]["cool_widgets_verified_in_percentage"]; !ok || got != nil {
				t.Errorf("GET %s: a null percentage became %v", path, got)
			}
			if _, isString := all[0]["cool_widgets_synced_in_percentage"].(string); !isString {
				t.Errorf("GET %s: the primary's percentage %v is not GitLab's string", path, all[0]["cool_widgets_synced_in_percentage"])
			}
		}
		if _, ok := reported["geo_node_id"]; ok {
			t.Error("serving a reported status changed the source's map")
		}

		for _, c := range []struct {
			path string
			want int
			id   float64
		}{
			{"/api/v4/geo_sites/2/status", http.StatusOK, 2},
			{"/api/v4/geo_nodes/1/status", http.StatusOK, 1},
			{"/api/v4/geo_sites/3/status", http.StatusNotFound, 0},
			{"/api/v4/geo_sites/x/status", http.StatusBadRequest, 0},
			{"/api/v4/geo_sites/0/status", http.StatusBadRequest, 0},
		} {
			code, _, b := do(t, http.MethodGet, primary.url+c.path, adminToken, "", nil)
			var doc map[string]any
			if err := json.Unmarshal(b, &doc); code != c.want || err != nil {
				t.Errorf("GET %s: status %d, %s; want %d", c.path, code, b, c.want)
				continue
			}
			if c.want == http.StatusOK && doc["geo_node_id"] != c.id {
				t.Errorf("GET %s: geo_node_id %v, want %v", c.path, doc["geo_node_id"], c.id)
			}
			if c.want != http.StatusOK && doc["message"] == nil {
				t.Errorf("GET %s: %s, want a message", c.path, b)
			}
		}

		failing := newSite(t, e, true, func(c *adminapi.Config) {
			c.Sites = adminapi.SiteStatusesFunc(func(context.Context) ([]adminapi.SiteStatus, error) {
				return nil, errors.New(`pq: password authentication failed for user "geo" (SQLSTATE 28P01)`)
			})
		})
		failing.refresh(t)
		code, header, b := do(t, http.MethodGet, failing.url+adminapi.SitesStatusPath, adminToken, "", nil)
		if code != http.StatusInternalServerError || containsAny(string(b), "SQLSTATE", "password", "geo\"") || header.Get(adminapi.CorrelationHeader) == "" {
			t.Errorf("a failing source: status %d, %s, %s %q; want 500 with a correlation id and no details", code, b, adminapi.CorrelationHeader, header.Get(adminapi.CorrelationHeader))
		}
	})
}
