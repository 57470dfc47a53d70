package metrics

import (
	"testing"

	"github.com/geogen/geogen/runtime/metrics/metricnames"
)

// TestEveryGaugeHasAValue: every gauge metricnames declares is read from
// the status, and nothing else is.
func TestEveryGaugeHasAValue(t *testing.T) {
	declared := map[string]bool{}
	for _, g := range metricnames.Gauges {
		declared[g.Suffix] = true
		if gaugeValues[g.Suffix] == nil {
			t.Errorf("the gauge suffix %q has no value", g.Suffix)
		}
	}
	for suffix := range gaugeValues {
		if !declared[suffix] {
			t.Errorf("a value for the gauge suffix %q, which metricnames does not declare", suffix)
		}
	}
}
