package metricnames

import (
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/replicable"
)

// TestCheckNamesFindsSharedGauges gives two types whose plurals differ
// only by a gauge suffix: every gauge and status field they share is
// reported, in one call.
func TestCheckNamesFindsSharedGauges(t *testing.T) {
	a, b := testtypes.CoolWidget(), testtypes.Gizmo()
	b.Name, b.Plural = "cool_widget_sync", "cool_widgets_synced" // geo_cool_widgets_synced is a's gauge
	c := testtypes.Gizmo()
	c.Name, c.Plural = "cool_widget_count", "cool_widgets_count" // close, but shares nothing
	problems := CheckNames([]*replicable.Descriptor{a, b, c})
	var msgs []string
	for _, p := range problems {
		msgs = append(msgs, p.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{
		`"cool_widget" and "cool_widget_sync" both use "geo_cool_widgets_synced" (Plural of cool_widget_sync): is a Prometheus gauge of both`,
		`"cool_widget" and "cool_widget_sync" both use "cool_widgets_synced_count" (Plural of cool_widget_sync): is a status field of both`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %s in:\n%s", want, all)
		}
	}
	if len(problems) != 2 {
		t.Errorf("%d problems, want 2:\n%s", len(problems), all)
	}
	if ps := CheckNames([]*replicable.Descriptor{testtypes.CoolWidget(), testtypes.Gizmo()}); len(ps) != 0 {
		t.Errorf("distinct types: %v", ps)
	}
}
