package metrics

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/geogen/geogen/runtime/metrics/metricnames"
	"github.com/geogen/geogen/runtime/replicable"
)

// SiteLabel is the label naming the site a gauge describes. GitLab labels
// its Geo gauges with the site's URL, and the generated metrics docs list
// this label.
const SiteLabel = "url"

// Collector exports the gauges of the last status snapshots it was given,
// one snapshot per site: a primary can export its secondaries' statuses
// next to its own. A scrape reads memory only.
type Collector struct {
	types []*replicable.Descriptor
	descs map[string]*prometheus.Desc // by metric name

	mu    sync.RWMutex
	sites map[string][]Status
}

// NewCollector returns a Collector for the given types, with no snapshot.
func NewCollector(types []*replicable.Descriptor) *Collector {
	c := &Collector{types: types, descs: map[string]*prometheus.Desc{}, sites: map[string][]Status{}}
	for _, d := range types {
		for _, g := range metricnames.Gauges {
			name := d.MetricName(g.Suffix)
			c.descs[name] = prometheus.NewDesc(name, fmt.Sprintf(g.Help, d.TitlePlural), []string{SiteLabel}, nil)
		}
	}
	return c
}

// Update replaces site's snapshot.
func (c *Collector) Update(site string, statuses []Status) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sites[site] = append([]Status(nil), statuses...)
}

// Forget drops site's snapshot, for a site that was removed.
func (c *Collector) Forget(site string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.sites, site)
}

// Describe sends every gauge's description.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range c.types {
		for _, g := range metricnames.Gauges {
			ch <- c.descs[d.MetricName(g.Suffix)]
		}
	}
}

// Collect sends the reported figures of every site's snapshot; nil figures
// and types the Collector was not built for are left out.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	sites := make([]string, 0, len(c.sites))
	for s := range c.sites {
		sites = append(sites, s)
	}
	sort.Strings(sites)
	for _, site := range sites {
		for _, s := range c.sites[site] {
			if s.Descriptor == nil {
				continue
			}
			for _, g := range metricnames.Gauges {
				v := gaugeValues[g.Suffix](s)
				desc, ok := c.descs[s.Descriptor.MetricName(g.Suffix)]
				if v == nil || !ok {
					continue
				}
				ch <- prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, float64(*v), site)
			}
		}
	}
}

// Run takes a snapshot for site now and then every interval until ctx is
// done. A failed snapshot keeps the previous one and is passed to onError
// (which may be nil).
func (c *Collector) Run(ctx context.Context, site string, interval time.Duration,
	snapshot func(context.Context) ([]Status, error), onError func(error)) {
	refresh := func() {
		statuses, err := snapshot(ctx)
		if err != nil {
			if onError != nil && ctx.Err() == nil {
				onError(fmt.Errorf("metrics snapshot for %s: %w", site, err))
			}
			return
		}
		c.Update(site, statuses)
	}
	refresh()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			refresh()
		}
	}
}
