package sitecmd_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geoauth"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sitecmd"
	"github.com/geogen/geogen/runtime/sitestatus"
	"github.com/geogen/geogen/runtime/sqldb"
)

// deployment is a primary and a secondary configured in a temporary
// directory, run in-process through sitecmd.Run as the binary would.
type deployment struct {
	t                  *testing.T
	dir                string
	project            sitecmd.Project
	primary, secondary string // configuration files
	mainURL            string
	primaryAdmin       string // the primary's admin API
	secondaryAdmin     string
	running            sync.WaitGroup
	codes              chan int
}

func newDeployment(t *testing.T) *deployment {
	t.Helper()
	dir := t.TempDir()
	types := []*replicable.Descriptor{testtypes.CoolWidget()}
	d := &deployment{t: t, dir: dir, codes: make(chan int, 4), mainURL: "sqlite:" + filepath.Join(dir, "main.db"),
		project: sitecmd.Project{Types: types, MainMigrations: testtypes.MainMigrations(types...), TrackingMigrations: testtypes.TrackingMigrations(types...)}}
	ports := freePorts(t, 4)
	d.primaryAdmin = fmt.Sprintf("http://127.0.0.1:%d", ports[1])
	d.secondaryAdmin = fmt.Sprintf("http://127.0.0.1:%d", ports[3])
	if err := os.WriteFile(filepath.Join(dir, "secret"), []byte(rand.Text()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	common := fmt.Sprintf(`secrets:
  site_secret: {file: %[1]q}
  admin_token: {file: %[1]q}
intervals: {poll: 20ms, maintenance: 200ms, consistency: 200ms, status: 200ms, flags_refresh: 100ms}
shutdown_timeout: 1m
log: {level: error}
`, filepath.Join(dir, "secret"))
	d.primary, d.secondary = filepath.Join(dir, "primary.yml"), filepath.Join(dir, "secondary.yml")
	d.write(d.primary, fmt.Sprintf(`role: primary
site: {name: primary, url: "http://127.0.0.1:%d"}
listen: {site: "127.0.0.1:%d", admin: "127.0.0.1:%d"}
databases: {main: %q}
storage: {blobs: %q}
`, ports[0], ports[0], ports[1], d.mainURL, filepath.Join(dir, "primary-blobs"))+common)
	d.write(d.secondary, fmt.Sprintf(`role: secondary
site: {name: secondary, url: "http://127.0.0.1:%d"}
primary: {url: "http://127.0.0.1:%d"}
listen: {site: "127.0.0.1:%d", admin: "127.0.0.1:%d"}
databases: {main: %q, tracking: %q}
storage: {blobs: %q}
`, ports[2], ports[0], ports[2], ports[3], d.mainURL, "sqlite:"+filepath.Join(dir, "tracking.db"), filepath.Join(dir, "secondary-blobs"))+common)
	return d
}

func (d *deployment) write(path, body string) {
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		d.t.Fatal(err)
	}
}

// geo runs one command and returns its exit code and output.
func (d *deployment) geo(config string, args ...string) (int, string) {
	var out bytes.Buffer
	code := sitecmd.Run(context.Background(), d.project, append([]string{"-c", config}, args...), &out, &out)
	return code, out.String()
}

func (d *deployment) mustGeo(config string, args ...string) string {
	d.t.Helper()
	code, out := d.geo(config, args...)
	if code != 0 {
		d.t.Fatalf("geo %s exited %d:\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// start runs a site until the test ends.
func (d *deployment) start(ctx context.Context, role, config string) {
	d.running.Add(1)
	go func() {
		defer d.running.Done()
		var out bytes.Buffer
		code := sitecmd.Run(ctx, d.project, []string{"-c", config, role}, &out, &out)
		if code != 0 {
			d.t.Errorf("geo %s exited %d: %s", role, code, out.String())
		}
		d.codes <- code
	}()
}

// statusJSON is geo status --json.
func (d *deployment) statusJSON(config string) (site sitestatus.Report, sites []sitestatus.Report) {
	d.t.Helper()
	out := d.mustGeo(config, "status", "--json")
	var doc struct {
		Site  sitestatus.Report   `json:"site"`
		Sites []sitestatus.Report `json:"sites"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		d.t.Fatalf("status --json: %v\n%s", err, out)
	}
	return doc.Site, doc.Sites
}

// application creates records on the primary, as the project's
// application would, through the primary's replicator.
func (d *deployment) application(ctx context.Context) (*replicator.Blob, *flags.Store) {
	d.t.Helper()
	main, err := sqldb.Open(ctx, d.mainURL)
	if err != nil {
		d.t.Fatal(err)
	}
	d.t.Cleanup(func() { main.Close() })
	blobs, err := blobstore.NewDir(filepath.Join(d.dir, "primary-blobs"))
	if err != nil {
		d.t.Fatal(err)
	}
	fl := flags.NewStore(main, flags.TypeDefinitions(d.project.Types), nil)
	if err := fl.Refresh(ctx); err != nil {
		d.t.Fatal(err)
	}
	p, err := site.NewPrimary(site.PrimaryConfig{Main: main, Blobs: blobs, Types: d.project.Types, Flags: fl,
		Verifier: &geoauth.Verifier{Keys: geoauth.StaticKeys{}}})
	if err != nil {
		d.t.Fatal(err)
	}
	r, _ := p.Replicator(d.project.Types[0].Name)
	return r.(*replicator.Blob), fl
}

func createWidgets(t *testing.T, ctx context.Context, r *replicator.Blob, n int) {
	t.Helper()
	d := r.Descriptor()
	for i := range n {
		_, err := r.Create(ctx, func(tx *sql.Tx) (int64, error) {
			return testtypes.CreateRecord(ctx, tx, d, fmt.Sprintf("widget %d", i), time.Now())
		}, strings.NewReader(fmt.Sprintf("content of widget %d", i)))
		if err != nil {
			t.Fatal(err)
		}
	}
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestOperatorCommands follows a deployment through an operator's day: a
// flag turned on while the primary runs, check-replication and wait on a
// secondary that is behind and then catches up, the primary's list of
// sites, and a clean stop.
func TestOperatorCommands(t *testing.T) {
	d := newDeployment(t)
	ctx, stop := context.WithCancel(context.Background())
	defer func() {
		stop()
		d.running.Wait()
	}()
	if out := d.mustGeo(d.primary, "migrate"); !strings.Contains(out, "none pending") {
		t.Fatalf("migrate said %q", out)
	}
	d.mustGeo(d.secondary, "migrate")
	d.start(ctx, "primary", d.primary)

	app, appFlags := d.application(ctx)
	createWidgets(t, ctx, app, 5)

	// Replication is off by default: the primary checksums nothing.
	primary, _ := d.statusJSON(d.primary)
	if primary.Types[0].Replicating || primary.Types[0].ChecksummedCount != 0 {
		t.Fatalf("before the flag: %+v", primary.Types[0])
	}
	// Turned on at run time: the running primary picks it up without a
	// restart and checksums the records.
	out := d.mustGeo(d.primary, "flags", "enable", "geo_cool_widget_replication", "--actor", "alice")
	if !strings.Contains(out, "geo_cool_widget_replication: on (by alice") {
		t.Fatalf("flags enable said %q", out)
	}
	eventually(t, "the running primary to checksum the records after the flag went on", func() bool {
		p, _ := d.statusJSON(d.primary)
		return p.Types[0].Verifying && p.Types[0].ChecksummedCount == 5
	})
	if code, out := d.geo(d.secondary, "flags", "enable", "geo_cool_widget_verification"); code != 2 || !strings.Contains(out, "changed on the primary") {
		t.Fatalf("flags enable on a secondary: exit %d, %q; want 2 and a pointer to the primary", code, out)
	}
	if out := d.mustGeo(d.primary, "flags", "history"); !strings.Contains(out, "alice") {
		t.Fatalf("history does not show who: %s", out)
	}

	// The secondary is not running: it is behind, and says so.
	code, out := d.geo(d.secondary, "check-replication")
	if code != 1 || !strings.Contains(out, "ERROR - Replication is not up-to-date") || !strings.Contains(out, "Cool Widgets: succeeded 0 / total 5 (0%)") {
		t.Fatalf("check-replication on a secondary that is behind: exit %d\n%s", code, out)
	}
	code, out = d.geo(d.secondary, "wait", "--timeout", "300ms", "--interval", "100ms")
	if code != 1 || !strings.Contains(out, "ERROR - Replication is not up-to-date after") {
		t.Fatalf("wait that times out: exit %d\n%s", code, out)
	}

	// Started, it catches up; wait sees it through.
	d.start(ctx, "secondary", d.secondary)
	out = d.mustGeo(d.secondary, "wait", "--timeout", "2m", "--interval", "100ms")
	if !strings.Contains(out, "SUCCESS - Replication is up-to-date") {
		t.Fatalf("wait said:\n%s", out)
	}
	if code, out := d.geo(d.secondary, "check-replication"); code != 0 || !strings.Contains(out, "Cool Widgets Verified: succeeded 5 / total 5 (100%)") {
		t.Fatalf("check-replication after wait: exit %d\n%s", code, out)
	}

	// More records once replication is on: events this time.
	if err := appFlags.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	createWidgets(t, ctx, app, 3)
	d.mustGeo(d.secondary, "wait", "--timeout", "2m", "--interval", "100ms")
	sec, _ := d.statusJSON(d.secondary)
	if tr := sec.Types[0]; !sec.Healthy || tr.Count != 8 || tr.SyncedCount != 8 || tr.VerifiedCount != 8 || sec.CursorEventID != sec.LastEventID || sec.LastEventID == 0 {
		t.Fatalf("secondary status after the second wait: %+v", sec)
	}

	// Bulk jobs: queued by the command, worked off by the running site.
	out = d.mustGeo(d.secondary, "resync", "cool_widget", "--wait", "--timeout", "2m")
	if !strings.Contains(out, "resync_all cool_widget") || !strings.Contains(out, "finished, 8 of 8 rows") {
		t.Fatalf("resync --wait:\n%s", out)
	}
	d.mustGeo(d.secondary, "wait", "--timeout", "2m", "--interval", "100ms")
	out = d.mustGeo(d.primary, "reverify", "cool_widget", "--ids", "1,2", "--wait", "--timeout", "2m")
	if !strings.Contains(out, "recompute_checksums cool_widget, 2 ids") || !strings.Contains(out, "finished, 2 of 2 rows") {
		t.Fatalf("reverify on the primary:\n%s", out)
	}
	if code, out := d.geo(d.primary, "resync", "cool_widget"); code != 2 || !strings.Contains(out, "resync runs on a secondary") {
		t.Fatalf("resync on the primary: exit %d, %q", code, out)
	}
	if code, out := d.geo(d.secondary, "reverify", "no_such_type"); code != 2 || !strings.Contains(out, `unknown type "no_such_type" (the types are: cool_widget)`) {
		t.Fatalf("reverify of an unknown type: exit %d, %q", code, out)
	}
	if out := d.mustGeo(d.secondary, "jobs"); !strings.Contains(out, "resync_all cool_widget") || !strings.Contains(out, "finished") {
		t.Fatalf("jobs:\n%s", out)
	}

	// The primary knows the secondary from its reports.
	eventually(t, "the primary to list the secondary, caught up", func() bool {
		_, sites := d.statusJSON(d.primary)
		return len(sites) == 1 && sites[0].Name == "secondary" && sites[0].Healthy && sites[0].CursorEventID >= sec.LastEventID
	})
	// The admin API's REST status array: the primary, then the secondary
	// as it reported itself.
	token, err := os.ReadFile(filepath.Join(d.dir, "secret"))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, d.primaryAdmin+"/api/v4/geo_sites/status", nil)
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(token)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var statuses []map[string]any
	err = json.NewDecoder(resp.Body).Decode(&statuses)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET geo_sites/status: %s, %v", resp.Status, err)
	}
	if len(statuses) != 2 || statuses[1]["name"] != "secondary" || statuses[1]["geo_node_id"] != float64(2) ||
		statuses[1]["healthy"] != true || statuses[1]["cool_widgets_synced_count"] != float64(8) || statuses[1]["cool_widgets_synced_in_percentage"] != "100.00%" {
		t.Fatalf("geo_sites/status = %v", statuses)
	}
	if out := d.mustGeo(d.primary, "sites", "list"); !strings.Contains(out, "secondary") || !strings.Contains(out, "Healthy") {
		t.Fatalf("sites list:\n%s", out)
	}
	if code, out := d.geo(d.primary, "sites", "forget", "tokyo"); code != 1 || !strings.Contains(out, `no known site "tokyo"`) {
		t.Fatalf("forgetting an unknown site: exit %d, %q", code, out)
	}
	if code, _ := d.geo(d.secondary, "sites", "list"); code != 2 {
		t.Fatalf("sites list on a secondary: exit %d, want 2", code)
	}
	if out := d.mustGeo(d.secondary, "doctor"); strings.Count(out, "... yes") < 5 || strings.Contains(out, "... no") {
		t.Fatalf("doctor:\n%s", out)
	}
	if out := d.mustGeo(d.primary, "doctor"); !strings.Contains(out, "Verification tables have the columns verification needs ... yes") || strings.Contains(out, "... no") {
		t.Fatalf("doctor on the primary:\n%s", out)
	}

	// SIGTERM's path: the context ends, both sites stop and exit 0.
	stop()
	d.running.Wait()
	close(d.codes)
	for code := range d.codes {
		if code != 0 {
			t.Errorf("a site exited %d on shutdown", code)
		}
	}
}

// TestInvalidConfigurationStopsEverything checks that a site with a bad
// configuration starts nothing and names every problem.
func TestInvalidConfigurationStopsEverything(t *testing.T) {
	d := newDeployment(t)
	body, err := os.ReadFile(d.primary)
	if err != nil {
		t.Fatal(err)
	}
	d.write(d.primary, strings.Replace(string(body), "poll: 20ms", "poll: soon", 1)+"capacities: {sync: 0}\n")
	code, out := d.geo(d.primary, "primary", "--set", "listen.admin=nowhere")
	if code != 2 {
		t.Fatalf("exit %d, want 2:\n%s", code, out)
	}
	for _, want := range []string{"3 problems", `intervals.poll: "soon" is not a duration`, "capacities.sync: 0 is below 1", `listen.admin: "nowhere" is not a host:port`} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(d.dir, "main.db")); err == nil {
		t.Error("the main database was created: something started")
	}
	if code, out := d.geo(d.secondary, "primary"); code != 2 || !strings.Contains(out, "role is secondary") {
		t.Errorf("geo primary with a secondary's configuration: exit %d, %q", code, out)
	}
}

func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports
}
