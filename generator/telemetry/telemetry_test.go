package telemetry

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/geogen/geogen/generator/naming"
)

func TestFor(t *testing.T) {
	n, err := naming.Derive("CoolWidget", naming.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := For(n)
	var fields, gauges []string
	for _, f := range s.Fields {
		fields = append(fields, f.Name)
	}
	for _, g := range s.Gauges {
		gauges = append(gauges, g.Name)
	}
	wantFields := []string{
		"cool_widgets_count", "cool_widgets_checksum_total_count", "cool_widgets_checksummed_count",
		"cool_widgets_checksum_failed_count", "cool_widgets_synced_count", "cool_widgets_failed_count",
		"cool_widgets_registry_count", "cool_widgets_verification_total_count", "cool_widgets_verified_count",
		"cool_widgets_verification_failed_count", "cool_widgets_checksum_mismatch_count", "cool_widgets_synced_in_percentage",
		"cool_widgets_verified_in_percentage", "cool_widgets_oldest_unsynced_time",
	}
	wantGauges := []string{
		"geo_cool_widgets", "geo_cool_widgets_checksum_total", "geo_cool_widgets_checksummed",
		"geo_cool_widgets_checksum_failed", "geo_cool_widgets_synced", "geo_cool_widgets_failed",
		"geo_cool_widgets_registry", "geo_cool_widgets_verification_total", "geo_cool_widgets_verified",
		"geo_cool_widgets_verification_failed", "geo_cool_widgets_checksum_mismatch",
	}
	if diff := cmp.Diff(wantFields, fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantGauges, gauges); diff != "" {
		t.Errorf("gauges (-want +got):\n%s", diff)
	}
	var counters []string
	for _, c := range s.Counters {
		counters = append(counters, c.Name+" "+c.Label+"="+strings.Join(c.Values, "|"))
	}
	if diff := cmp.Diff([]string{"geo_cool_widgets_checksum_mismatches_total check=checksum|integrity|size|missing"}, counters); diff != "" {
		t.Errorf("counters (-want +got):\n%s", diff)
	}
}
