package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// browserEnv makes the browser test mandatory: CI sets it after `npm ci`
// in testdata and installing Debian's chromium, so a missing node,
// browser or package fails the build instead of skipping the test.
const browserEnv = "GEOGEN_TEST_BROWSER"

// screenshotsEnv names a directory: the script writes a screenshot of
// each page there (make screenshots points it at docs/console).
const screenshotsEnv = "GEOGEN_CONSOLE_SCREENSHOTS"

// chromium is Debian's package; the tests never download a browser.
const chromium = "/usr/bin/chromium"

const scriptDir = "testdata"

// seededRecords is how many Cool Widgets the primary holds: a few hundred
// failed registries make "resync all failed" a real bulk job.
const seededRecords = 300

// report is what testdata/console.mjs prints: every scenario with its
// outcome, and every page it checked.
type report struct {
	Browser   string `json:"browser"`
	Scenarios []struct {
		Name   string  `json:"name"`
		OK     bool    `json:"ok"`
		Error  string  `json:"error"`
		Millis float64 `json:"ms"`
	} `json:"scenarios"`
	Pages []struct {
		Name       string   `json:"name"`
		URL        string   `json:"url"`
		Width      int      `json:"width"`
		Violations []string `json:"violations"`
		Millis     float64  `json:"ms"`
	} `json:"pages"`
}

// TestConsoleInBrowser runs testdata/console.mjs against a primary and a
// secondary of cmd/geo with seeded registries: Playwright drives Debian's
// Chromium through the console (login, refused access, filters,
// pagination, details, resync, bulk resync with its progress, CSRF, the
// checksums page, both widths) and axe-core checks every page.
func TestConsoleInBrowser(t *testing.T) {
	node := requireBrowser(t)
	start := time.Now()
	dir := t.TempDir()
	s := newSites(t, buildGeo(t, dir), dir)
	s.start("primary")
	sd := seedSites(t, s, seededRecords)
	s.start("secondary")
	t.Logf("sites up and seeded in %s", time.Since(start).Round(time.Millisecond))

	seedJSON, err := json.Marshal(sd)
	if err != nil {
		t.Fatal(err)
	}
	shots := os.Getenv(screenshotsEnv)
	if shots != "" {
		if shots, err = filepath.Abs(shots); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "console.mjs")
	cmd.Dir = scriptDir
	cmd.Env = append(os.Environ(),
		"GEOGEN_PRIMARY_ADMIN="+s.primaryAdmin, "GEOGEN_SECONDARY_ADMIN="+s.secondaryAdmin,
		"GEOGEN_ADMIN_TOKEN="+s.token, "GEOGEN_SEED="+string(seedJSON),
		"GEOGEN_CHROMIUM="+chromium, screenshotsEnv+"="+shots)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	scriptStart := time.Now()
	runErr := cmd.Run()
	t.Logf("console.mjs ran in %s:\n%s", time.Since(scriptStart).Round(time.Millisecond), stderr.String())
	var rep report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("console.mjs (%v) printed no report: %v\n%s", runErr, err, stdout.String())
	}
	failed := false
	for _, sc := range rep.Scenarios {
		if !sc.OK {
			failed = true
			t.Errorf("scenario %q failed after %.0f ms: %s", sc.Name, sc.Millis, sc.Error)
		}
	}
	var checking float64
	for _, p := range rep.Pages {
		checking += p.Millis
		for _, v := range p.Violations {
			failed = true
			t.Errorf("page %s (%s at %d px): %s", p.Name, p.URL, p.Width, v)
		}
	}
	if runErr != nil && !failed {
		t.Errorf("console.mjs: %v, though its report lists no failure", runErr)
	}
	if len(rep.Scenarios) == 0 {
		t.Error("console.mjs ran no scenario")
	}
	t.Logf("%s: %d scenarios, %d page checks (axe-core and ours, %.1fs of the run)", rep.Browser, len(rep.Scenarios), len(rep.Pages), checking/1000)
	checkSecondaryAfter(t, s, sd)
}

// checkSecondaryAfter reads the secondary's registry: what the browser
// asked for happened on the site, not only on the page.
func checkSecondaryAfter(t *testing.T, s *sites, sd seed) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tracking, err := sqldb.Open(ctx, s.trackingURL)
	if err != nil {
		t.Fatal(err)
	}
	defer tracking.Close()
	var resynced state.Replication
	if err := tracking.QueryRowContext(ctx, "SELECT state FROM cool_widget_registry WHERE cool_widget_id = $1", sd.Resync).Scan(&resynced); err != nil {
		t.Fatal(err)
	}
	if resynced != state.Synced {
		t.Errorf("Cool Widget %d after its Resync in the browser: %s, want synced", sd.Resync, resynced)
	}
	// Resync all failed sent every failed row back to the sync workers:
	// only the records the primary has no blob of fail again.
	var stillFailed, synced int
	err = poll(ctx, func() (bool, error) {
		err := tracking.QueryRowContext(ctx, "SELECT count(*) FILTER (WHERE state = $1), count(*) FILTER (WHERE state = $2) FROM cool_widget_registry",
			state.Failed, state.Synced).Scan(&stillFailed, &synced)
		return stillFailed == len(sd.Missing) && synced == sd.Records-len(sd.Missing), err
	})
	if err != nil {
		t.Errorf("after Resync all failed: %d failed, %d synced of %d; want %d failed (the records missing on the primary): %v",
			stillFailed, synced, sd.Records, len(sd.Missing), err)
	}
}

// requireBrowser returns node, or skips the test (fails it when
// GEOGEN_TEST_BROWSER=1) when node, Chromium or the script's packages are
// missing.
func requireBrowser(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(chromium)
	}
	for _, pkg := range []string{"playwright-core", "axe-core"} {
		if err == nil {
			_, err = os.Stat(filepath.Join(scriptDir, "node_modules", pkg, "package.json"))
		}
	}
	if err != nil {
		const fix = "install Node.js and Debian's chromium (apt-get install chromium), and run `npm ci` in examples/widgets/browsertest/testdata"
		if os.Getenv(browserEnv) == "1" {
			t.Fatalf("%s=1 but the browser test cannot run: %v (%s)", browserEnv, err, fix)
		}
		t.Skipf("browser test not run: %v (%s; set %s=1 to make this a failure)", err, fix, browserEnv)
	}
	return node
}
