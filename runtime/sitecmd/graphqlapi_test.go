package sitecmd_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestGraphQLWritesGitLabGlobalIDs: the site's admin GraphQL API writes
// GlobalIDs with graphql.global_id_app, gitlab by default, the only
// application name GitLab's frontend reads ids of.
func TestGraphQLWritesGitLabGlobalIDs(t *testing.T) {
	d := newDeployment(t)
	ctx, stop := context.WithCancel(context.Background())
	defer func() {
		stop()
		d.running.Wait()
	}()
	d.mustGeo(d.primary, "migrate")
	d.start(ctx, "primary", d.primary)
	query := d.primaryAdmin + "/api/graphql?query=" + url.QueryEscape("{ geoNode { id } }")
	var body string
	eventually(t, "the admin API to answer", func() bool {
		var code int
		code, body = d.admin(http.MethodGet, query, "")
		return code == http.StatusOK
	})
	if !strings.Contains(body, `"id":"gid://gitlab/GeoNode/1"`) {
		t.Errorf("geoNode { id }: %s, want gid://gitlab/GeoNode/1, the primary's geo_node_id", body)
	}
	if out := d.mustGeo(d.primary, "config"); !strings.Contains(out, "graphql.global_id_app") || !strings.Contains(out, "gitlab") {
		t.Errorf("geo config does not show graphql.global_id_app:\n%s", out)
	}
}
