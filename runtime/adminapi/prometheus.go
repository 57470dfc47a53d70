package adminapi

import (
	"fmt"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/geogen/geogen/runtime/metrics"
)

// buildMetrics registers the Geo gauges, the site's own counters
// (Config.Collectors) and the Go and process collectors
// on a registry of the server's own, so two servers in one process (tests,
// a demo running both sites) never collide in the global registry.
func (s *Server) buildMetrics() error {
	s.collector = metrics.NewCollector(s.types)
	s.registry = prometheus.NewRegistry()
	for _, c := range []prometheus.Collector{
		s.collector,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	} {
		if err := s.registry.Register(c); err != nil {
			return fmt.Errorf("admin API: register metrics: %w", err)
		}
	}
	// The site's own counters carry the gauges' url label, so a query can
	// join them.
	labelled := prometheus.WrapRegistererWith(prometheus.Labels{metrics.SiteLabel: s.site.URL}, s.registry)
	for _, c := range s.siteCollectors {
		if err := labelled.Register(c); err != nil {
			return fmt.Errorf("admin API: register the site's metrics: %w", err)
		}
	}
	return nil
}

// metricsHandler serves the registry in Prometheus' text or protobuf
// format. The gauges come from the last snapshot: a scrape counts nothing.
func (s *Server) metricsHandler() http.Handler {
	prom := promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{Registry: s.registry})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.public {
			if _, auth := s.authenticate(r); auth != authAdmin {
				refuse(w, auth, writeText)
				return
			}
		}
		prom.ServeHTTP(w, r)
	})
}

func writeText(w http.ResponseWriter, status int, message string) {
	http.Error(w, message, status)
}
