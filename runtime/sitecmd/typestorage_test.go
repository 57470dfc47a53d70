package sitecmd_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// countFiles counts the regular files under dir.
func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(_ string, e os.DirEntry, err error) error {
		if os.IsNotExist(err) {
			return filepath.SkipDir
		}
		if err == nil && e.Type().IsRegular() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestTypeStorage runs a deployment whose blob type keeps its blobs in a
// storage.types directory of its own on both sites: the primary serves
// them from there and the secondary writes them there, not to
// storage.blobs.
func TestTypeStorage(t *testing.T) {
	d := newDeployment(t)
	for config, site := range map[string]string{d.primary: "primary", d.secondary: "secondary"} {
		body, err := os.ReadFile(config)
		if err != nil {
			t.Fatal(err)
		}
		shared := filepath.Join(d.dir, site+"-shared")
		own := filepath.Join(d.dir, site+"-blobs") // the directory application() writes to on the primary
		if site == "secondary" {
			own = filepath.Join(d.dir, "secondary-own")
		}
		d.write(config, strings.Replace(string(body), "storage: {blobs: "+quote(filepath.Join(d.dir, site+"-blobs"))+"}",
			"storage: {blobs: "+quote(shared)+", types: {cool_widget: "+quote(own)+"}}", 1))
	}
	if out := d.mustGeo(d.secondary, "config"); !strings.Contains(out, "storage.types.cool_widget") || !strings.Contains(out, "secondary-own") {
		t.Fatalf("config does not show the type's storage:\n%s", out)
	}
	if out := d.mustGeo(d.secondary, "config", "keys"); !strings.Contains(out, "storage.types.TYPE") || !strings.Contains(out, "GEO_STORAGE_TYPES_TYPE") {
		t.Fatalf("config keys does not list storage.types:\n%s", out)
	}
	if _, out := d.geo(d.secondary, "doctor"); !strings.Contains(out, "secondary-own is writable (cool_widget) ... yes") {
		t.Fatalf("doctor does not check the type's storage:\n%s", out)
	}
	code, out := d.geo(d.secondary, "config", "--set", "storage.types.cool_widgets=/x")
	if code != 2 || !strings.Contains(out, `storage.types.cool_widgets: the project has no type "cool_widgets" (its types: cool_widget)`) {
		t.Fatalf("a storage.types entry naming no type: exit %d\n%s", code, out)
	}

	ctx, stop := context.WithCancel(context.Background())
	defer func() {
		stop()
		d.running.Wait()
	}()
	d.mustGeo(d.primary, "migrate")
	d.mustGeo(d.secondary, "migrate")
	d.mustGeo(d.primary, "flags", "enable", "geo_cool_widget_replication")
	d.start(ctx, "primary", d.primary)
	d.start(ctx, "secondary", d.secondary)
	app, _ := d.application(ctx)
	createWidgets(t, ctx, app, 4)
	d.mustGeo(d.secondary, "wait", "--timeout", "2m", "--interval", "100ms")
	if n := countFiles(t, filepath.Join(d.dir, "secondary-own")); n != 4 {
		t.Errorf("%d blobs in the type's own directory on the secondary, want 4", n)
	}
	for _, shared := range []string{"primary-shared", "secondary-shared"} {
		if n := countFiles(t, filepath.Join(d.dir, shared)); n != 0 {
			t.Errorf("%d files in %s, the storage.blobs the type does not use", n, shared)
		}
	}
}

func quote(s string) string { return `"` + s + `"` }
