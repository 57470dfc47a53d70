package sitecmd_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// admin sends a form to an admin API with the deployment's token; a
// site that does not answer is status 0.
func (d *deployment) admin(method, url, form string) (int, string) {
	d.t.Helper()
	token, err := os.ReadFile(filepath.Join(d.dir, "secret"))
	if err != nil {
		d.t.Fatal(err)
	}
	req, _ := http.NewRequest(method, url, strings.NewReader(form))
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(token)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error() // not listening yet
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestFlagsThroughTheAdminAPI turns replication on through the primary's
// admin API while both sites run: the running sites replicate without a
// restart, the change is in geo flags' history under the token's viewer,
// and a secondary refuses the change.
func TestFlagsThroughTheAdminAPI(t *testing.T) {
	d := newDeployment(t)
	ctx, stop := context.WithCancel(context.Background())
	defer func() {
		stop()
		d.running.Wait()
	}()
	d.mustGeo(d.primary, "migrate")
	d.mustGeo(d.secondary, "migrate")
	d.start(ctx, "primary", d.primary)
	d.start(ctx, "secondary", d.secondary)
	app, _ := d.application(ctx)
	createWidgets(t, ctx, app, 3)
	eventually(t, "both admin APIs to answer", func() bool {
		for _, url := range []string{d.primaryAdmin, d.secondaryAdmin} {
			if code, _ := d.admin(http.MethodGet, url+"/api/v4/features", ""); code != http.StatusOK {
				return false
			}
		}
		return true
	})

	if code, body := d.admin(http.MethodPost, d.secondaryAdmin+"/api/v4/features/geo_cool_widget_replication", "value=true"); code != http.StatusForbidden ||
		!strings.Contains(body, "changed on the primary") {
		t.Fatalf("POST on the secondary: %d %s", code, body)
	}
	if code, body := d.admin(http.MethodPost, d.primaryAdmin+"/api/v4/features/geo_cool_widget_replication", "value=true"); code != http.StatusCreated ||
		!strings.Contains(body, `"state":"on"`) {
		t.Fatalf("POST on the primary: %d %s", code, body)
	}
	out := d.mustGeo(d.secondary, "wait", "--timeout", "2m", "--interval", "100ms")
	if !strings.Contains(out, "SUCCESS - Replication is up-to-date") {
		t.Fatalf("wait after the flag went on through the admin API:\n%s", out)
	}
	if out := d.mustGeo(d.primary, "flags", "history"); !strings.Contains(out, "admin_token") || strings.Count(out, "geo_cool_widget_replication") != 1 {
		t.Fatalf("history does not show the admin API's change (once) by the token's viewer:\n%s", out)
	}
	if out := d.mustGeo(d.primary, "flags", "list"); !strings.Contains(out, "geo_cool_widget_replication") || !strings.Contains(out, "admin_token") {
		t.Fatalf("flags list:\n%s", out)
	}
}
