package console_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/replicable"
)

// seedStates gives the registries a mix of states: every third failed
// with a message, the rest synced, every other synced one verified, at
// increasing times.
func seedStates(t *testing.T, s *site, ids []int64) {
	t.Helper()
	now := s.env.Clock.Now()
	for i, id := range ids {
		synced := now.Add(-time.Duration(len(ids)-i) * time.Minute)
		switch {
		case i%3 == 0:
			exec(t, s.env.Tracking, "UPDATE cool_widget_registry SET state = 3, retry_count = 2, retry_at = $1, last_sync_failure = $2, last_synced_at = $3 WHERE id = $4",
				now.Add(10*time.Minute), "download failed: 502 from the primary "+strconv.Itoa(i), synced, id)
		case i%2 == 0:
			exec(t, s.env.Tracking, "UPDATE cool_widget_registry SET state = 2, last_synced_at = $1, verification_state = 2, verified_at = $2, verification_checksum = $3 WHERE id = $4",
				synced, synced.Add(time.Second), []byte{0xab, byte(i)}, id)
		default:
			exec(t, s.env.Tracking, "UPDATE cool_widget_registry SET state = 2, last_synced_at = $1, verification_state = 3, verification_failure = 'checksum mismatch', checksum_mismatch = $2, verification_checksum = $3, verification_checksum_mismatched = $4 WHERE id = $5",
				synced, true, []byte{0x01, 0x02}, []byte{0x0a, 0x0b}, id)
		}
	}
}

// listedIDs reads the registry ids of a list page, in order.
func listedIDs(t *testing.T, body string) []int64 {
	t.Helper()
	doc, err := parseDocument(body)
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, tr := range doc.find("data-registry-id", "") {
		id, err := strconv.ParseInt(tr.attrs["data-registry-id"], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

// href returns the href of the element with the id, "" when absent.
func href(t *testing.T, body, id string) string {
	t.Helper()
	doc, err := parseDocument(body)
	if err != nil {
		t.Fatal(err)
	}
	els := doc.find("id", id)
	if len(els) == 0 {
		return ""
	}
	return els[0].attrs["href"]
}

// TestReplicationList: filters, the id search and sorts select the right
// registries; every parameter is in the URL, and the pages' links carry
// them; walking the pages forward and back sees every row once.
func TestReplicationList(t *testing.T) {
	e := newEnv(t)
	s := newSite(t, e, false, nil)
	ids := seedRegistries(t, e, 45)
	seedStates(t, s, ids)
	b := newBrowser(t, s.url)
	b.login()
	var failed, verified, mismatched []int64
	for i, id := range ids {
		switch {
		case i%3 == 0:
			failed = append(failed, id)
		case i%2 == 0:
			verified = append(verified, id)
		default:
			mismatched = append(mismatched, id)
		}
	}
	desc := slices.Clone(ids)
	slices.Reverse(desc)
	cases := []struct {
		name  string
		query string
		want  []int64 // the first page
	}{
		{"default", "", ids[:20]},
		{"id descending", "sort=id_desc", desc[:20]},
		{"failed", "replication_state=failed", failed},
		{"failed, upper case", "replication_state=FAILED", failed},
		{"verification failed", "verification_state=failed", mismatched},
		{"succeeded, newest verified first", "verification_state=succeeded&sort=verified_at_desc", reversed(verified)},
		{"ids", "ids=" + itoa(ids[4]) + ",%20" + itoa(ids[2]) + "," + itoa(ids[40]), []int64{ids[2], ids[4], ids[40]}},
		{"ids and state", "ids=" + itoa(ids[3]) + "," + itoa(ids[4]) + "&replication_state=failed", []int64{ids[3]}},
		{"last synced, oldest first", "sort=last_synced_at_asc&first=5", ids[:5]},
		{"last synced, newest first", "sort=last_synced_at_desc&first=5", desc[:5]},
		{"page size", "first=100", ids},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := b.page("/admin/geo/replication/cool_widgets?" + tc.query)
			if got := listedIDs(t, r.body); !slices.Equal(got, tc.want) {
				t.Errorf("listed %v, want %v", got, tc.want)
			}
		})
	}

	// Walk every page of "verification failed, newest synced first" forward,
	// then back; the filters stay in every link.
	path := "/admin/geo/replication/cool_widgets?verification_state=failed&sort=last_synced_at_desc&first=4"
	var forward []int64
	var pages []string
	for next := path; next != ""; {
		r := b.page(next)
		pages = append(pages, next)
		forward = append(forward, listedIDs(t, r.body)...)
		next = href(t, r.body, "next-page")
		if next != "" && (!strings.Contains(next, "verification_state=failed") || !strings.Contains(next, "sort=last_synced_at_desc") || !strings.Contains(next, "first=4")) {
			t.Fatalf("next link %q drops the filters", next)
		}
		if len(pages) > 20 {
			t.Fatal("pages do not end")
		}
	}
	if want := reversed(mismatched); !slices.Equal(forward, want) {
		t.Fatalf("walked %v, want %v", forward, want)
	}
	if href(t, b.page(path).body, "prev-page") != "" {
		t.Error("the first page has a previous-page link")
	}
	last := b.page(pages[len(pages)-1])
	var backward []int64
	for prev := href(t, last.body, "prev-page"); prev != ""; {
		r := b.page(prev)
		backward = append(listedIDs(t, r.body), backward...)
		prev = href(t, r.body, "prev-page")
	}
	backward = append(backward, listedIDs(t, last.body)...)
	if !slices.Equal(backward, forward) {
		t.Errorf("walking back saw %v, want %v", backward, forward)
	}

	// The filter form shows what the URL selected.
	r := b.page("/admin/geo/replication/cool_widgets?replication_state=failed&sort=id_desc&ids=" + itoa(ids[0]))
	for _, want := range []string{`<option value="failed" selected="selected">`, `<option value="id_desc" selected="selected">`, `value="` + itoa(ids[0]) + `"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the filter form does not show %s", want)
		}
	}
}

func reversed(s []int64) []int64 {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

// TestReplicationListRow: a row shows its ids, state badges, times with
// the exact time on hover, failure messages, and its action forms.
func TestReplicationListRow(t *testing.T) {
	e := newEnv(t)
	s := newSite(t, e, false, nil)
	ids := seedRegistries(t, e, 3)
	seedStates(t, s, ids)
	b := newBrowser(t, s.url)
	b.login()
	doc := checkDocument(t, "list", b.page("/admin/geo/replication/cool_widgets").body)
	rows := doc.find("data-registry-id", itoa(ids[0]))
	if len(rows) != 1 {
		t.Fatalf("no row of registry %d", ids[0])
	}
	row := rows[0]
	field := func(name string) string {
		for _, el := range row.find("data-field", name) {
			return el.Text()
		}
		return "<missing>"
	}
	for name, want := range map[string]string{
		"registry-id": itoa(ids[0]), "model-id": "1", "replication-state": "failed", "verification-state": "pending",
		"last-sync-failure": "download failed: 502 from the primary 0", "last-synced-at": "3 minutes ago", "verified-at": "never",
	} {
		if got := field(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	times := row.all("time")
	if len(times) != 1 || times[0].attrs["datetime"] != s.env.Clock.Now().Add(-3*time.Minute).Format(time.RFC3339) || !strings.HasSuffix(times[0].attrs["title"], "UTC") {
		t.Errorf("time element: %+v", times)
	}
	if len(row.find("data-action", "details")) != 1 || len(row.find("data-action", "resync")) != 1 {
		t.Error("the row lacks its details link or resync button")
	}
	if len(row.find("data-action", "reverify")) != 0 {
		t.Error("a failed registry offers reverify (only synced ones can be)")
	}
	synced := doc.find("data-registry-id", itoa(ids[1]))[0]
	if len(synced.find("data-action", "reverify")) != 1 {
		t.Error("a synced registry does not offer reverify")
	}
	if got := len(doc.find("id", "type-switcher")[0].all("a")); got != 2 {
		t.Errorf("type switcher has %d links, want 2", got)
	}
}

// TestReplicationListRefusals: a bad parameter or an unknown type answers
// with a page saying what is wrong.
func TestReplicationListRefusals(t *testing.T) {
	s := newSite(t, newEnv(t), false, nil)
	s.flags.Set(s.types[1].ReplicationFlag, false) // no verification of gizmos either
	b := newBrowser(t, s.url)
	b.login()
	cases := []struct {
		path   string
		status int
		want   string
	}{
		{"/admin/geo/replication/cool_widgets?replication_state=lost", http.StatusBadRequest, "replication_state"},
		{"/admin/geo/replication/cool_widgets?verification_state=lost", http.StatusBadRequest, "verification_state"},
		{"/admin/geo/replication/cool_widgets?sort=name", http.StatusBadRequest, "sort"},
		{"/admin/geo/replication/cool_widgets?first=1000", http.StatusBadRequest, "first"},
		{"/admin/geo/replication/cool_widgets?ids=1,x", http.StatusBadRequest, "ids"},
		{"/admin/geo/replication/cool_widgets?after=garbage", http.StatusBadRequest, "cursor"},
		{"/admin/geo/replication/gizmos?verification_state=failed", http.StatusBadRequest, "disabled"},
		{"/admin/geo/replication/sprockets", http.StatusNotFound, "cool_widgets, gizmos"},
		{"/admin/geo/replication/cool_widgets/999", http.StatusNotFound, "does not exist"},
		{"/admin/geo/replication/cool_widgets/abc", http.StatusNotFound, "positive integer"},
	}
	for _, tc := range cases {
		r := b.get(tc.path)
		if r.status != tc.status || !strings.Contains(r.body, tc.want) {
			t.Errorf("GET %s: status %d, want %d with %q\n%s", tc.path, r.status, tc.status, tc.want, r.body)
		}
		checkDocument(t, tc.path, r.body)
	}
}

// TestEmptyStates: an empty list says why and what to do, differently
// for no registries, no match and a primary.
func TestEmptyStates(t *testing.T) {
	e := newEnv(t)
	sec := newSite(t, e, false, nil)
	prim := newSite(t, e, true, nil)
	prim.flags.Set(prim.types[1].ReplicationFlag, false) // gizmos are not checksummed
	cases := []struct {
		site *site
		path string
		want string
	}{
		{sec, "/admin/geo/replication/cool_widgets", "No Cool Widget registries yet"},
		{sec, "/admin/geo/replication/cool_widgets?replication_state=failed", "Clear the filters"},
		{prim, "/admin/geo/replication/cool_widgets", "open it from the"},
		{prim, "/admin/data_management/cool_widgets", "No Cool Widgets yet"},
		{prim, "/admin/data_management/gizmos", "not checksummed"},
		{sec, "/admin/data_management/cool_widgets", "Open the primary's console"},
		{prim, "/admin/geo/sites", "No secondary has reported"},
		{sec, "/admin/geo/sites", "knows only itself"},
	}
	for _, tc := range cases {
		b := newBrowser(t, tc.site.url)
		b.login()
		doc := checkDocument(t, tc.path, b.page(tc.path).body)
		empty := doc.find("data-testid", "empty-state")
		if len(empty) != 1 || !strings.Contains(empty[0].Text(), tc.want) {
			t.Errorf("GET %s: empty state %v, want one containing %q", tc.path, texts(empty), tc.want)
		}
	}
}

func texts(els []*element) []string {
	var out []string
	for _, e := range els {
		out = append(out, e.Text())
	}
	return out
}

// TestRegistryActions: the row buttons resync and reverify, and return to
// the same list URL with a message.
func TestRegistryActions(t *testing.T) {
	e := newEnv(t)
	s := newSite(t, e, false, nil)
	ids := seedRegistries(t, e, 3)
	seedStates(t, s, ids)
	b := newBrowser(t, s.url)
	b.login()
	list := "/admin/geo/replication/cool_widgets?replication_state=failed&sort=id_desc"
	b.action("/admin/geo/replication/cool_widgets/"+itoa(ids[0])+"/resync", list, nil)
	if st := registryState(t, e, ids[0]); st != 0 {
		t.Errorf("after resync the state is %d, want pending (0)", st)
	}
	if r := b.page(list); !strings.Contains(r.body, "Resync of Cool Widget registry "+itoa(ids[0])+" requested") {
		t.Errorf("no message after resync:\n%s", r.body)
	}
	b.action("/admin/geo/replication/cool_widgets/"+itoa(ids[1])+"/reverify", list, nil)
	var vst int
	if err := e.Tracking.QueryRowContext(context.Background(), "SELECT verification_state FROM cool_widget_registry WHERE id = $1", ids[1]).Scan(&vst); err != nil {
		t.Fatal(err)
	}
	if vst != 0 {
		t.Errorf("after reverify the verification state is %d, want pending (0)", vst)
	}
	// Reverify of a registry that is not synced is refused, with a message.
	b.action("/admin/geo/replication/cool_widgets/"+itoa(ids[0])+"/reverify", list, nil)
	if r := b.page(list); !strings.Contains(r.body, "was refused") {
		t.Errorf("no refusal message:\n%s", r.body)
	}
	// A return_to outside the console goes to the sites overview.
	form := url.Values{"csrf_token": {b.csrf()}, "return_to": {"https://evil.example/"}}
	if r := b.post("/admin/geo/replication/cool_widgets/"+itoa(ids[2])+"/resync", form); r.header.Get("Location") != "/admin/geo/sites" {
		t.Errorf("return_to outside the console: redirected to %q", r.header.Get("Location"))
	}
	form.Set("return_to", "/admin/geo/sites")
	if r := b.post("/admin/geo/replication/cool_widgets/999999/resync", form); r.status != http.StatusNotFound {
		t.Errorf("resync of a missing registry: status %d, want 404", r.status)
	}
}

// TestBulk: the confirmation page counts the matching rows; confirming
// starts the job, which the list shows with its progress until it ends.
func TestBulk(t *testing.T) {
	e := newEnv(t)
	s := newSite(t, e, false, nil)
	ids := seedRegistries(t, e, 30)
	seedStates(t, s, ids)
	b := newBrowser(t, s.url)
	b.login()
	cases := []struct {
		action string
		count  int
	}{
		{"resync_all", 30},
		{"resync_all_failed", 10},
		{"reverify_all", 20},
		{"reverify_all_failed", 10},
	}
	list := b.page("/admin/geo/replication/cool_widgets")
	ldoc := checkDocument(t, "list", list.body)
	for _, tc := range cases {
		links := ldoc.find("data-bulk", tc.action)
		if len(links) != 1 || links[0].attrs["href"] != "/admin/geo/replication/cool_widgets/bulk?action="+tc.action {
			t.Errorf("the list has no link for %s", tc.action)
			continue
		}
		doc := checkDocument(t, tc.action, b.page(links[0].attrs["href"]).body)
		count := doc.find("data-testid", "bulk-count")
		if len(count) != 1 || count[0].Text() != strconv.Itoa(tc.count) {
			t.Errorf("%s: bulk count %v, want %d", tc.action, texts(count), tc.count)
		}
		if len(doc.find("id", "bulk-confirm")) != 1 || len(doc.find("href", "/admin/geo/replication/cool_widgets")) == 0 {
			t.Errorf("%s: no confirm button or cancel link", tc.action)
		}
	}
	if r := b.get("/admin/geo/replication/cool_widgets/bulk?action=delete_all"); r.status != http.StatusBadRequest {
		t.Errorf("unknown bulk action: status %d, want 400", r.status)
	}

	r := b.post("/admin/geo/replication/cool_widgets/bulk", url.Values{"csrf_token": {b.csrf()}, "action": {"resync_all_failed"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/geo/replication/cool_widgets" {
		t.Fatalf("confirm: %d to %q\n%s", r.status, r.header.Get("Location"), r.body)
	}
	page := b.page("/admin/geo/replication/cool_widgets")
	doc := checkDocument(t, "list", page.body)
	jobs := doc.find("data-job", "")
	if len(jobs) != 1 || jobs[0].attrs["data-job-state"] != "queued" || !strings.Contains(page.body, `data-refresh="running"`) {
		t.Fatalf("the queued job is not shown queued: %v\n%s", texts(jobs), page.body)
	}
	if badge := jobs[0].find("class", "badge badge-queued"); len(badge) != 1 || strings.Contains(jobs[0].Text(), "running") || strings.Contains(jobs[0].Text(), "0 of 0") {
		t.Errorf("a queued job says it runs, or counts rows it has not counted: %q", jobs[0].Text())
	}
	if !strings.Contains(jobs[0].Text(), "Resync all failed Cool Widgets") || !strings.Contains(page.body, "<noscript>") {
		t.Errorf("job text %q, or no noscript hint", jobs[0].Text())
	}
	if _, err := s.jobs.RunPass(context.Background()); err != nil {
		t.Fatal(err)
	}
	doc = checkDocument(t, "list", b.page("/admin/geo/replication/cool_widgets").body)
	jobs = doc.find("data-job", "")
	if len(jobs) != 1 || jobs[0].attrs["data-job-state"] != "finished" || !strings.Contains(jobs[0].Text(), "10 of 10 rows done") {
		t.Fatalf("the job did not finish: %v", texts(jobs))
	}
	progress := jobs[0].all("progress")
	if len(progress) != 1 || progress[0].attrs["value"] != "10" || progress[0].attrs["max"] != "10" {
		t.Errorf("progress bar %+v", progress)
	}
	var failedLeft int
	if err := e.Tracking.QueryRowContext(context.Background(), "SELECT count(*) FROM cool_widget_registry WHERE state = 3").Scan(&failedLeft); err != nil {
		t.Fatal(err)
	}
	if failedLeft != 0 {
		t.Errorf("%d registries still failed after resync all failed", failedLeft)
	}
}

// TestBulkJobStates: a job shows queued until a runner starts it, then
// running with its progress, then finished.
func TestBulkJobStates(t *testing.T) {
	e := newEnv(t)
	s := newSite(t, e, false, func(c *adminapi.Config) {
		set, err := replicable.NewSet(c.Types...)
		if err != nil {
			t.Fatal(err)
		}
		// Four rows a pass, so a pass leaves the job running.
		c.Jobs = bulkjob.New(e.Tracking, set, c.Flags, flags.Secondary, e.Clock, bulkjob.Options{BatchSize: 4, MaxBatchesPerPass: 1})
	})
	seedStates(t, s, seedRegistries(t, e, 30))
	b := newBrowser(t, s.url)
	b.login()
	b.post("/admin/geo/replication/cool_widgets/bulk", url.Values{"csrf_token": {b.csrf()}, "action": {"resync_all_failed"}})
	steps := []struct {
		state, badge, text string
	}{
		{"queued", "queued", "Waiting for a worker to start it"},
		{"running", "running", "4 of 10 rows done (40%)"},
		{"running", "running", "8 of 10 rows done (80%)"},
		{"finished", "finished", "10 of 10 rows done (100%)"},
	}
	for i, step := range steps {
		// A pass does one batch; the job ends on the pass that finds no
		// row left, so the last step may take two.
		for pass := 0; i > 0 && pass < 2; pass++ {
			if _, err := s.jobs.RunPass(context.Background()); err != nil {
				t.Fatal(err)
			}
			if step.state != "finished" {
				break
			}
		}
		page := b.page("/admin/geo/replication/cool_widgets")
		jobs := checkDocument(t, step.state, page.body).find("data-job", "")
		if len(jobs) != 1 {
			t.Fatalf("step %d: jobs %v", i, texts(jobs))
		}
		j := jobs[0]
		if j.attrs["data-job-state"] != step.state || len(j.find("class", "badge badge-"+step.badge)) != 1 || !strings.Contains(j.Text(), step.text) {
			t.Errorf("step %d: job shows %s %q, want %s with %q", i, j.attrs["data-job-state"], j.Text(), step.state, step.text)
		}
		if refresh := strings.Contains(page.body, `data-refresh="running"`); refresh != (step.state != "finished") {
			t.Errorf("step %d (%s): the page refreshes itself: %v", i, step.state, refresh)
		}
	}
}

// TestBulkFilters: a bulk action takes the list's filters (ids,
// replication state, verification state); the confirmation names them
// and counts exactly the rows the job then changes; an action whose own
// state contradicts the list's matches nothing and offers no button.
func TestBulkFilters(t *testing.T) {
	e := newEnv(t)
	s := newSite(t, e, false, nil)
	ids := seedRegistries(t, e, 30)
	// Rows i%3 == 0 failed (10), other even rows synced and verified (10),
	// odd rows synced with verification failed (10).
	seedStates(t, s, ids)
	b := newBrowser(t, s.url)
	b.login()
	first6 := strings.Join([]string{itoa(ids[0]), itoa(ids[1]), itoa(ids[2]), itoa(ids[3]), itoa(ids[4]), itoa(ids[5])}, ",")
	synced := itoa(ids[1]) + "," + itoa(ids[2])
	cases := []struct {
		name, action, filters string
		count                 int // -1: a conflict
		wantText              []string
	}{
		{"no filter", "resync_all", "", 30, []string{"The list is not filtered"}},
		{"ids", "resync_all", "ids=" + first6, 6, []string{"6 registry ids (" + first6 + ")", "among the 6 registry ids given"}},
		{"replication state", "resync_all", "replication_state=synced", 20, []string{"replication state synced", "every one of the synced Cool Widget registries"}},
		{"verification state implies synced", "resync_all", "verification_state=failed", 10, []string{"verification state failed", "synced Cool Widget registries whose verification is failed"}},
		{"failed among ids", "resync_all_failed", "ids=" + first6, 2, nil},
		{"failed among synced ids: nothing to do", "resync_all_failed", "ids=" + synced, 0, []string{"There is nothing to do"}},
		{"reverify by verification state", "reverify_all", "verification_state=succeeded", 10, nil},
		{"reverify failed among ids", "reverify_all_failed", "ids=" + first6, 2, nil},
		{"failed against synced", "resync_all_failed", "replication_state=synced", -1, []string{"Resync all failed covers failed registries, and the list shows synced ones"}},
		{"reverify against failed", "reverify_all", "replication_state=failed", -1, []string{"Reverify all covers synced registries, and the list shows failed ones"}},
		{"failed verification against succeeded", "reverify_all_failed", "verification_state=succeeded", -1, []string{"whose verification failed, and the list shows succeeded ones"}},
		{"verification filter against failed", "resync_all_failed", "verification_state=failed", -1, []string{"shows synced registries only"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			list := "/admin/geo/replication/cool_widgets"
			if tc.filters != "" {
				list += "?" + tc.filters
			}
			ldoc := checkDocument(t, "list", b.page(list).body)
			links := ldoc.find("data-bulk", tc.action)
			if len(links) != 1 {
				t.Fatalf("the list has no link for %s", tc.action)
			}
			if (len(ldoc.find("data-testid", "bulk-scope")) == 1) != (tc.filters != "") {
				t.Errorf("the list says its filters narrow the bulk actions: %v, filters %q", len(ldoc.find("data-testid", "bulk-scope")) == 1, tc.filters)
			}
			page := b.page(links[0].attrs["href"])
			doc := checkDocument(t, tc.action, page.body)
			want := strconv.Itoa(max(tc.count, 0))
			if got := doc.find("data-testid", "bulk-count"); len(got) != 1 || got[0].Text() != want {
				t.Errorf("count %v, want %s", texts(got), want)
			}
			text := doc.find("class", "card")[0].Text()
			for _, w := range tc.wantText {
				if !strings.Contains(strings.ToLower(text), strings.ToLower(w)) {
					t.Errorf("the confirmation does not say %q:\n%s", w, text)
				}
			}
			confirm := doc.find("id", "bulk-confirm")
			if (len(confirm) == 1) != (tc.count > 0) {
				t.Fatalf("confirm button present: %v, for %d rows", len(confirm) == 1, tc.count)
			}
			if tc.count <= 0 {
				// The action is refused when posted anyway.
				if tc.count < 0 {
					form := url.Values{"csrf_token": {b.csrf()}, "action": {tc.action}}
					q, _ := url.ParseQuery(tc.filters)
					for k, v := range q {
						form[k] = v
					}
					if r := b.post("/admin/geo/replication/cool_widgets/bulk", form); r.status != http.StatusBadRequest {
						t.Errorf("posting a contradictory action: status %d, want 400", r.status)
					}
				}
				return
			}
			// Confirm with the page's own form, run the job, and check it
			// changed exactly the rows counted.
			form := url.Values{}
			for _, in := range doc.all("input") {
				form.Set(in.attrs["name"], in.attrs["value"])
			}
			r := b.post("/admin/geo/replication/cool_widgets/bulk", form)
			back, err := url.PathUnescape(r.header.Get("Location"))
			if r.status != http.StatusSeeOther || err != nil || back != list {
				t.Fatalf("confirm: %d to %q, want back to %q", r.status, back, list)
			}
			if _, err := s.jobs.RunPass(context.Background()); err != nil {
				t.Fatal(err)
			}
			all, err := s.jobs.List(context.Background())
			if err != nil || len(all) == 0 {
				t.Fatalf("jobs %v, %v", all, err)
			}
			j := slices.MaxFunc(all, func(a, b bulkjob.Job) int { return int(a.ID - b.ID) })
			if j.Status != bulkjob.Finished || j.Total != int64(tc.count) || j.Done != int64(tc.count) {
				t.Errorf("job %s: %d of %d done, want %d", j.Status, j.Done, j.Total, tc.count)
			}
			seedStates(t, s, ids) // the next case starts from the same rows
		})
	}
}
