package metrics

import (
	"fmt"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/geogen/geogen/runtime/metrics/metricnames"
	"github.com/geogen/geogen/runtime/replicable"
)

// DamageCheck names the check with which a secondary found its own copy
// of a record no longer matching the primary's: the value of the
// counter's CheckLabel.
type DamageCheck string

// The checks, the frequent cheap ones last.
const (
	// CheckChecksum: the verification's checksum of the copy differs from
	// the primary's (a checksum mismatch).
	CheckChecksum DamageCheck = "checksum"
	// CheckIntegrity: the verification found the mirror corrupt (git's
	// object connectivity and integrity check failed).
	CheckIntegrity DamageCheck = "integrity"
	// CheckSize: the existence check found a blob of another size than
	// the one its sync stored (truncated, padded or overwritten).
	CheckSize DamageCheck = "size"
	// CheckMissing: the copy is gone (existence check or verification).
	CheckMissing DamageCheck = "missing"
)

// DamageChecks lists the checks, in the order of the counter's series.
var DamageChecks = []DamageCheck{CheckChecksum, CheckIntegrity, CheckSize, CheckMissing}

// CheckLabel is the label of the damage counter naming the check.
const CheckLabel = "check"

// CounterNames returns d's counters: geo_cool_widgets_checksum_mismatches_total.
func CounterNames(d *replicable.Descriptor) []string { return metricnames.CounterNames(d) }

// Damage counts, per type and check, how often a secondary found its
// own copy damaged (and so recorded a failed verification, and synced it
// again): a Prometheus counter per type, labelled by check. Every series
// starts at 0, so a rate over them is defined from the first scrape. A
// nil *Damage counts nothing.
type Damage struct {
	descs map[string]*prometheus.Desc // by replicable name
	types []*replicable.Descriptor

	mu     sync.Mutex
	counts map[damageKey]uint64
}

type damageKey struct {
	name  string
	check DamageCheck
}

// NewDamage returns the counters of the given types, at 0.
func NewDamage(types []*replicable.Descriptor) *Damage {
	d := &Damage{descs: map[string]*prometheus.Desc{}, types: types, counts: map[damageKey]uint64{}}
	for _, t := range types {
		d.descs[t.Name] = prometheus.NewDesc(t.MetricName(metricnames.ChecksumMismatchesSuffix),
			fmt.Sprintf(damageHelp, t.TitlePlural), []string{CheckLabel}, nil)
	}
	return d
}

// damageHelp is the counter's help; "%s" stands for the plural title.
const damageHelp = "Number of times the secondary found its copy of one of its %s damaged, by the check that found it " +
	"(checksum: differs from the primary's; integrity: git reports the mirror corrupt; size: differs from the size synced; missing: gone)"

// Detected counts one damaged copy of a record of type t, found by check.
func (d *Damage) Detected(t *replicable.Descriptor, check DamageCheck) {
	if d == nil || t == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.counts[damageKey{t.Name, check}]++
}

// Count returns how many damaged copies of type name check found.
func (d *Damage) Count(name string, check DamageCheck) uint64 {
	if d == nil {
		return 0
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.counts[damageKey{name, check}]
}

// Describe sends every counter's description.
func (d *Damage) Describe(ch chan<- *prometheus.Desc) {
	for _, t := range d.types {
		ch <- d.descs[t.Name]
	}
}

// Collect sends every type's series, one per check.
func (d *Damage) Collect(ch chan<- prometheus.Metric) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, t := range d.types {
		for _, c := range DamageChecks {
			ch <- prometheus.MustNewConstMetric(d.descs[t.Name], prometheus.CounterValue, float64(d.counts[damageKey{t.Name, c}]), string(c))
		}
	}
}
