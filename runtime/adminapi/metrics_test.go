package adminapi_test

import (
	"bytes"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"

	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/metrics"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// scrape reads /metrics as the admin and decodes the text format.
func (s *site) scrape(t *testing.T) map[string]*dto.MetricFamily {
	t.Helper()
	code, header, body := do(t, http.MethodGet, s.url+adminapi.MetricsPath, adminToken, "", nil)
	if code != http.StatusOK {
		t.Fatalf("GET %s: status %d, body %s", adminapi.MetricsPath, code, body)
	}
	dec := expfmt.NewDecoder(bytes.NewReader(body), expfmt.ResponseFormat(header))
	out := map[string]*dto.MetricFamily{}
	for {
		var mf dto.MetricFamily
		err := dec.Decode(&mf)
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("decode %s: %v", adminapi.MetricsPath, err)
		}
		out[mf.GetName()] = &mf
	}
}

// geoGauges returns name → value of the geo_ gauges, checking each has
// exactly the site label.
func geoGauges(t *testing.T, fams map[string]*dto.MetricFamily, siteURL string) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for name, mf := range fams {
		if !strings.HasPrefix(name, "geo_") || mf.GetType() == dto.MetricType_COUNTER {
			continue // counters: see geoCounters
		}
		if mf.GetType() != dto.MetricType_GAUGE || len(mf.Metric) != 1 {
			t.Errorf("%s: type %v with %d series, want one gauge", name, mf.GetType(), len(mf.Metric))
			continue
		}
		m := mf.Metric[0]
		if len(m.Label) != 1 || m.Label[0].GetName() != metrics.SiteLabel || m.Label[0].GetValue() != siteURL {
			t.Errorf("%s: labels %v, want only %s=%q", name, m.Label, metrics.SiteLabel, siteURL)
		}
		out[name] = m.GetGauge().GetValue()
	}
	return out
}

// geoCounters returns the geo_ counters of a scrape, each as its series
// "label=value,…" (url left out once checked) with their values.
func geoCounters(t *testing.T, fams map[string]*dto.MetricFamily, siteURL string) map[string]map[string]float64 {
	t.Helper()
	out := map[string]map[string]float64{}
	for name, mf := range fams {
		if !strings.HasPrefix(name, "geo_") || mf.GetType() != dto.MetricType_COUNTER {
			continue
		}
		out[name] = map[string]float64{}
		for _, m := range mf.Metric {
			var labels []string
			for _, l := range m.Label {
				if l.GetName() == metrics.SiteLabel {
					if l.GetValue() != siteURL {
						t.Errorf("%s: %s=%q, want %q", name, metrics.SiteLabel, l.GetValue(), siteURL)
					}
					continue
				}
				labels = append(labels, l.GetName()+"="+l.GetValue())
			}
			out[name][strings.Join(labels, ",")] = m.GetCounter().GetValue()
		}
	}
	return out
}

func TestMetrics(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		e := newEnv(t, dialect)
		s := newSite(t, e, false, nil)
		if got := geoGauges(t, s.scrape(t), secondURL); len(got) != 0 {
			t.Errorf("gauges before the first snapshot: %v", got)
		}
		for _, st := range []state.Replication{state.Synced, state.Synced, state.Failed, state.Pending} {
			geotest.InsertRegistry(t, e, registry.Record{State: st})
		}
		s.refresh(t)
		fams := s.scrape(t)
		got := geoGauges(t, fams, secondURL)
		want := map[string]float64{
			"geo_cool_widgets": 4, "geo_cool_widgets_registry": 4, "geo_cool_widgets_synced": 2, "geo_cool_widgets_failed": 1,
			"geo_cool_widgets_verification_total": 2, "geo_cool_widgets_verified": 0, "geo_cool_widgets_verification_failed": 0,
			"geo_cool_widgets_checksum_mismatch": 0, "geo_gizmos": 0, "geo_gizmos_registry": 0, "geo_gizmos_synced": 0, "geo_gizmos_failed": 0,
			"geo_gizmos_verification_total": 0, "geo_gizmos_verified": 0, "geo_gizmos_verification_failed": 0,
			"geo_gizmos_checksum_mismatch": 0,
		}
		if !equalMaps(got, want) {
			t.Errorf("geo gauges:\n got %v\nwant %v", got, want)
		}
		for _, name := range []string{"go_goroutines", "go_memstats_alloc_bytes", "process_start_time_seconds"} {
			if _, ok := fams[name]; !ok && !(name == "process_start_time_seconds" && !processMetricsSupported()) {
				t.Errorf("%s is missing: the Go and process collectors are not registered", name)
			}
		}

		// A scrape serves the snapshot and counts nothing.
		geotest.InsertRegistry(t, e, registry.Record{State: state.Failed})
		if v := geoGauges(t, s.scrape(t), secondURL)["geo_cool_widgets_failed"]; v != 1 {
			t.Errorf("failed gauge %v before the next snapshot, want the snapshot's 1", v)
		}
		s.refresh(t)
		if v := geoGauges(t, s.scrape(t), secondURL)["geo_cool_widgets_failed"]; v != 2 {
			t.Errorf("failed gauge %v after the next snapshot, want 2", v)
		}
	})
}

func equalMaps(a, b map[string]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// processMetricsSupported: the process collector reads /proc, so it only
// reports on Linux.
func processMetricsSupported() bool { return runtime.GOOS == "linux" }
