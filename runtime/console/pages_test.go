package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/state"
	"github.com/geogen/geogen/runtime/verification"
)

// TestRegistryDetails: every field, the retry schedule, both checksums
// with copy buttons on a mismatch, the missing-on-primary callout and the
// actions.
func TestRegistryDetails(t *testing.T) {
	e := newEnv(t)
	s := newSite(t, e, false, nil)
	ids := seedRegistries(t, e, 3)
	seedStates(t, s, ids)
	exec(t, e.Tracking, "UPDATE cool_widget_registry SET missing_on_primary = $1 WHERE id = $2", true, ids[0])
	b := newBrowser(t, s.url)
	b.login()

	failed := checkDocument(t, "failed", b.page("/admin/geo/replication/cool_widgets/"+itoa(ids[0])).body)
	if len(failed.find("data-testid", "missing-on-primary")) != 1 {
		t.Error("no missing-on-primary callout on a registry missing on the primary")
	}
	fields := failed.find("id", "registry-fields")
	if len(fields) != 1 {
		t.Fatal("no dl#registry-fields")
	}
	for _, name := range []string{"registry-id", "model-id", "replication-state", "created-at", "last-synced-at", "retry-count", "retry-at",
		"last-sync-failure", "force-to-redownload", "missing-on-primary", "verification-state", "verified-at", "verification-started-at",
		"verification-retry-count", "verification-retry-at", "verification-failure", "checksum-mismatch", "verification-checksum"} {
		if len(fields[0].find("data-field", name)) != 1 {
			t.Errorf("field %s missing", name)
		}
	}
	if got := failed.find("data-testid", "sync-retry")[0].Text(); !strings.Contains(got, "failed 2 times; retry 3 is due in 10 minutes") {
		t.Errorf("sync retry schedule %q", got)
	}
	e.Clock.Advance(15 * time.Minute)
	late := checkDocument(t, "failed, late", b.page("/admin/geo/replication/cool_widgets/"+itoa(ids[0])).body)
	if got := late.find("data-testid", "sync-retry")[0].Text(); !strings.Contains(got, "retry 3 was due 5 minutes ago and waits for a free worker") {
		t.Errorf("overdue sync retry schedule %q", got)
	}
	if len(failed.find("data-action", "resync")) != 1 || len(failed.find("data-action", "reverify")) != 0 {
		t.Error("a failed registry's page should offer resync and not reverify")
	}

	mismatch := checkDocument(t, "mismatch", b.page("/admin/geo/replication/cool_widgets/"+itoa(ids[1])).body)
	if len(mismatch.find("data-testid", "missing-on-primary")) != 0 {
		t.Error("a missing-on-primary callout on a registry the primary has")
	}
	if len(mismatch.find("data-testid", "checksum-mismatch")) != 1 {
		t.Error("no checksum mismatch callout")
	}
	for field, want := range map[string]string{"verification-checksum": "0102", "verification-checksum-mismatched": "0a0b"} {
		el := mismatch.find("data-field", field)
		if len(el) != 1 || el[0].Text() != want {
			t.Errorf("%s: %v, want %s", field, texts(el), want)
		}
	}
	copies := mismatch.find("data-copy", "")
	if len(copies) != 2 || copies[0].attrs["data-copy"] != "0102" || copies[1].attrs["data-copy"] != "0a0b" {
		t.Errorf("copy buttons %v", copies)
	}
	if len(mismatch.find("data-action", "reverify")) != 1 {
		t.Error("a synced registry's page does not offer reverify")
	}

	// The page's Resync returns to the page, which shows the new state.
	path := "/admin/geo/replication/cool_widgets/" + itoa(ids[0])
	b.action(path+"/resync", path, nil)
	after := checkDocument(t, "after", b.page(path).body)
	if st := after.find("data-field", "replication-state"); len(st) != 1 || st[0].Text() != "pending" {
		t.Errorf("after resync the page shows %v", texts(st))
	}
}

// TestSites: the primary lists itself and every secondary that reported,
// with role, health, last report, event lag and labelled percentage bars,
// and links to the secondaries' consoles.
func TestSites(t *testing.T) {
	e := newEnv(t)
	reported := e.Clock.Now().Add(-2 * time.Minute)
	secondaryDoc := map[string]any{
		"name": "secondary-1", "url": "https://secondary-1.example/", "primary": false,
		"health_status": "Unhealthy", "health": "replication lag is 2 hours",
		"last_successful_status_check_timestamp": reported.Unix(),
		"last_event_id":                          int64(50), "cursor_last_event_id": int64(40),
		"last_event_timestamp": reported.Unix(), "cursor_last_event_timestamp": reported.Add(-90 * time.Second).Unix(),
		"cool_widgets_registry_count": int64(3), "cool_widgets_synced_in_percentage": 66.67, "cool_widgets_verified_in_percentage": 33.33,
	}
	// A secondary with no Cool Widget registries: 0 of 0 is not 0%.
	emptyDoc := map[string]any{
		"name": "secondary-2", "url": "https://secondary-2.example/", "primary": false, "health_status": "Healthy",
		"last_successful_status_check_timestamp": reported.Unix(),
		"cool_widgets_registry_count":            int64(0), "cool_widgets_synced_in_percentage": 0.0, "cool_widgets_verified_in_percentage": 0.0,
	}
	p := newSite(t, e, true, func(c *adminapi.Config) {
		c.Sites = adminapi.SiteStatusesFunc(func(context.Context) ([]adminapi.SiteStatus, error) {
			return []adminapi.SiteStatus{{ID: 2, Status: secondaryDoc}, {ID: 3, Status: emptyDoc}}, nil
		})
	})
	id := e.CreateRecord(t)
	if _, err := verification.NewPrimary(e.Main, e.Config.Descriptor, e.Clock).Backfill(context.Background(), 10); err != nil {
		t.Fatal(err)
	}
	exec(t, e.Main, "UPDATE cool_widget_states SET verification_state = $1 WHERE cool_widget_id = $2", int16(state.VerificationSucceeded), id)
	b := newBrowser(t, p.url)
	b.login()
	before := checkDocument(t, "sites", b.page("/admin/geo/sites").body)
	if got := before.find("data-site", "primary"); len(got) != 1 || !strings.Contains(got[0].Text(), "unknown") {
		t.Errorf("before its first snapshot the primary's health is not unknown: %v", texts(got))
	}
	if err := p.server.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	doc := checkDocument(t, "sites", b.page("/admin/geo/sites").body)
	rows := doc.find("data-site", "")
	if len(rows) != 3 || rows[0].attrs["data-site"] != "primary" || rows[1].attrs["data-site"] != "secondary-1" || rows[2].attrs["data-site"] != "secondary-2" {
		t.Fatalf("site rows %v", texts(rows))
	}
	field := func(row *element, name string) string {
		for _, el := range row.find("data-field", name) {
			return el.Text()
		}
		return "<missing>"
	}
	for _, tc := range []struct {
		row                   *element
		role, health, lag, at string
	}{
		{rows[0], "primary", "healthy", "not applicable", "just now"},
		{rows[1], "secondary", "unhealthy replication lag is 2 hours", "1 minute", "2 minutes ago"},
	} {
		if got := field(tc.row, "role"); got != tc.role {
			t.Errorf("role %q, want %q", got, tc.role)
		}
		if got := field(tc.row, "health"); got != tc.health {
			t.Errorf("health %q, want %q", got, tc.health)
		}
		if got := field(tc.row, "event-lag"); got != tc.lag {
			t.Errorf("event lag %q, want %q", got, tc.lag)
		}
		if got := field(tc.row, "last-status-report"); got != tc.at {
			t.Errorf("last report %q, want %q", got, tc.at)
		}
	}
	meters := rows[1].all("meter")
	if len(meters) != 2 || meters[0].attrs["value"] != "66.7" || meters[1].attrs["value"] != "33.3" {
		t.Errorf("secondary's bars %+v", meters)
	}
	if !strings.Contains(rows[1].Text(), "Cool Widgets replicated: 66.7%") || !strings.Contains(rows[1].Text(), "Gizmos replicated: not computed") {
		t.Errorf("secondary's bar labels: %s", rows[1].Text())
	}
	if m := rows[0].all("meter"); len(m) != 1 || m[0].attrs["value"] != "100.0" {
		t.Errorf("primary's checksummed bar %+v", m)
	}
	// No records: no bar at 0%, but words saying there is nothing to do.
	if m := rows[2].all("meter"); len(m) != 0 {
		t.Errorf("a secondary without registries has bars %+v", m)
	}
	for _, want := range []string{"Cool Widgets replicated: nothing to replicate (no records)", "Cool Widgets verified: nothing to verify (no records)"} {
		if !strings.Contains(rows[2].Text(), want) {
			t.Errorf("a secondary without registries: %q missing from %s", want, rows[2].Text())
		}
	}
	if strings.Contains(rows[2].Text(), "0.0%") {
		t.Errorf("a secondary without registries shows a percentage: %s", rows[2].Text())
	}
	if len(rows[1].find("href", "https://secondary-1.example"+"/admin/geo/replication/cool_widgets")) != 1 {
		t.Error("no link to the secondary's console")
	}
	// A site gone quiet since its snapshot is shown unhealthy.
	e.Clock.Advance(time.Hour)
	doc = checkDocument(t, "sites", b.page("/admin/geo/sites").body)
	if got := field(doc.find("data-site", "primary")[0], "health"); !strings.HasPrefix(got, "unhealthy the last status snapshot is 1h0m0s old") {
		t.Errorf("stale snapshot: health %q", got)
	}
}

// TestChecksums: the primary's records with their checksum state,
// filters and pages in the URL, recompute one, recompute all failed.
func TestChecksums(t *testing.T) {
	e := newEnv(t)
	p := newSite(t, e, true, nil)
	var ids []int64
	for range 25 {
		ids = append(ids, e.CreateRecord(t))
	}
	ctx := context.Background()
	if _, err := verification.NewPrimary(e.Main, e.Config.Descriptor, e.Clock).Backfill(ctx, 100); err != nil {
		t.Fatal(err)
	}
	exec(t, e.Main, "UPDATE cool_widget_states SET verification_state = $1, verification_checksum = $2, verified_at = $3", int16(state.VerificationSucceeded), []byte{0xca, 0xfe}, e.Clock.Now())
	for _, id := range []int64{ids[3], ids[7], ids[21]} {
		exec(t, e.Main, "UPDATE cool_widget_states SET verification_state = $1, verification_failure = 'disk on fire', verification_checksum = NULL WHERE cool_widget_id = $2", int16(state.VerificationFailed), id)
	}
	b := newBrowser(t, p.url)
	b.login()
	recordIDs := func(body string) []string {
		var out []string
		doc, err := parseDocument(body)
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range doc.find("data-record-id", "") {
			out = append(out, tr.attrs["data-record-id"])
		}
		return out
	}
	first := b.page("/admin/data_management/cool_widgets")
	if got := recordIDs(first.body); len(got) != 20 || got[0] != itoa(ids[0]) {
		t.Errorf("first page %v", got)
	}
	next := href(t, first.body, "next-page")
	if next == "" || href(t, first.body, "prev-page") != "" {
		t.Fatalf("first page links: next %q, prev %q", next, href(t, first.body, "prev-page"))
	}
	second := b.page(next)
	if got := recordIDs(second.body); len(got) != 5 || got[0] != itoa(ids[20]) || href(t, second.body, "next-page") != "" {
		t.Errorf("second page %v, next %q", got, href(t, second.body, "next-page"))
	}
	back := b.page(href(t, second.body, "prev-page"))
	if got := recordIDs(back.body); len(got) != 20 || got[0] != itoa(ids[0]) || got[19] != itoa(ids[19]) {
		t.Errorf("back to the first page: %v", got)
	}
	failed := b.page("/admin/data_management/cool_widgets?checksum_state=failed")
	doc := checkDocument(t, "failed", failed.body)
	if got := recordIDs(failed.body); strings.Join(got, ",") != itoa(ids[3])+","+itoa(ids[7])+","+itoa(ids[21]) {
		t.Errorf("failed filter: %v", got)
	}
	row := doc.find("data-record-id", itoa(ids[3]))[0]
	if st := row.find("data-field", "checksum-state")[0].Text(); st != "failed" {
		t.Errorf("state %q", st)
	}
	if len(row.find("data-action", "checksum")) != 1 || len(doc.find("data-bulk", "checksum_all_failed")) != 1 || len(doc.find("data-bulk", "checksum_all")) != 1 {
		t.Error("missing the checksum buttons")
	}
	if got := recordIDs(b.page("/admin/data_management/cool_widgets?ids=" + itoa(ids[1]) + "," + itoa(ids[2])).body); len(got) != 2 {
		t.Errorf("ids filter: %v", got)
	}
	if r := b.get("/admin/data_management/cool_widgets?checksum_state=broken"); r.status != http.StatusBadRequest {
		t.Errorf("bad checksum_state: status %d", r.status)
	}

	// Recompute one: the record goes back to pending.
	list := "/admin/data_management/cool_widgets?checksum_state=failed"
	b.action("/admin/data_management/cool_widgets/"+itoa(ids[3])+"/checksum", list, nil)
	if got := recordIDs(b.page(list).body); len(got) != 2 {
		t.Errorf("after recompute one, failed records %v", got)
	}
	// Recompute all failed: a job, shown on the page, that sends the rest
	// back to pending.
	b.action("/admin/data_management/cool_widgets/checksum", list, url.Values{"action": {"checksum_all_failed"}})
	page := b.page(list)
	if !strings.Contains(page.body, "Recompute all failed checksums of Cool Widgets started as job") {
		t.Errorf("no message after recompute all failed:\n%s", page.body)
	}
	if _, err := p.jobs.RunPass(ctx); err != nil {
		t.Fatal(err)
	}
	doc = checkDocument(t, "after", b.page(list).body)
	if got := doc.find("data-job-state", "finished"); len(got) != 1 {
		t.Errorf("finished jobs %v", texts(doc.find("data-job", "")))
	}
	if len(doc.find("data-testid", "empty-state")) != 1 {
		t.Error("failed records remain after recompute all failed")
	}
}

// TestNoExternalURLs: no page, script or stylesheet refers to another
// origin: everything the browser loads comes from the site.
func TestNoExternalURLs(t *testing.T) {
	e := newEnv(t)
	s := newSite(t, e, false, nil)
	ids := seedRegistries(t, e, 2)
	seedStates(t, s, ids)
	b := newBrowser(t, s.url)
	external := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}|url\(|@import`)
	for _, path := range []string{"/admin/assets/console.css", "/admin/assets/console.js", "/admin/login"} {
		r := b.get(path)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s: %d", path, r.status)
		}
		if m := external.FindString(r.body); m != "" {
			t.Errorf("GET %s refers to %q", path, m)
		}
	}
	b.login()
	for _, path := range []string{
		"/admin/geo/sites", "/admin/geo/replication/cool_widgets", "/admin/geo/replication/cool_widgets/" + itoa(ids[1]),
		"/admin/geo/replication/cool_widgets/bulk?action=resync_all", "/admin/data_management/cool_widgets",
	} {
		body := b.page(path).body // checkDocument refuses non-local src, action and link href
		// The only absolute URL a page may show is a site's own address, as text.
		if m := external.FindString(strings.ReplaceAll(body, "http://secondary.example/", "")); m != "" {
			t.Errorf("GET %s refers to %q", path, m)
		}
	}
}
