package adminapi_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/geogen/geogen/generator/naming"
	"github.com/geogen/geogen/generator/telemetry"
	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/metrics"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// TestDocumentedNamesAreServed holds the generator's list of status fields
// and gauges (generator/telemetry, which the generated docs are written
// from) against the runtime's: metrics.FieldNames and GaugeNames, the keys
// of the status document a secondary serves, and the gauges /metrics
// serves on a primary and a secondary together (each site reports its own
// half).
func TestDocumentedNamesAreServed(t *testing.T) {
	e := newEnv(t, sqldb.SQLite)
	var damage *metrics.Damage
	secondary := newSite(t, e, false, func(c *adminapi.Config) {
		damage = metrics.NewDamage(c.Types)
		c.Collectors = []prometheus.Collector{damage}
	})
	primary := newSite(t, e, true, nil)
	for _, st := range []state.Replication{state.Synced, state.Failed} {
		geotest.InsertRegistry(t, e, registry.Record{State: st})
	}
	secondary.refresh(t)
	primary.refresh(t)
	status := secondary.status(t)
	scrape := secondary.scrape(t)
	served := geoGauges(t, scrape, secondURL)
	counters := geoCounters(t, scrape, secondURL)
	for name, v := range geoGauges(t, primary.scrape(t), primaryURL) {
		served[name] = v
	}

	for _, d := range secondary.types {
		t.Run(d.Name, func(t *testing.T) {
			n, err := naming.Derive(strings.TrimSuffix(d.GraphQLType, "Registry"), naming.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if n.StatusPrefix != d.Plural {
				t.Fatalf("the generator names %s's status fields %s_*, the runtime %s_*", d.Name, n.StatusPrefix, d.Plural)
			}
			doc := telemetry.For(n)
			var docFields, docGauges []string
			for _, f := range doc.Fields {
				docFields = append(docFields, f.Name)
			}
			for _, g := range doc.Gauges {
				docGauges = append(docGauges, g.Name)
			}

			runtimeFields := append(metrics.FieldNames(d), d.StatusField("oldest_unsynced_time"))
			if diff := cmp.Diff(docFields, runtimeFields); diff != "" {
				t.Errorf("documented status fields vs metrics.FieldNames + oldest_unsynced_time (-docs +runtime):\n%s", diff)
			}
			if diff := cmp.Diff(docGauges, metrics.GaugeNames(d)); diff != "" {
				t.Errorf("documented gauges vs metrics.GaugeNames (-docs +runtime):\n%s", diff)
			}
			var statusKeys []string
			for k := range status {
				if strings.HasPrefix(k, d.Plural+"_") {
					statusKeys = append(statusKeys, k)
				}
			}
			if diff := cmp.Diff(sorted(docFields), sorted(statusKeys)); diff != "" {
				t.Errorf("documented status fields vs the status document's keys (-docs +served):\n%s", diff)
			}
			var gaugeNames []string
			for name := range served {
				if name == d.MetricName("") || strings.HasPrefix(name, d.MetricName("")+"_") {
					gaugeNames = append(gaugeNames, name)
				}
			}
			if diff := cmp.Diff(sorted(docGauges), sorted(gaugeNames)); diff != "" {
				t.Errorf("documented gauges vs /metrics of a primary and a secondary (-docs +served):\n%s", diff)
			}

			// The counters: names as the runtime names them, and every
			// documented series served by a secondary, from 0.
			docCounters := map[string]map[string]float64{}
			var docCounterNames []string
			for _, c := range doc.Counters {
				docCounterNames = append(docCounterNames, c.Name)
				docCounters[c.Name] = map[string]float64{}
				for _, v := range c.Values {
					docCounters[c.Name][c.Label+"="+v] = 0
				}
			}
			if diff := cmp.Diff(docCounterNames, metrics.CounterNames(d)); diff != "" {
				t.Errorf("documented counters vs metrics.CounterNames (-docs +runtime):\n%s", diff)
			}
			servedCounters := map[string]map[string]float64{}
			for name, series := range counters {
				if strings.HasPrefix(name, d.MetricName("")+"_") {
					servedCounters[name] = series
				}
			}
			if diff := cmp.Diff(docCounters, servedCounters); diff != "" {
				t.Errorf("documented counters vs /metrics of a secondary (-docs +served):\n%s", diff)
			}
		})
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
