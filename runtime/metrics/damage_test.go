package metrics_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/metrics"
	"github.com/geogen/geogen/runtime/replicable"
)

// The damage counters: one per type, a series per check from 0, each
// detection counted on its type and check only, exported with the label
// a registry wraps them in (the admin API adds the site's url).
func TestDamageCounters(t *testing.T) {
	cw, g := testtypes.CoolWidget(), testtypes.Gizmo()
	if diff := cmp.Diff([]string{"geo_cool_widgets_checksum_mismatches_total"}, metrics.CounterNames(cw)); diff != "" {
		t.Errorf("CounterNames (-want +got):\n%s", diff)
	}
	d := metrics.NewDamage([]*replicable.Descriptor{cw, g})
	detections := []struct {
		t     *replicable.Descriptor
		check metrics.DamageCheck
	}{
		{cw, metrics.CheckSize}, {cw, metrics.CheckSize}, {cw, metrics.CheckChecksum}, {g, metrics.CheckIntegrity}, {g, metrics.CheckMissing},
	}
	for _, det := range detections {
		d.Detected(det.t, det.check)
	}
	want := map[string]map[metrics.DamageCheck]uint64{
		cw.Name: {metrics.CheckSize: 2, metrics.CheckChecksum: 1},
		g.Name:  {metrics.CheckIntegrity: 1, metrics.CheckMissing: 1},
	}
	for name, checks := range want {
		for _, c := range metrics.DamageChecks {
			if got := d.Count(name, c); got != checks[c] {
				t.Errorf("Count(%s, %s) = %d, want %d", name, c, got, checks[c])
			}
		}
	}

	reg := prometheus.NewRegistry()
	if err := prometheus.WrapRegistererWith(prometheus.Labels{metrics.SiteLabel: "https://secondary.example/"}, reg).Register(d); err != nil {
		t.Fatal(err)
	}
	help := func(plural string) string {
		return "# HELP geo_" + strings.ToLower(strings.ReplaceAll(plural, " ", "_")) + "_checksum_mismatches_total Number of times the secondary found its copy of one of its " +
			plural + " damaged, by the check that found it (checksum: differs from the primary's; integrity: git reports the mirror corrupt; " +
			"size: differs from the size synced; missing: gone)\n"
	}
	expo := help("Cool Widgets") + `# TYPE geo_cool_widgets_checksum_mismatches_total counter
geo_cool_widgets_checksum_mismatches_total{check="checksum",url="https://secondary.example/"} 1
geo_cool_widgets_checksum_mismatches_total{check="integrity",url="https://secondary.example/"} 0
geo_cool_widgets_checksum_mismatches_total{check="missing",url="https://secondary.example/"} 0
geo_cool_widgets_checksum_mismatches_total{check="size",url="https://secondary.example/"} 2
` + help("Gizmos") + `# TYPE geo_gizmos_checksum_mismatches_total counter
geo_gizmos_checksum_mismatches_total{check="checksum",url="https://secondary.example/"} 0
geo_gizmos_checksum_mismatches_total{check="integrity",url="https://secondary.example/"} 1
geo_gizmos_checksum_mismatches_total{check="missing",url="https://secondary.example/"} 1
geo_gizmos_checksum_mismatches_total{check="size",url="https://secondary.example/"} 0
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(expo)); err != nil {
		t.Error(err)
	}

	var none *metrics.Damage
	none.Detected(cw, metrics.CheckSize) // a nil Damage counts nothing, without panicking
	if none.Count(cw.Name, metrics.CheckSize) != 0 {
		t.Error("a nil Damage counted")
	}
}
